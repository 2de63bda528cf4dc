import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '@strapi/strapi';
import { declaredInput, type RouteInput } from '@intranet-militant/shared';
import { bootStrapi } from './support/strapi';

/**
 * The platform contracts, checked over the whole code base so that a new plugin cannot
 * forget them: every route declares its input; controllers read only parsed input and stay
 * thin; plugins call each other through typed services, never each other's tables.
 */

const root = path.resolve(__dirname, '..');
const OUR_PLUGINS = ['membership', 'modules', 'audit', 'consultations', 'search', 'training', 'notifications', 'bodies', 'mandates', 'skills', 'sanctions', 'events', 'investitures'];
const OUR_APIS = ['document', 'article', 'document-category'];

interface Route {
  method: string;
  path: string;
  handler: unknown;
  config?: { auth?: false; policies?: unknown[]; middlewares?: unknown[] };
}

function routesOf(holder: unknown): Route[] {
  if (!holder) return [];
  if (Array.isArray(holder)) return holder as Route[];
  const value = holder as { routes?: Route[] };
  if (Array.isArray(value.routes)) return value.routes;
  return Object.values(holder as Record<string, unknown>).flatMap(routesOf);
}

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const file = path.join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    return statSync(file).isDirectory() ? filesUnder(file, keep) : keep(file) ? [file] : [];
  });
}

const isTs = (file: string) => file.endsWith('.ts') && !file.endsWith('.d.ts');
const relative = (file: string) => path.relative(root, file);

const serverFiles = [
  ...OUR_PLUGINS.flatMap((id) => filesUnder(path.join(root, 'plugins', id, 'server', 'src'), isTs)),
  ...filesUnder(path.join(root, 'src'), (f) => isTs(f) && !f.includes(`${path.sep}admin${path.sep}`)),
];
const controllerFiles = [
  ...OUR_PLUGINS.flatMap((id) => filesUnder(path.join(root, 'plugins', id, 'server', 'src', 'controllers'), isTs)),
  ...filesUnder(path.join(root, 'src', 'api'), (f) => isTs(f) && f.includes(`${path.sep}controllers${path.sep}`)),
  path.join(root, 'src', 'content', 'reading.ts'),
];

describe('every route declares its input', () => {
  let strapi: Core.Strapi;
  beforeAll(async () => {
    strapi = await bootStrapi();
  });

  it('walks every route of ours: a validation step, params for path parameters, a body schema for writes', () => {
    const routes = [
      ...OUR_PLUGINS.flatMap((id) => routesOf(strapi.plugin(id)?.routes).map((r) => ({ owner: id, route: r }))),
      ...OUR_APIS.flatMap((id) => routesOf((strapi.apis as Record<string, { routes?: unknown }>)[id]?.routes).map((r) => ({ owner: id, route: r }))),
    ];
    expect(routes.length).toBeGreaterThan(80);
    const missing: string[] = [];
    for (const { owner, route } of routes) {
      const name = `${owner}: ${route.method} ${route.path}`;
      const input: RouteInput | null = declaredInput(route);
      if (!input) {
        missing.push(`${name} has no validation step`);
        continue;
      }
      const params = [...route.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]);
      if (params.length > 0) {
        const shape = (input.params as unknown as { shape?: Record<string, unknown> } | undefined)?.shape;
        if (!shape) missing.push(`${name} declares no params schema`);
        else for (const param of params) if (!(param in shape)) missing.push(`${name} does not parse :${param}`);
      }
      if (['POST', 'PUT', 'PATCH'].includes(route.method) && !input.body) missing.push(`${name} declares no body schema`);
    }
    expect(missing).toEqual([]);
  });

  it('refuses bad path parameters with a 400 in French before any controller runs', async () => {
    const { api } = await import('./support/strapi');
    const { createMember } = await import('./support/factories');
    const { token } = await createMember({ paidYears: [] });
    const res = await (await api()).get('/api/documents/%20bad%20id%20/attachments/x').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/invalide/);
  });
});

describe('controllers stay thin and read only parsed input', () => {
  it('no controller reads ctx.params, ctx.query or ctx.request.body', () => {
    const raw = controllerFiles.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (/\bctx\.(params|query|request\.(body|query))\b/.test(line) ? [`${relative(file)}:${i + 1}`] : []))
    );
    expect(raw).toEqual([]);
  });

  it('no controller action is longer than 15 lines', () => {
    const long: string[] = [];
    for (const file of controllerFiles) {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
      const visit = (node: ts.Node) => {
        const isAction =
          (ts.isMethodDeclaration(node) || ts.isPropertyAssignment(node)) && ts.isObjectLiteralExpression(node.parent);
        const body = ts.isMethodDeclaration(node)
          ? node.body
          : ts.isPropertyAssignment(node) && (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))
            ? node.initializer.body
            : undefined;
        if (isAction && body) {
          const lines =
            source.getLineAndCharacterOfPosition(body.getEnd()).line - source.getLineAndCharacterOfPosition(body.getStart()).line - 1;
          if (lines > 15) long.push(`${relative(file)}: ${node.name.getText()} (${lines} lines)`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(long).toEqual([]);
  });
});

describe('plugins talk through typed services', () => {
  it('every call to one of our plugins goes through getService', () => {
    const untyped = serverFiles.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (new RegExp(`\\.plugin\\(\\s*'(${OUR_PLUGINS.join('|')})'\\s*\\)\\s*\\.\\s*service\\(`).test(line) ? [`${relative(file)}:${i + 1}`] : []))
    );
    expect(untyped).toEqual([]);
  });

  it('no plugin names another plugin’s content types outside its own schemas (relations)', () => {
    const foreign: string[] = [];
    for (const id of OUR_PLUGINS) {
      for (const file of filesUnder(path.join(root, 'plugins', id, 'server', 'src'), isTs)) {
        if (file.includes(`${path.sep}content-types${path.sep}`)) continue;
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            for (const match of line.matchAll(/plugin::([a-z-]+)\./g)) {
              if (match[1] !== id && OUR_PLUGINS.includes(match[1])) foreign.push(`${relative(file)}:${i + 1} ${match[0]}`);
            }
          });
      }
    }
    expect(foreign).toEqual([]);
  });
});
