import { contentApiRoutes } from '@intranet-militant/shared';
import { readers } from '../../../content/manifests';

export default contentApiRoutes([
  { method: 'GET', path: '/news', handler: 'api::article.article.find', rule: readers, module: 'news' },
  { method: 'GET', path: '/news/:id', handler: 'api::article.article.findOne', rule: readers, module: 'news' },
  { method: 'GET', path: '/news/:id/attachments/:fileId', handler: 'api::article.article.attachment', rule: readers, module: 'news' },
]);
