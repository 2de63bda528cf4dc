import type { Core } from '@strapi/strapi';
import { ForbiddenError, ValidationError } from '@intranet-militant/shared';
import { BASE_FIELDS, schemaOf, staffViewOf, viewReads, type ModelSchema, type StaffView } from './staff';

/**
 * Reads at every depth. The Content Manager checks a staff member's rights on the type they
 * open, not on the types a `populate`, `filters` or `sort` walks into: a due's member's login
 * account (`populate[member][populate][user]…`), or an oracle on it
 * (`filters[member][user][email][$startsWith]=…`). Every step of every path a query names is
 * checked here against what staff may read of the type it reaches (see `staffViewOf`).
 *
 * The same walk checks the shapes the database would choke on (a 500 otherwise): operators
 * where the database expects them, with values of the right kind for the field (an integer
 * for an integer field, two bounds for `$between`, a list for `$and` / `$or`), a known sort
 * order, page numbers. Those answer 400 with a French message.
 */

type Attribute = ModelSchema['attributes'][string];

/** 403 naming the refused path (`member.user`), or the type when it is refused whole. */
export const refused = (path: string[]) =>
  new ForbiddenError(`Accès refusé : « ${path.join('.')} » n’est pas accessible à l’équipe fédérale.`, { path: path.join('.') });

/** 403 for a national admin naming an attribute nobody reads in the panel (`nationalViewOf`). */
export const refusedToEveryone = (path: string[]) =>
  new ForbiddenError(`Accès refusé : « ${path.join('.')} » n’est lisible par personne dans le panneau d’administration.`, { path: path.join('.') });

/** 400 naming the faulty parameter (`filters.birthYear.$eq`). */
export const malformed = (message: string, path: string[]) =>
  new ValidationError(`Requête invalide${path.length ? ` (« ${path.join('.')} »)` : ''} : ${message}`, { path: path.join('.') });

/** Operators the database applies to a field (Strapi's `where` operators but its internal JSON one). */
const FIELD_OPERATORS = new Set(['$not', '$in', '$notIn', '$eq', '$eqi', '$ne', '$nei', '$gt', '$gte', '$lt', '$lte', '$null', '$notNull', '$between', '$startsWith', '$endsWith', '$startsWithi', '$endsWithi', '$contains', '$notContains', '$containsi', '$notContainsi']);
/** Operators that compare text (LIKE, LOWER): on a number or a date PostgreSQL fails. */
const TEXT_OPERATORS = new Set(['$eqi', '$nei', '$startsWith', '$endsWith', '$startsWithi', '$endsWithi', '$contains', '$notContains', '$containsi', '$notContainsi']);
const TEXT_TYPES = new Set(['string', 'text', 'richtext', 'email', 'uid', 'enumeration', 'password']);
const INTEGER_TYPES = new Set(['integer', 'biginteger']);
const NUMBER_TYPES = new Set(['float', 'decimal']);
/** Types no filter applies to. */
const UNFILTERABLE_TYPES = new Set(['json', 'blocks', 'dynamiczone', 'password']);

const isRecord = (value: unknown): value is Record<string, unknown> => value != null && typeof value === 'object' && !Array.isArray(value);
const isScalar = (value: unknown) => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** What a value compared with a field of `type` must look like, or null when it does. */
function wrongValue(type: string, value: unknown): string | null {
  if (value === null) return null;
  const text = String(value).trim();
  if (INTEGER_TYPES.has(type)) return /^-?\d{1,15}$/.test(text) ? null : 'un nombre entier est attendu.';
  if (NUMBER_TYPES.has(type)) return text !== '' && Number.isFinite(Number(text)) ? null : 'un nombre est attendu.';
  if (type === 'boolean') return ['true', 'false', '1', '0', 't', 'f'].includes(text.toLowerCase()) ? null : 'true ou false est attendu.';
  if (type === 'date') return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text)) ? null : 'une date AAAA-MM-JJ est attendue.';
  if (type === 'datetime' || type === 'timestamp') return /^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(Date.parse(text)) ? null : 'une date et une heure (AAAA-MM-JJTHH:MM) sont attendues.';
  if (type === 'time') return /^\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(text) ? null : 'une heure HH:MM est attendue.';
  return null;
}

/** The type of a field that is not a declared attribute (`id`, `documentId`, the panel's `status`). */
const baseTypeOf = (name: string) => (name === 'id' ? 'integer' : name === 'createdAt' || name === 'updatedAt' || name === 'publishedAt' ? 'datetime' : 'string');

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

/**
 * The walk, for one kind of reader: federation staff (`staffViewOf`, the default) or national
 * admins (`nationalViewOf`: every type, all but the attributes nobody reads), each with its
 * 403 (`refused`, `refusedToEveryone`).
 */
export class ReadPaths {
  constructor(
    private readonly strapi: Core.Strapi,
    private readonly viewOf: (strapi: Core.Strapi, uid: string) => StaffView | null = staffViewOf,
    private readonly refuse: (path: string[]) => Error = refused
  ) {}

  private attributesOf(uid: string): Record<string, Attribute> {
    return schemaOf(this.strapi, uid)?.attributes ?? {};
  }

  /** Throws 403 when staff may not read the type at all. */
  assertReadable(uid: string, path: string[] = [uid]) {
    if (!this.viewOf(this.strapi, uid)) throw this.refuse(path);
  }

  /**
   * One step: the attribute `name` of `uid`, reached by `path`. Returns the types it leads to
   * (empty for a plain field). Throws 403 for a hidden or unknown field, or a type out of reach.
   */
  step(uid: string, name: string, path: string[]): string[] {
    const here = [...path, name];
    const view = this.viewOf(this.strapi, uid);
    if (!viewReads(view, name)) throw this.refuse(here);
    const attribute = this.attributesOf(uid)[name];
    if (!attribute) {
      if (BASE_FIELDS.has(name)) return [];
      throw this.refuse(here);
    }
    const targets = targetsOf(attribute);
    for (const target of targets) if (!this.viewOf(this.strapi, target)) throw this.refuse(here);
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
      throw this.refuse([field]);
    }
  }

  /** The relational attributes of a type (what `populate=*` reaches). */
  private relationalOf(uid: string): string[] {
    return Object.entries(this.attributesOf(uid))
      .filter(([, a]) => targetsOf(a).length > 0)
      .map(([name]) => name);
  }

  /** `a.b.c`: each segment is a step from the previous one's target. Returns the types the last one reaches (none for a plain field). */
  dotted(uid: string, dotted: string, path: string[]): string[] {
    let types = [uid];
    let here = path;
    for (const name of dotted.split('.').filter(Boolean)) {
      types = types.flatMap((t) => this.step(t, name, here));
      here = [...here, name];
    }
    return types;
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
    if (typeof populate !== 'object') throw this.refuse(path);
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

  /**
   * `filters` at the level of a type: field names (checked as steps), `$and` / `$or` (lists of
   * filters) and `$not`. Throws 403 for a refused field, 400 for a shape the database refuses.
   */
  filters(uid: string, filters: unknown, path: string[]): void {
    if (filters == null || filters === '') return;
    if (Array.isArray(filters)) {
      for (const [i, item] of filters.entries()) this.filters(uid, item, [...path, String(i)]);
      return;
    }
    if (!isRecord(filters)) throw malformed('des filtres par champ sont attendus.', path);
    for (const [key, value] of Object.entries(filters)) {
      const here = [...path, key];
      if (key === '$and' || key === '$or') {
        if (!Array.isArray(value) || !value.every(isRecord)) throw malformed(`${key} attend une liste de filtres.`, here);
        for (const [i, item] of value.entries()) this.filters(uid, item, [...here, String(i)]);
      } else if (key === '$not') {
        if (!isRecord(value)) throw malformed('$not attend des filtres par champ.', here);
        this.filters(uid, value, here);
      } else if (key.startsWith('$')) {
        throw malformed(FIELD_OPERATORS.has(key) ? `l’opérateur ${key} s’applique à un champ.` : `opérateur inconnu ${key}.`, here);
      } else {
        this.field(uid, key, value, path);
      }
    }
  }

  /** The filter on one field `name` of `uid`: a relation's nested filters, or a column's operators. */
  private field(uid: string, name: string, value: unknown, path: string[]) {
    const here = [...path, name];
    const targets = this.step(uid, name, path);
    const attribute = this.attributesOf(uid)[name];
    const type = attribute?.type ?? baseTypeOf(name);
    if (UNFILTERABLE_TYPES.has(type)) throw malformed('ce champ ne peut pas servir de filtre.', here);
    if (targets.length === 0) return this.operators(type, value, here);
    // A relation, a file or a component: nested filters on the target, or one operator on its id.
    if (!isRecord(value)) return this.operators('integer', value, here);
    const keys = Object.keys(value);
    const operators = keys.filter((key) => key.startsWith('$'));
    if (operators.length && operators.length !== keys.length) throw malformed('opérateurs et champs ne se mélangent pas sur une relation.', here);
    if (operators.length > 1) throw malformed('un seul opérateur sur une relation.', here);
    const [operator] = operators;
    if (operator && FIELD_OPERATORS.has(operator) && operator !== '$not') return this.operators('integer', value, here);
    for (const target of targets) this.filters(target, value, here);
  }

  /** Operators on a column of `type`: `{ $op: value }`, or a bare value (equality), or a list of values. */
  private operators(type: string, value: unknown, path: string[], operator = '$eq'): void {
    if (Array.isArray(value)) {
      if (operator === '$between' && value.length !== 2) throw malformed('$between attend deux bornes.', path);
      for (const item of value) {
        if (!isScalar(item)) throw malformed('une liste de valeurs simples est attendue.', path);
        this.value(type, item, path, operator);
      }
      return;
    }
    if (isRecord(value)) {
      // Reached at the field's level or under `$not` (a record under another operator is refused below).
      for (const [key, inner] of Object.entries(value)) {
        const here = [...path, key];
        if (!FIELD_OPERATORS.has(key)) throw malformed(key.startsWith('$') ? `opérateur inconnu ${key}.` : `« ${key} » n’est pas un opérateur.`, here);
        if (TEXT_OPERATORS.has(key) && !TEXT_TYPES.has(type)) throw malformed(`${key} ne s’applique qu’à un texte.`, here);
        if (key !== '$not' && isRecord(inner)) throw malformed('opérateurs imbriqués refusés.', here);
        if (key === '$between' && !Array.isArray(inner)) throw malformed('$between attend deux bornes.', here);
        this.operators(type, inner, here, key);
      }
      return;
    }
    if (!isScalar(value)) throw malformed('valeur invalide.', path);
    if (operator === '$between') throw malformed('$between attend deux bornes.', path);
    this.value(type, value, path, operator);
  }

  /** One value an operator compares a column of `type` with. */
  private value(type: string, value: unknown, path: string[], operator: string) {
    if (operator === '$null' || operator === '$notNull' || TEXT_OPERATORS.has(operator)) return;
    const wrong = wrongValue(type, value);
    if (wrong) throw malformed(wrong, path);
  }

  sort(uid: string, sort: unknown, path: string[]): void {
    if (sort == null) return;
    if (typeof sort === 'string') {
      for (const item of sort.split(',')) {
        const [field, order, ...rest] = item.split(':').map((s) => s.trim());
        if (!field) throw malformed('un champ à trier est attendu.', [...path, 'sort']);
        if (rest.length || (order !== undefined && !/^(asc|desc)$/i.test(order))) throw malformed('ordre de tri inconnu (asc ou desc).', [...path, 'sort']);
        if (this.dotted(uid, field, path).length) throw malformed('le tri porte sur un champ (« relation.champ »), pas sur une relation.', [...path, 'sort']);
      }
      return;
    }
    if (Array.isArray(sort)) {
      for (const item of sort) this.sort(uid, item, path);
      return;
    }
    if (!isRecord(sort)) throw malformed('tri invalide.', [...path, 'sort']);
    for (const [key, value] of Object.entries(sort)) {
      const targets = this.step(uid, key, path);
      if (isRecord(value)) for (const target of targets) this.sort(target, value, [...path, key]);
      else if (typeof value !== 'string' || !/^(asc|desc)$/i.test(value)) throw malformed('ordre de tri inconnu (asc ou desc).', [...path, key]);
    }
  }

  /** Page numbers and sizes: positive integers. */
  pagination(query: Record<string, unknown>) {
    for (const [key, min] of [['page', 1], ['pageSize', 1], ['start', 0], ['limit', 1]] as const) {
      const value = query[key];
      if (value === undefined) continue;
      if (typeof value !== 'string' && typeof value !== 'number') throw malformed('un nombre entier est attendu.', [key]);
      if (!/^\d{1,9}$/.test(String(value).trim()) || Number(value) < min) throw malformed(`un nombre entier à partir de ${min} est attendu.`, [key]);
    }
    if (query._q !== undefined && typeof query._q !== 'string') throw malformed('le texte recherché doit être un texte.', ['_q']);
  }

  /**
   * The list search (`_q`) as filters over what staff may read: Strapi's search matches every
   * searchable text column (an erased member's `payer`…) and, for a number, every number
   * column. Here: readable text fields containing the words, or readable number fields and
   * the id equal to the number.
   */
  searchFilters(uid: string, q: string): { $or: Record<string, unknown>[] } {
    const view = this.viewOf(this.strapi, uid);
    const numeric = /^-?\d+(\.\d+)?$/.test(q.trim());
    const or: Record<string, unknown>[] = numeric && /^\d{1,15}$/.test(q.trim()) ? [{ id: { $eq: q.trim() } }] : [];
    for (const [name, attribute] of Object.entries(this.attributesOf(uid))) {
      if (attribute.searchable === false || !viewReads(view, name)) continue;
      if (TEXT_TYPES.has(attribute.type) && attribute.type !== 'password') or.push({ [name]: { $containsi: q } });
      else if (numeric && (INTEGER_TYPES.has(attribute.type) ? /^-?\d+$/.test(q.trim()) : NUMBER_TYPES.has(attribute.type))) or.push({ [name]: { $eq: q.trim() } });
    }
    // Nothing to search in: nothing matches.
    return { $or: or.length ? or : [{ id: { $null: true } }] };
  }

  /** Every path a Content Manager query names, from the type it reads. Throws 403 on the first refused step. */
  query(uid: string, query: Record<string, unknown> | undefined) {
    if (!query) return;
    const root: string[] = [];
    this.pagination(query);
    this.populate(uid, query.populate, root);
    this.fields(uid, query.fields, root);
    this.filters(uid, query.filters, root);
    this.sort(uid, query.sort, root);
  }
}
