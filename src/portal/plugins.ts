import type { PortalPlugin } from '@portal/registry';
import { documents, news } from './content';

/**
 * Every plugin's portal registration, found at build time: plugins/<id>/portal/index.ts
 * default-exports `definePortalPlugin({...})`. The app's own content (documents, news)
 * registers the same way.
 */
const found = import.meta.glob<PortalPlugin>('../../plugins/*/portal/index.ts', { eager: true, import: 'default' });

export const portalPlugins: PortalPlugin[] = [news, documents, ...Object.values(found)];
