import { contentApiRoutes } from '@intranet-militant/shared';
import { readers } from '../../../content/manifests';
import { attachmentInput, entryInput, listInput } from '../../../content/reading';

const handler = (action: string) => `api::document.document.${action}`;

export default contentApiRoutes([
  { method: 'GET', path: '/documents', handler: handler('find'), rule: readers, module: 'documents', input: listInput },
  { method: 'GET', path: '/documents/:id', handler: handler('findOne'), rule: readers, module: 'documents', input: entryInput },
  { method: 'GET', path: '/documents/:id/attachments/:fileId', handler: handler('attachment'), rule: readers, module: 'documents', input: attachmentInput },
]);
