import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { cacheTags, getService, requestCache, withConnection } from '@intranet-militant/shared';
import type {} from '@intranet-militant/bodies';
import type { CategoryDef } from '../domain/catalogue';
import { DEFAULT_RULE_SET } from '../domain/default-rules';
import type { Catalogue, Holding, RuleSet, Waiver } from '../domain/rules';
import { CATEGORY_UID, RULE_SET_UID } from '../uids';

/** A category row of the catalogue. */
export interface CategoryRow extends CategoryDef {
  id: number;
  documentId: string;
  position: number;
}

/** A mandate as the rules and pages read it: the holding plus what the pages show. */
export interface MandateFact extends Holding {
  kind: 'mandate';
  dbId: number;
  federationId: number | null;
  territoryName: string;
  theoreticalEndOn: string;
  actualEndOn: string | null;
  verification: 'declared' | 'verified';
  source: 'declared' | 'staff';
}

/** A mandate as `officialRows` reads it: the holding, its federation and what its label and overlap message need. */
export interface OfficialMandate extends Holding {
  kind: 'mandate';
  /** The effective end: the actual end, else the theoretical one (never open). */
  endOn: string;
  federationId: number | null;
  territoryName: string;
  theoreticalEndOn: string;
  actualEndOn: string | null;
}

const CHUNK = 5000;
const chunks = <T>(list: T[]) => Array.from({ length: Math.ceil(list.length / CHUNK) }, (_, i) => list.slice(i * CHUNK, (i + 1) * CHUNK));

/**
 * The plugin's own reads for the rules (raw, one pass, scope decided by the caller): the
 * catalogue, mandates as holdings, party functions (bodies' public service), waivers and
 * the rule set in force on a date.
 */
const store = ({ strapi }: { strapi: Core.Strapi }) => {
  const pg = () => strapi.db.dialect.client === 'postgres';
  const day = (column: string) => (pg() ? strapi.db.connection.raw(`to_char(${column}, 'YYYY-MM-DD')`) : column);
  // The catalogue and the rule-set versions change rarely: kept in the app's request caches
  // (plugins/shared/src/request-cache.ts), tagged `mandates-catalogue`. Any write to their
  // tables, by any instance or by hand, invalidates the tag on every instance: PostgreSQL
  // triggers NOTIFY it, SQLite's triggers bump the version counter each request reads
  // (src/platform/cache-invalidation.ts). This instance's own writes drop it at once too
  // (database lifecycles fire for the query engine and the Document Service).
  const cache = requestCache(strapi);
  const dropOwn = () => void cache.invalidate(cacheTags.mandatesCatalogue);
  strapi.db.lifecycles.subscribe({
    models: [CATEGORY_UID, RULE_SET_UID],
    afterCreate: dropOwn,
    afterUpdate: dropOwn,
    afterDelete: dropOwn,
    afterCreateMany: dropOwn,
    afterUpdateMany: dropOwn,
    afterDeleteMany: dropOwn,
  });
  const tagged = { tags: () => [cacheTags.mandatesCatalogue] };

  return {
    /** The catalogue, in its display order (cached until a category is written, on any instance). */
    async categories(): Promise<CategoryRow[]> {
      return cache.read('mandates:categories', () => strapi.db.query(CATEGORY_UID).findMany({ orderBy: [{ position: 'asc' }, { id: 'asc' }] }) as Promise<CategoryRow[]>, tagged);
    },

    /** The category with that code, or null. */
    async category(code: string): Promise<CategoryRow | null> {
      return (await this.categories()).find((c) => c.code === code) ?? null;
    },

    /** The catalogue as the rules read it. */
    async catalogue(): Promise<Catalogue> {
      const rows = await this.categories();
      return new Map(rows.map((c) => [c.code, { code: c.code, executive: Boolean(c.executive), collaborator: Boolean(c.collaborator), mandateOf: c.mandateOf || null }]));
    },

    /**
     * Mandates (every date) of some members, of a federation's officials, of the collaborators
     * some officials employ (`employerIds`), or of everyone: one raw read of the mandates with
     * their member, category and federation links.
     */
    async mandates(filter: { memberIds?: number[]; federationId?: number; employerIds?: number[] } = {}): Promise<MandateFact[]> {
      const read = (ids?: number[]) => {
        const q = strapi.db.connection
          .select({
            dbId: 'x.id', id: 'x.document_id', memberId: 'm.member_id', category: 'c.code', territory: 'x.territory_code', territoryName: 'x.territory_name',
            startOn: day('x.start_on'), theoreticalEndOn: day('x.theoretical_end_on'), actualEndOn: day('x.end_on'), federationId: 'f.federation_id',
            verification: 'x.verification', source: 'x.source', employerId: 'x.employer_ref',
          })
          .from('mandates_mandates as x')
          .join('mandates_mandates_member_lnk as m', 'm.mandate_id', 'x.id')
          .join('mandates_mandates_category_lnk as cl', 'cl.mandate_id', 'x.id')
          .join('mandates_categories as c', 'c.id', 'cl.category_id')
          .leftJoin('mandates_mandates_federation_lnk as f', 'f.mandate_id', 'x.id');
        if (ids) q.whereIn('m.member_id', ids);
        if (filter.federationId) q.where('f.federation_id', filter.federationId);
        if (filter.employerIds) q.whereIn('x.employer_ref', filter.employerIds);
        return q;
      };
      const rows = filter.memberIds ? (await Promise.all(chunks(filter.memberIds).map((c) => read(c)))).flat() : await read();
      return rows.map((r: any) => ({
        kind: 'mandate',
        dbId: Number(r.dbId),
        id: String(r.id),
        memberId: Number(r.memberId),
        category: String(r.category),
        territory: String(r.territory),
        territoryName: String(r.territoryName),
        startOn: String(r.startOn).slice(0, 10),
        theoreticalEndOn: String(r.theoreticalEndOn).slice(0, 10),
        actualEndOn: r.actualEndOn == null ? null : String(r.actualEndOn).slice(0, 10),
        endOn: String(r.actualEndOn ?? r.theoreticalEndOn).slice(0, 10),
        federationId: r.federationId == null ? null : Number(r.federationId),
        verification: r.verification,
        source: r.source,
        employerId: r.employerId == null ? null : Number(r.employerId),
      }));
    },

    /**
     * The lean read the rules need (national view, previews): each mandate as a holding with
     * its federation and effective end `coalesce(end_on, theoretical_end_on)`, from the
     * mandate rows alone (their copied member, federation and category), no names.
     */
    async holdings(filter: { memberIds?: number[]; federationId?: number; employerIds?: number[] } = {}): Promise<(Holding & { federationId: number | null })[]> {
      const knex = strapi.db.connection;
      const end = pg() ? knex.raw("to_char(coalesce(end_on, theoretical_end_on), 'YYYY-MM-DD')") : knex.raw('coalesce(end_on, theoretical_end_on)');
      const read = (ids?: number[]) => {
        const q = knex('mandates_mandates').select({ id: 'document_id', memberId: 'member_ref', category: 'category_code', territory: 'territory_code', startOn: day('start_on'), endOn: end, federationId: 'federation_ref', employerId: 'employer_ref' });
        if (ids) q.whereIn('member_ref', ids);
        if (filter.federationId) q.where('federation_ref', filter.federationId);
        if (filter.employerIds) q.whereIn('employer_ref', filter.employerIds);
        return q;
      };
      const rows = filter.memberIds ? (await Promise.all(chunks(filter.memberIds).map((c) => read(c)))).flat() : await read();
      if (pg()) {
        // PostgreSQL's rows have the holding's shape already (integers as numbers, days as
        // `YYYY-MM-DD` text): kept as they are, one object per row rather than two (the
        // national view reads ~150,000 of them; issue 16's benchmark).
        for (let i = 0; i < rows.length; i++) rows[i].kind = 'mandate';
        return rows;
      }
      const out = new Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        out[i] = {
          id: r.id, memberId: Number(r.memberId), kind: 'mandate', category: r.category, territory: r.territory,
          startOn: String(r.startOn).slice(0, 10), endOn: String(r.endOn).slice(0, 10), federationId: r.federationId == null ? null : Number(r.federationId),
          employerId: r.employerId == null ? null : Number(r.employerId),
        };
      }
      return out;
    },

    /**
     * Everything a preview (or a record's rule check) reads of the plugin's tables, in **one
     * statement** (a `UNION ALL` of two reads, issue 16's benchmark): the official's mandates
     * (every date, with what their labels need), the mandates sharing `overlapKey` (any
     * holder's, for the overlap check: a single-holder function's key is the territory's), and
     * the waivers of the official, of the employers their posts name, and of `employerIds`
     * (an `employs` breach is the employer's). Dates are `YYYY-MM-DD`; `endOn` the effective end.
     */
    async officialRows(memberId: number, overlapKey: string, employerIds: number[] = []): Promise<{ mandates: OfficialMandate[]; sameKey: OfficialMandate[]; waivers: Waiver[] }> {
      // Raw SQL joins the transaction in progress, if any (an admin-panel write checks the rules inside one).
      const rows: any[] = await withConnection(strapi, (knex: Knex) => {
        const end = pg() ? knex.raw("to_char(coalesce(end_on, theoretical_end_on), 'YYYY-MM-DD')") : knex.raw('coalesce(end_on, theoretical_end_on)');
        const none = knex.raw('NULL');
        const mandates = knex('mandates_mandates')
          .select({
            row: knex.raw("'mandate'"), id: 'document_id', memberId: 'member_ref', a: 'category_code', b: 'territory_code', c: 'territory_name',
            startOn: day('start_on'), endOn: end, theoreticalEndOn: day('theoretical_end_on'), actualEndOn: day('end_on'), overlapKey: 'overlap_key',
            employerId: 'employer_ref', federationId: 'federation_ref',
          })
          .where('member_ref', memberId)
          .orWhere('overlap_key', overlapKey);
        const employersOfPosts = knex('mandates_mandates').select('employer_ref').where('member_ref', memberId).whereNotNull('employer_ref');
        const waivers = knex('mandates_waivers as w')
          .join('mandates_waivers_member_lnk as l', 'l.waiver_id', 'w.id')
          .select({
            row: knex.raw("'waiver'"), id: 'w.document_id', memberId: 'l.member_id', a: 'w.rule_id', b: 'w.reason', c: none,
            startOn: day('w.granted_on'), endOn: day('w.expires_on'), theoreticalEndOn: none, actualEndOn: none, overlapKey: none, employerId: none, federationId: none,
          })
          .where((q) => q.whereIn('l.member_id', [memberId, ...employerIds]).orWhereIn('l.member_id', employersOfPosts));
        return mandates.unionAll(waivers);
      });
      const out = { mandates: [] as OfficialMandate[], sameKey: [] as OfficialMandate[], waivers: [] as Waiver[] };
      for (const r of rows) {
        if (r.row === 'waiver') {
          out.waivers.push({ id: String(r.id), ruleId: String(r.a), memberId: Number(r.memberId), grantedOn: String(r.startOn).slice(0, 10), expiresOn: String(r.endOn).slice(0, 10), reason: String(r.b) });
          continue;
        }
        const m: OfficialMandate = {
          id: r.id, memberId: Number(r.memberId), kind: 'mandate', category: r.a, territory: r.b, territoryName: r.c,
          startOn: String(r.startOn).slice(0, 10), endOn: String(r.endOn).slice(0, 10), theoreticalEndOn: String(r.theoreticalEndOn).slice(0, 10),
          actualEndOn: r.actualEndOn == null ? null : String(r.actualEndOn).slice(0, 10), federationId: r.federationId == null ? null : Number(r.federationId),
          employerId: r.employerId == null ? null : Number(r.employerId),
        };
        if (m.memberId === memberId) out.mandates.push(m);
        if (r.overlapKey === overlapKey) out.sameKey.push(m);
      }
      return out;
    },

    /**
     * Copies member, federation and category onto mandate rows that lack them (rows written
     * before the copies existed, or by hand): run at boot, cheap when there is nothing to do.
     */
    async backfillRefs(): Promise<void> {
      const knex = strapi.db.connection;
      await knex.raw(`UPDATE mandates_mandates SET member_ref = (SELECT l.member_id FROM mandates_mandates_member_lnk l WHERE l.mandate_id = mandates_mandates.id) WHERE member_ref IS NULL`);
      await knex.raw(`UPDATE mandates_mandates SET federation_ref = (SELECT l.federation_id FROM mandates_mandates_federation_lnk l WHERE l.mandate_id = mandates_mandates.id) WHERE federation_ref IS NULL`);
      await knex.raw(`UPDATE mandates_mandates SET category_code = (SELECT c.code FROM mandates_mandates_category_lnk l JOIN mandates_categories c ON c.id = l.category_id WHERE l.mandate_id = mandates_mandates.id) WHERE category_code IS NULL`);
      await knex.raw(`UPDATE mandates_mandates SET employer_ref = (SELECT l.member_id FROM mandates_mandates_employer_lnk l WHERE l.mandate_id = mandates_mandates.id) WHERE employer_ref IS NULL AND EXISTS (SELECT 1 FROM mandates_mandates_employer_lnk l WHERE l.mandate_id = mandates_mandates.id)`);
    },

    /** Party functions (bodies' seats) of some members, or of everyone, as holdings. */
    async functions(memberIds?: number[]): Promise<Holding[]> {
      if (!strapi.plugin('bodies')) return [];
      const seats = await getService(strapi, 'bodies', 'bodies').partyFunctions(memberIds);
      return seats.map((s) => ({
        id: `seat:${s.seat}`, memberId: s.memberId, kind: 'function' as const, category: 'party', territory: s.seat,
        startOn: s.startOn, endOn: s.endOn, function: { level: s.level, bodyKind: s.bodyKind, role: s.role, label: s.label },
      }));
    },

    /** Waivers of some members (or all). */
    async waivers(memberIds?: number[]): Promise<Waiver[]> {
      const read = (ids?: number[]) => {
        const q = strapi.db.connection
          .select({ id: 'w.document_id', ruleId: 'w.rule_id', memberId: 'l.member_id', grantedOn: day('w.granted_on'), expiresOn: day('w.expires_on'), reason: 'w.reason' })
          .from('mandates_waivers as w')
          .join('mandates_waivers_member_lnk as l', 'l.waiver_id', 'w.id');
        return ids ? q.whereIn('l.member_id', ids) : q;
      };
      const rows = memberIds ? (await Promise.all(chunks(memberIds).map((c) => read(c)))).flat() : await read();
      return rows.map((w: any) => ({ id: String(w.id), ruleId: String(w.ruleId), memberId: Number(w.memberId), grantedOn: String(w.grantedOn).slice(0, 10), expiresOn: String(w.expiresOn).slice(0, 10), reason: String(w.reason) }));
    },

    /**
     * The rule set in force on a Paris date: the latest version effective on or before it, a
     * withdrawn one left out (the seeded default before any).
     */
    async ruleSetOn(on: string): Promise<RuleSet> {
      const sets = await cache.read(
        'mandates:rule-sets',
        (): Promise<RuleSet[]> =>
          strapi.db
            .query(RULE_SET_UID)
            .findMany({ where: { withdrawnOn: { $null: true } }, orderBy: { version: 'desc' } })
            .then((rows: any[]) => rows.map((row) => ({ version: row.version, effectiveFrom: String(row.effectiveFrom).slice(0, 10), rules: row.rules }))),
        tagged
      );
      return sets.find((set) => set.effectiveFrom <= on) ?? DEFAULT_RULE_SET;
    },
  };
};

export default store;

/** The plugin's own store service, typed. */
export const getStore = (strapi: Core.Strapi) => getService(strapi, 'mandates', 'store');
