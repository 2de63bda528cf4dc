import type { Core } from '@strapi/strapi';
import { ForbiddenError } from '@intranet-militant/shared';
import { BASE_FIELDS, schemaOf, staffViewOf, type ModelSchema } from './staff';

/**
 * Reads at every depth. The Content Manager checks a staff member's rights on the type they
 * open, not on the types a `populate`, `filters` or `sort` walks into: a due's member's login
 * account (`populate[member][populate][user]…`), or an oracle on it
 * (`filters[member][user][email][$startsWith]=…`). Every step of every path a query names is
 * checked here against what staff may read of the type it reaches (see `staffViewOf`).
 */

type Attribute = ModelSchema['attributes'][string];

/** 403 naming the refused path (`member.user`), or the type when it is refused whole. */
export const refused = (path: string[]) =>
  new ForbiddenError(`Accès refusé : « ${path.join('.')} » n’est pas accessible à l’équipe fédérale.`, { path: path.join('.') });
const REFUSED = refused;

/** Types reached from one attribute: a relation's target, files, a component, a dynamic zone's components. */
function targetsOf(attribute: Attribute): string[] {
  switch (attribute.type) {
    case 'relation':
      return attribute.target ? [attribute.target] : ['?'];
    case 'media':
      return ['plugin::upload.file'];
    case 'component':
      return [attribute.component!];
    case 'dynamiczone':
      return attribute.components ?? [];
    default:
      return [];
  }
}

export class ReadPaths {
  constructor(private readonly strapi: Core.Strapi) {}

  private attributesOf(uid: string): Record<string, Attribute> {
    return schemaOf(this.strapi, uid)?.attributes ?? {};
  }

  /** Throws 403 when staff may not read the type at all. */
  assertReadable(uid: string, path: string[] = [uid]) {
    if (!staffViewOf(this.strapi, uid)) throw REFUSED(path);
  }

  /**
   * One step: the attribute `name` of `uid`, reached by `path`. Returns the types it leads to
   * (empty for a plain field). Throws 403 for a hidden or unknown field, or a type out of reach.
   */
  step(uid: string, name: string, path: string[]): string[] {
    const here = [...path, name];
    const view = staffViewOf(this.strapi, uid);
    if (!view || view.hidden.has(name) || (view.only && !view.only.has(name))) throw REFUSED(here);
    const attribute = this.attributesOf(uid)[name];
    if (!attribute) {
      if (BASE_FIELDS.has(name)) return [];
      throw REFUSED(here);
    }
    const targets = targetsOf(attribute);
    for (const target of targets) if (!staffViewOf(this.strapi, target)) throw REFUSED(here);
    return targets;
  }

  /**
   * The relation field of a relation helper route (`/content-manager/relations/:model/:field`):
   * a relation to one of our types staff may read (not to admin users, files or accounts).
   */
  relationField(uid: string, field: string) {
    const [target] = this.step(uid, field, []);
    const attribute = this.attributesOf(uid)[field];
    // Private relations (authors, localizations) make the Content Manager fail with a 500.
    if (attribute?.type !== 'relation' || attribute.private || !target || !schemaOf(this.strapi, target)?.pluginOptions?.intranet) {
      throw REFUSED([field]);
    }
  }

  /** The relational attributes of a type (what `populate=*` reaches). */
  private relationalOf(uid: string): string[] {
    return Object.entries(this.attributesOf(uid))
      .filter(([, a]) => targetsOf(a).length > 0)
      .map(([name]) => name);
  }

  /** `a.b.c`: each segment is a step from the previous one's target. */
  dotted(uid: string, dotted: string, path: string[]) {
    let types = [uid];
    let here = path;
    for (const name of dotted.split('.').filter(Boolean)) {
      types = types.flatMap((t) => this.step(t, name, here));
      here = [...here, name];
    }
  }

  populate(uid: string, populate: unknown, path: string[]): void {
    if (populate == null || populate === false || populate === true || populate === 'true' || populate === 'false') return;
    if (typeof populate === 'string') {
      for (const item of populate.split(',').map((s) => s.trim())) {
        if (item === '*') for (const name of this.relationalOf(uid)) this.step(uid, name, path);
        else this.dotted(uid, item, path);
      }
      return;
    }
    if (Array.isArray(populate)) {
      for (const item of populate) this.populate(uid, item, path);
      return;
    }
    if (typeof populate !== 'object') throw REFUSED(path);
    for (const [name, value] of Object.entries(populate as Record<string, unknown>)) {
      if (name === '*') {
        this.populate(uid, '*', path);
        continue;
      }
      const targets = this.step(uid, name, path);
      for (const target of targets) this.nested(target, value, [...path, name]);
    }
  }

  /** The value under a populated attribute: `true`, `*`, or `{ populate, fields, filters, sort, on }`. */
  private nested(uid: string, value: unknown, path: string[]) {
    if (value === '*') return this.populate(uid, '*', path);
    if (value == null || typeof value !== 'object' || Array.isArray(value)) return;
    const { populate, fields, filters, sort, on } = value as Record<string, unknown>;
    this.populate(uid, populate, path);
    this.fields(uid, fields, path);
    this.filters(uid, filters, path);
    this.sort(uid, sort, path);
    if (on && typeof on === 'object') {
      for (const [component, inner] of Object.entries(on as Record<string, unknown>)) this.nested(component, inner, [...path, component]);
    }
  }

  fields(uid: string, fields: unknown, path: string[]) {
    if (fields == null) return;
    const list = Array.isArray(fields) ? fields : String(fields).split(',');
    for (const name of list.map((f) => String(f).trim()).filter((f) => f && f !== '*')) this.step(uid, name, path);
  }

  filters(uid: string, filters: unknown, path: string[]): void {
    if (filters == null || typeof filters !== 'object') return;
    if (Array.isArray(filters)) {
      for (const item of filters) this.filters(uid, item, path);
      return;
    }
    for (const [key, value] of Object.entries(filters as Record<string, unknown>)) {
      if (key === '$and' || key === '$or' || key === '$not') this.filters(uid, value, path);
      else if (key.startsWith('$')) continue; // an operator on the field above
      else for (const target of this.step(uid, key, path)) this.filters(target, value, [...path, key]);
    }
  }

  sort(uid: string, sort: unknown, path: string[]): void {
    if (sort == null) return;
    if (typeof sort === 'string') {
      for (const item of sort.split(',')) this.dotted(uid, item.split(':')[0].trim(), path);
      return;
    }
    if (Array.isArray(sort)) {
      for (const item of sort) this.sort(uid, item, path);
      return;
    }
    if (typeof sort !== 'object') return;
    for (const [key, value] of Object.entries(sort as Record<string, unknown>)) {
      for (const target of this.step(uid, key, path)) if (typeof value === 'object') this.sort(target, value, [...path, key]);
    }
  }

  /** Every path a Content Manager query names, from the type it reads. Throws 403 on the first refused step. */
  query(uid: string, query: Record<string, unknown> | undefined) {
    if (!query) return;
    const root: string[] = [];
    this.populate(uid, query.populate, root);
    this.fields(uid, query.fields, root);
    this.filters(uid, query.filters, root);
    this.sort(uid, query.sort, root);
  }
}
