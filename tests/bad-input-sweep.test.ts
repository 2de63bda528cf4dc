import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { api, bootStrapi } from './support/strapi';
import { createWorld, type World } from './support/factories';
import { adminToken, superAdminRole } from './support/admin';

/**
 * Issue 10's sweep: every route of ours (content API and staff screens), called by the
 * broadest role with corrupt encodings, NUL bytes, absurd numbers and the inputs that make
 * frameworks answer in English — and never a 500, never English, always Strapi's envelope.
 * New routes are swept without being listed: the routes are read from the running server.
 */
const OUR_PLUGINS = ['membership', 'modules', 'audit', 'consultations', 'search', 'training', 'notifications', 'bodies', 'mandates', 'skills', 'sanctions', 'events', 'investitures'];
const OUR_APIS = ['document', 'article', 'document-category'];
/** Words of English error messages (Strapi's, koa's, zod's, yup's defaults). French messages have none of them. */
const ENGLISH = /\b(the|must|should|is required|not found|forbidden|unauthorized|bad request|invalid|cannot|expected|received|internal server error|method not allowed|too many|unexpected|failed|error)\b/i;

interface Route {
  method: string;
  path: string;
}
interface Target {
  type: 'content-api' | 'admin';
  method: string;
  url: string;
}

function routersOf(holder: unknown): { type?: string; routes: Route[] }[] {
  if (!holder || typeof holder !== 'object') return [];
  const value = holder as { type?: string; routes?: Route[] };
  if (Array.isArray(value.routes)) return [{ type: value.type, routes: value.routes }];
  return Object.values(holder as Record<string, unknown>).flatMap(routersOf);
}

function targets(strapi: Core.Strapi): Target[] {
  const out: Target[] = [];
  for (const id of OUR_PLUGINS) {
    for (const router of routersOf(strapi.plugin(id)?.routes)) {
      const type = router.type === 'admin' ? 'admin' : 'content-api';
      for (const r of router.routes) out.push({ type, method: r.method, url: type === 'admin' ? `/${id}${r.path}` : `/api/${id}${r.path}` });
    }
  }
  for (const id of OUR_APIS) {
    for (const router of routersOf((strapi.apis as Record<string, { routes?: unknown }>)[id]?.routes)) {
      for (const r of router.routes) out.push({ type: 'content-api', method: r.method, url: `/api${r.path}` });
    }
  }
  return out;
}

/** The route's path with every parameter replaced by `value` (already encoded for a URL). */
const withParams = (url: string, value: string) => url.replace(/:[A-Za-z]+(\([^)]*\))?/g, value);

const BAD_PARAMS = ['%00', '99999999999999999999999999', '-1', '1e309', 'x'.repeat(300), '%E0%A4%A', '..%2F..%2Fetc'];
const BAD_QUERIES = [
  'page=1e20&pageSize=-5',
  'page=0x10&pageSize=%00',
  'q=%00&text=%00',
  'populate[user][populate]=*&filters[$where]=1',
  'sort[0]=password:asc&fields[0]=resetPasswordToken',
  'page[]=1&page[]=2',
];
const BAD_BODIES: { label: string; send: (req: any) => any }[] = [
  { label: 'corrupt gzip', send: (req) => req.set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send(Buffer.from('pas du gzip')) },
  { label: 'gzip of text', send: (req) => req.set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send(gzipSync('texte')) },
  { label: 'unknown encoding', send: (req) => req.set('Content-Type', 'application/json').set('Content-Encoding', 'br2').send('{}') },
  { label: 'NUL in values', send: (req) => req.send({ title: 'a\u0000b', body: '\u0000', name: 'x\u0000', status: 'active\u0000' }) },
  { label: 'absurd numbers', send: (req) => req.set('Content-Type', 'application/json').send('{"answer":1e400,"year":-1e309,"amountCents":99999999999999999999999,"page":"0x1"}') },
  { label: 'not an object', send: (req) => req.set('Content-Type', 'application/json').send('[1,2,3]') },
  { label: 'text body', send: (req) => req.set('Content-Type', 'text/plain').send('{"identifier":"x","password":"secret-du-membre"}') },
  { label: 'prototype keys', send: (req) => req.set('Content-Type', 'application/json').send('{"__proto__":{"admin":true},"constructor":{"prototype":{}}}') },
];

let w: World;
let admin: string;

beforeAll(async () => {
  w = await createWorld();
  admin = await adminToken(`balayage.${w.federation.departmentCode.toLowerCase()}@admin.test`, [await superAdminRole()]);
});

describe('the bad-input sweep (issue 10)', () => {
  it('finds no 500, no English and no answer outside the envelope on any route of ours', async () => {
    const strapi = await bootStrapi();
    const http = await api();
    const all = targets(strapi);
    console.log(`routes: ${all.length}`);
    expect(all.length).toBeGreaterThan(100);
    const failures: string[] = [];
    let attempts = 0;
    const statuses = new Map<number, number>();
    const check = async (target: Target, label: string, res: { status: number; body: any; text?: string }) => {
      attempts++;
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const where = `${target.method} ${target.url} (${label}) → ${res.status}`;
      if (res.status >= 500) failures.push(`${where}: ${res.text?.slice(0, 200)}`);
      if (res.status >= 400) {
        const error = res.body?.error;
        if (!error || res.body.data !== null || typeof error.message !== 'string') failures.push(`${where}: outside the envelope: ${res.text?.slice(0, 200)}`);
        else if (ENGLISH.test(error.message)) failures.push(`${where}: English: ${error.message}`);
        else if (JSON.stringify(error.details ?? {}).includes('secret-du-membre')) failures.push(`${where}: echoes the body`);
        for (const detail of (error?.details?.errors ?? []) as { message?: string }[]) {
          if (detail.message && ENGLISH.test(detail.message)) failures.push(`${where}: English detail: ${detail.message}`);
        }
      }
    };
    for (const target of all) {
      const token = target.type === 'admin' ? admin : w.national.token;
      const request = (url: string) => (http as any)[target.method.toLowerCase()](url).set('Authorization', `Bearer ${token}`);
      const hasParams = target.url.includes(':');
      for (const value of hasParams ? BAD_PARAMS : []) {
        const url = withParams(target.url, value);
        const req = request(url);
        await check(target, `param ${value.slice(0, 12)}`, await (target.method === 'GET' || target.method === 'DELETE' ? req : req.send({})));
      }
      const url = withParams(target.url, 'zzzzzzzzzzzzzzzzzzzzzzzz');
      if (target.method === 'GET') {
        for (const query of BAD_QUERIES) await check(target, `query ${query.slice(0, 20)}`, await request(`${url}?${query}`));
      } else {
        for (const body of BAD_BODIES) await check(target, body.label, await body.send(request(url)));
      }
    }
    console.log(`bad-input sweep: ${all.length} routes, ${attempts} requests (${[...statuses].sort().map(([s, n]) => `${n} × ${s}`).join(', ')}), ${failures.length} failures`);
    // The sweep reached the rules, not only the doors: some refusals are the routes' own.
    expect([...statuses.keys()].filter((s) => s === 400 || s === 404).length).toBe(2);
    expect(failures).toEqual([]);
  }, 600_000);
});
