import { expect } from 'vitest';
import type { Response } from 'supertest';
import { api } from './strapi';
import { bearer } from './expect';

type Method = 'get' | 'post' | 'put' | 'delete';

/**
 * Requests to the booted Strapi's routes under one prefix (`/api/bodies`), as a member or staff
 * member when a token is given (`Authorization: Bearer`), anonymous otherwise:
 * - `send(method, path, token?, body?)` — a JSON body when one is given;
 * - `get(path, token?)`, `del(path, token?)`, `post(path, token?, body = {})`,
 *   `put(path, token?, body = {})`.
 * A path beginning with `/api` is taken as it is (another plugin's route from the same test).
 * Each returns supertest's answer (awaitable).
 */
export function routes(prefix = '') {
  const send = async (method: Method, path: string, token?: string, body?: unknown) => {
    let req = (await api())[method](path.startsWith('/api') ? path : `${prefix}${path}`);
    if (token) req = req.set(bearer(token));
    return body === undefined ? req : req.send(body as object);
  };
  return {
    send,
    get: (path: string, token?: string) => send('get', path, token),
    del: (path: string, token?: string) => send('delete', path, token),
    post: (path: string, token?: string, body: unknown = {}) => send('post', path, token, body),
    put: (path: string, token?: string, body: unknown = {}) => send('put', path, token, body),
  };
}

type Answer = Pick<Response, 'status' | 'body'>;

/**
 * Asserts an answer's status (200 unless told; the body is the failure's message) and returns
 * its `data`. Given the request itself (a promise), waits for it and returns a promise.
 */
export function ok(res: Answer, status?: number): any;
export function ok(res: PromiseLike<Answer>, status?: number): Promise<any>;
export function ok(res: Answer | PromiseLike<Answer>, status = 200): any {
  const check = (answer: Answer) => {
    expect(answer.status, JSON.stringify(answer.body)).toBe(status);
    return answer.body?.data;
  };
  return 'then' in res && typeof res.then === 'function' ? Promise.resolve(res).then(check) : check(res as Answer);
}
