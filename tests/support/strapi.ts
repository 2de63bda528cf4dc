import { createRequire } from 'node:module';
import path from 'node:path';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { watchReads } from './read-monitor';

const root = path.resolve(__dirname, '..', '..');
// Strapi's ESM build cannot be imported here (lodash/fp directory import): use require.
const { createStrapi } = createRequire(__filename)('@strapi/strapi');

let booting: Promise<Core.Strapi> | null = null;

/** The run's one Strapi instance, loaded against the run's database and mounted. */
export function bootStrapi(): Promise<Core.Strapi> {
  booting ??= (async () => {
    const instance: Core.Strapi = await createStrapi({ appDir: root, distDir: path.join(root, 'dist') }).load();
    instance.server.mount();
    watchReads(instance);
    return instance;
  })();
  return booting;
}

export async function api() {
  const strapi = await bootStrapi();
  return request(strapi.server.httpServer);
}
