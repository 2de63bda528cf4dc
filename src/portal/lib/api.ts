/**
 * The portal's one door to the API. The access token lives in memory only; the refresh token
 * is an httpOnly, SameSite=Strict cookie scoped to /api/auth that scripts cannot read
 * (users-permissions' cookie mode, asked for with `x-strapi-refresh-cookie: httpOnly`).
 * Errors come back as `ApiError` carrying the API's own French message.
 */

export interface ApiEnvelope<T> {
  data: T;
  meta?: Record<string, any>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: Record<string, any> = {}
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** One French message per invalid field, keyed by its path (`details.errors` of Strapi's envelope). */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const error of this.details?.errors ?? []) {
      const key = Array.isArray(error.path) ? error.path.join('.') : String(error.path ?? '');
      if (!out[key]) out[key] = error.message;
    }
    return out;
  }
}

const OFFLINE = 'Le serveur ne répond pas : vérifiez votre connexion puis réessayez.';
const COOKIE_MODE = { 'x-strapi-refresh-cookie': 'httpOnly' };

let accessToken: string | null = null;
let renewal: ReturnType<typeof setTimeout> | undefined;
let refreshing: Promise<boolean> | null = null;
const listeners = new Set<(signedIn: boolean) => void>();
/** Aborted at sign-out: the session's reads still under way stop (no 401s, no renewal after it). */
let sessionRequests = new AbortController();

/** The caller's signal (if any) joined to the session's: either one aborts the request. */
function requestSignal(own?: AbortSignal): AbortSignal {
  const session = sessionRequests.signal;
  if (!own) return session;
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([own, session]);
  // Browsers before 2024 (Safari < 17.4) have no AbortSignal.any.
  const both = new AbortController();
  for (const signal of [own, session]) {
    if (signal.aborted) both.abort();
    else signal.addEventListener('abort', () => both.abort(), { once: true });
  }
  return both.signal;
}

/** Called when the session starts or ends (sign-in, sign-out, a refresh refused). */
export function onSessionChange(listener: (signedIn: boolean) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** An access token's claims, unverified (the server verifies it): `{}` when unreadable. */
function claimsOf(token: string): { exp?: number; userId?: unknown } {
  try {
    return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) ?? {};
  } catch {
    return {};
  }
}

function expiresInMs(token: string): number {
  const { exp } = claimsOf(token);
  return typeof exp === 'number' ? exp * 1000 - Date.now() : 0;
}

/**
 * Whether this browser had a session (not a secret: the refresh cookie itself is unreadable).
 * Lets an anonymous visit skip a refresh that can only be refused.
 */
const HINT = 'intranet.session';
export function mayHaveSession(): boolean {
  try {
    return localStorage.getItem(HINT) === '1';
  } catch {
    return true;
  }
}

/**
 * The member's federation at the last session (its documentId, not a secret: the module
 * switches' path), so that the next load reads the switches beside the profile instead of
 * after it. Forgotten at sign-out; checked against the profile before use.
 */
const FEDERATION_HINT = 'intranet.federation';
export function rememberedFederation(): string | null {
  try {
    return localStorage.getItem(FEDERATION_HINT);
  } catch {
    return null;
  }
}
export function rememberFederation(documentId: string | null | undefined): void {
  try {
    if (documentId) localStorage.setItem(FEDERATION_HINT, documentId);
    else localStorage.removeItem(FEDERATION_HINT);
  } catch {
    // Private browsing without storage: the hint is only an optimisation.
  }
}

function setAccessToken(token: string | null) {
  const was = accessToken !== null;
  accessToken = token;
  if (token) tokenVersion++;
  try {
    if (token) localStorage.setItem(HINT, '1');
    else {
      localStorage.removeItem(HINT);
      localStorage.removeItem(FEDERATION_HINT);
      localStorage.removeItem(RENEWED);
    }
  } catch {
    // Private browsing without storage: the hint is only an optimisation.
  }
  clearTimeout(renewal);
  // Silent renewal a minute before the access token expires.
  if (token) renewal = setTimeout(() => void refreshSession(), Math.max(5_000, expiresInMs(token) - 60_000));
  if (was !== (token !== null)) listeners.forEach((listener) => listener(token !== null));
}

export function isSignedIn(): boolean {
  return accessToken !== null;
}

async function readEnvelope(response: Response): Promise<any> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function errorOf(response: Response, payload: any): ApiError {
  const error = payload?.error;
  if (error?.message) return new ApiError(response.status, error.message, error.details ?? {});
  if (response.status === 429) return new ApiError(429, 'Trop de tentatives : réessayez dans quelques minutes.');
  if (response.status === 404) return new ApiError(404, 'Cette page n’existe pas ou vous n’y avez pas accès.');
  return new ApiError(response.status, 'Une erreur est survenue : réessayez dans un instant.');
}

/**
 * The tabs of one browser share one refresh cookie, and a renewal rotates it: the old token is
 * refused from then on, and so are the access tokens of the rotated session. Two tabs renewing
 * at once (both reloaded, both timers due) would send the same cookie and one would be refused
 * and signed out. So a renewal runs under a lock all tabs share (Web Locks); the tab that
 * renewed marks it in `localStorage` (a time, not a secret) and tells the others its new access
 * token (BroadcastChannel, same origin only); a tab that waited for the lock and finds the mark
 * moved takes that token instead of rotating the cookie again.
 */
const REFRESH_LOCK = 'intranet.refresh';
const RENEWED = 'intranet.renewed';
/** How long a tab that finds another tab's renewal waits for its token before renewing itself. */
const TOKEN_WAIT_MS = 2_000;
const tokens = typeof BroadcastChannel === 'function' ? new BroadcastChannel('intranet-token') : null;
/** Counts the access tokens this tab has taken, its own or another tab's. */
let tokenVersion = 0;
const tokenWaiters = new Set<() => void>();

tokens?.addEventListener('message', (event: MessageEvent) => {
  const jwt = (event.data as { jwt?: unknown } | null)?.jwt;
  if (typeof jwt !== 'string') return;
  // Taken only by a tab in this session: holding a token of the same account, or renewing.
  // A signed-out tab stays signed out.
  if (refreshing !== null || (accessToken !== null && claimsOf(accessToken).userId !== undefined && claimsOf(accessToken).userId === claimsOf(jwt).userId)) {
    setAccessToken(jwt);
    tokenWaiters.forEach((wake) => wake());
  }
});

function renewalMark(): string | null {
  try {
    return localStorage.getItem(RENEWED);
  } catch {
    return null;
  }
}

/** Resolves once another tab's token has arrived (true), or after `ms` without one (false). */
function tokenFromAnotherTab(since: number, ms: number): Promise<boolean> {
  if (tokenVersion !== since) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (arrived: boolean) => {
      tokenWaiters.delete(wake);
      clearTimeout(timer);
      resolve(arrived);
    };
    const wake = () => done(true);
    const timer = setTimeout(() => done(false), ms);
    tokenWaiters.add(wake);
  });
}

async function renew(): Promise<boolean> {
  const seen = tokenVersion;
  const mark = renewalMark();
  const run = async (): Promise<boolean> => {
    // Another tab renewed while this one waited for the lock: take its token (here already, or
    // on its way) rather than rotate the cookie again and end that tab's access token.
    if (tokenVersion !== seen && accessToken !== null) return true;
    if (renewalMark() !== mark && (await tokenFromAnotherTab(seen, TOKEN_WAIT_MS)) && accessToken !== null) return true;
    const response = await fetch('/api/auth/refresh', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', ...COOKIE_MODE },
      body: '{}',
    });
    const payload = await readEnvelope(response);
    const jwt = response.ok && typeof payload?.jwt === 'string' ? payload.jwt : null;
    setAccessToken(jwt);
    if (jwt) {
      try {
        localStorage.setItem(RENEWED, `${Date.now()}-${Math.random()}`);
      } catch {
        // Private browsing without storage: the other tabs renew on their own.
      }
      tokens?.postMessage({ jwt });
    }
    return jwt !== null;
  };
  // Web Locks need a secure context (HTTPS or localhost); without them, one tab's renewal at a time.
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? locks.request(REFRESH_LOCK, run) : run();
}

/**
 * Renews the access token from the refresh cookie; one renewal at a time in this tab, and one at
 * a time across the browser's tabs. Resolves to whether a session lives. A refusal (401: no
 * cookie, or a session that ended) is the normal answer for a visitor without a session: it
 * signs out quietly (hints forgotten, so the next load does not ask again) and writes nothing to
 * the console; never rejects.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= renew()
    .catch(() => accessToken !== null)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

async function send(path: string, options: RequestOptions, retry: boolean): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const sentWith = tokenVersion;
  const markAtSend = renewalMark();
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  // A form with a file goes as multipart (the browser sets the boundary); anything else as JSON.
  const multipart = typeof FormData !== 'undefined' && options.body instanceof FormData;
  if (options.body !== undefined && !multipart) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api${withQuery(path, options.query)}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : multipart ? (options.body as FormData) : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: requestSignal(options.signal),
    });
  } catch (error) {
    if ((error as Error)?.name === 'AbortError') throw error;
    throw new ApiError(0, OFFLINE);
  }
  // Another tab's renewal ended this token while the request travelled: send it again with the
  // token that renewal hands over (here already, or on its way), without renewing — a renewal
  // here would end the other tab's token in turn.
  if (response.status === 401 && retry && (sentWith !== tokenVersion || (renewalMark() !== markAtSend && (await tokenFromAnotherTab(sentWith, TOKEN_WAIT_MS)))) && accessToken !== null) {
    return send(path, options, false);
  }
  if (response.status === 401 && retry && (await refreshSession())) return send(path, options, false);
  if (response.status === 401) setAccessToken(null);
  return response;
}

/** Calls `/api<path>` and returns the envelope; throws `ApiError` with the API's French message. */
export async function api<T = any>(path: string, options: RequestOptions = {}): Promise<ApiEnvelope<T>> {
  const response = await send(path, options, true);
  const payload = await readEnvelope(response);
  if (!response.ok) throw errorOf(response, payload);
  return payload as ApiEnvelope<T>;
}

/**
 * Downloads a file the API serves behind authentication (attachments, certificates, CSV):
 * fetched with the access token, then saved under the name the server gives.
 */
export async function download(path: string, fallbackName: string, options: RequestOptions = {}): Promise<void> {
  // `options`: a POST for exports that are recorded (an audited export is a write).
  const response = await send(path, options, true);
  if (!response.ok) throw errorOf(response, await readEnvelope(response));
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1] ?? match[2]) : fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Fetches a protected resource as an object URL (an image or SVG chart shown in an <img>). */
export async function objectUrl(path: string): Promise<string> {
  const response = await send(path, {}, true);
  if (!response.ok) throw errorOf(response, await readEnvelope(response));
  return URL.createObjectURL(await response.blob());
}

/** Signs in with email and password; the refresh cookie is set by the server. */
export async function signIn(identifier: string, password: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch('/api/auth/local', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...COOKIE_MODE },
      body: JSON.stringify({ identifier, password }),
    });
  } catch {
    throw new ApiError(0, OFFLINE);
  }
  const payload = await readEnvelope(response);
  if (!response.ok) throw errorOf(response, payload);
  setAccessToken(payload.jwt);
}

/**
 * Forgets the session in this tab without asking the server: another tab signed out, and its
 * logout already revoked the session (this tab's token with it, so a logout of its own would
 * only be refused). Reads under way stop.
 */
export function forgetSession(): void {
  sessionRequests.abort();
  sessionRequests = new AbortController();
  setAccessToken(null);
}

/** Signs out: the server revokes this session and clears the cookie; the token is forgotten here. */
export async function signOut(): Promise<void> {
  sessionRequests.abort();
  sessionRequests = new AbortController();
  try {
    if (accessToken) {
      await fetch('/api/auth/logout', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}`, ...COOKIE_MODE },
        body: '{}',
      });
    }
  } finally {
    setAccessToken(null);
  }
}

/** Reads a public route (no session, no token: a public event, a certificate's check); the API's own French message on a refusal. */
export async function publicGet<T = any>(path: string): Promise<ApiEnvelope<T>> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, { headers: { accept: 'application/json' } });
  } catch {
    throw new ApiError(0, OFFLINE);
  }
  const payload = await readEnvelope(response);
  if (!response.ok) throw errorOf(response, payload);
  return payload as ApiEnvelope<T>;
}

/** Calls an auth route that needs no session (forgotten password, reset, activation). */
export async function publicPost<T = any>(path: string, body: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, OFFLINE);
  }
  const payload = await readEnvelope(response);
  if (!response.ok) throw errorOf(response, payload);
  return payload as T;
}
