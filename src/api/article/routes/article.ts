import { contentApiRoutes } from '@intranet-militant/shared';
import { readers } from '../../../content/manifests';
import { attachmentInput, entryInput, listInput } from '../../../content/reading';

const handler = (action: string) => `api::article.article.${action}`;

export default contentApiRoutes([
  { method: 'GET', path: '/news', handler: handler('find'), rule: readers, module: 'news', input: listInput },
  { method: 'GET', path: '/news/:id', handler: handler('findOne'), rule: readers, module: 'news', input: entryInput },
  { method: 'GET', path: '/news/:id/attachments/:fileId', handler: handler('attachment'), rule: readers, module: 'news', input: attachmentInput },
]);
