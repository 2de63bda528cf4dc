import { contentApiRoutes } from '@intranet-militant/shared';
import { readers } from '../../../content/manifests';

export default contentApiRoutes([
  { method: 'GET', path: '/document-categories', handler: 'api::document-category.document-category.find', rule: readers, module: 'documents' },
]);
