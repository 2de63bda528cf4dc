import { createRequire } from 'node:module';
import path from 'node:path';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { startMailSink } from './mail';
import { watchReads } from './read-monitor';
import { recordSecondConnections } from './second-connections';
// The instance runs every plugin: their public services, typed for `getService` (each
// plugin's server/src/public.ts), for the tests and for the plugin code they call.
import type {} from '@intranet-militant/audit';
import type {} from '@intranet-militant/bodies';
import type {} from '@intranet-militant/consultations';
import type {} from '@intranet-militant/events';
import type {} from '@intranet-militant/investitures';
import type {} from '@intranet-militant/mandates';
import type {} from '@intranet-militant/membership';
import type {} from '@intranet-militant/modules';
import type {} from '@intranet-militant/notifications';
import type {} from '@intranet-militant/sanctions';
import type {} from '@intranet-militant/search';
import type {} from '@intranet-militant/skills';
import type {} from '@intranet-militant/training';

const root = path.resolve(__dirname, '..', '..');
// Strapi's ESM build cannot be imported here (lodash/fp directory import): use require.
const { createStrapi } = createRequire(__filename)('@strapi/strapi');

let booting: Promise<Core.Strapi> | null = null;

/** The run's one Strapi instance, loaded against the run's database and mounted. */
export function bootStrapi(): Promise<Core.Strapi> {
  booting ??= (async () => {
    // Email leaves by SMTP to the run's in-process server (tests/support/mail.ts).
    process.env.SMTP_HOST = '127.0.0.1';
    process.env.SMTP_PORT = String(await startMailSink());
    process.env.SMTP_SECURE = 'false';
    process.env.MAIL_FROM ??= 'Intranet de test <intranet@test.intranet>';
    const instance: Core.Strapi = await createStrapi({ appDir: root, distDir: path.join(root, 'dist') }).load();
    instance.server.mount();
    watchReads(instance);
    // Second pooled connections taken inside a transaction (tests/support/second-connections.ts).
    if (process.env.DETECT_SECOND_CONNECTIONS === '1') recordSecondConnections(instance);
    return instance;
  })();
  return booting;
}

export async function api() {
  const strapi = await bootStrapi();
  return request(strapi.server.httpServer);
}

/**
 * GET a file the API serves (an attachment, a PDF): the body as a Buffer, or the parsed JSON
 * error envelope when the answer is JSON (so `expectError` reads refusals).
 */
export async function download(path: string, token?: string) {
  let req = (await api()).get(path).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => {
      const body = Buffer.concat(chunks);
      done(null, /json/.test(String(res.headers['content-type'])) ? JSON.parse(body.toString('utf8')) : body);
    });
  });
  if (token) req = req.set({ Authorization: `Bearer ${token}` });
  return req;
}
