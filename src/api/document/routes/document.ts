import { contentApiRoutes } from '@intranet-militant/shared';
import { readers } from '../../../content/manifests';

export default contentApiRoutes([
  { method: 'GET', path: '/documents', handler: 'api::document.document.find', rule: readers, module: 'documents' },
  { method: 'GET', path: '/documents/:id', handler: 'api::document.document.findOne', rule: readers, module: 'documents' },
  {
    method: 'GET',
    path: '/documents/:id/attachments/:fileId',
    handler: 'api::document.document.attachment',
    rule: readers,
    module: 'documents',
  },
]);
