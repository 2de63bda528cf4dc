import type { Core } from '@strapi/strapi';
import { getService } from '@intranet-militant/shared';
import type {} from '@intranet-militant/bodies';
import type { CategoryDef } from '../domain/catalogue';
import { DEFAULT_RULE_SET } from '../domain/default-rules';
import type { Catalogue, Holding, RuleSet, Waiver } from '../domain/rules';
import { CATEGORY_UID, RULE_SET_UID, WAIVER_UID } from '../uids';

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

  return {
    /** The catalogue, in its display order. */
    async categories(): Promise<CategoryRow[]> {
      return (await strapi.db.query(CATEGORY_UID).findMany({ orderBy: [{ position: 'asc' }, { id: 'asc' }] })) as CategoryRow[];
    },

    /** The catalogue as the rules read it. */
    async catalogue(): Promise<Catalogue> {
      const rows = await this.categories();
      return new Map(rows.map((c) => [c.code, { code: c.code, executive: Boolean(c.executive), collaborator: Boolean(c.collaborator), mandateOf: c.mandateOf || null }]));
    },

    /**
     * Mandates (every date) of some members, of a federation's officials, or of everyone:
     * one raw read of the mandates with their member, category and federation links.
     */
    async mandates(filter: { memberIds?: number[]; federationId?: number } = {}): Promise<MandateFact[]> {
      const read = (ids?: number[]) => {
        const q = strapi.db.connection
          .select({
            dbId: 'x.id', id: 'x.document_id', memberId: 'm.member_id', category: 'c.code', territory: 'x.territory_code', territoryName: 'x.territory_name',
            startOn: day('x.start_on'), theoreticalEndOn: day('x.theoretical_end_on'), actualEndOn: day('x.end_on'), federationId: 'f.federation_id',
            verification: 'x.verification', source: 'x.source',
          })
          .from('mandates_mandates as x')
          .join('mandates_mandates_member_lnk as m', 'm.mandate_id', 'x.id')
          .join('mandates_mandates_category_lnk as cl', 'cl.mandate_id', 'x.id')
          .join('mandates_categories as c', 'c.id', 'cl.category_id')
          .leftJoin('mandates_mandates_federation_lnk as f', 'f.mandate_id', 'x.id');
        if (ids) q.whereIn('m.member_id', ids);
        if (filter.federationId) q.where('f.federation_id', filter.federationId);
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
      }));
    },

    /** Party functions (bodies' seats) of some members, or of everyone, as holdings. */
    async functions(memberIds?: number[]): Promise<Holding[]> {
      if (!strapi.plugin('bodies')) return [];
      const seats = await getService(strapi, 'bodies', 'bodies').partyFunctions(memberIds);
      return seats.map((s) => ({
        id: `seat:${s.seat}`, memberId: s.memberId, kind: 'function' as const, category: 'party', territory: s.seat,
        startOn: s.startOn, endOn: s.endOn, function: { level: s.level, bodyKind: s.bodyKind, role: s.role },
      }));
    },

    /** Waivers of some members (or all). */
    async waivers(memberIds?: number[]): Promise<Waiver[]> {
      const read = async (ids?: number[]) =>
        strapi.db.query(WAIVER_UID).findMany({ where: ids ? { member: { id: { $in: ids } } } : {}, populate: { member: { select: ['id'] } } });
      const rows = memberIds ? (await Promise.all(chunks(memberIds).map((c) => read(c)))).flat() : await read();
      return rows.map((w: any) => ({ id: w.documentId, ruleId: w.ruleId, memberId: w.member?.id ?? 0, grantedOn: w.grantedOn, expiresOn: w.expiresOn, reason: w.reason }));
    },

    /** The rule set in force on a Paris date: the latest version effective on or before it (the seeded default before any). */
    async ruleSetOn(on: string): Promise<RuleSet> {
      const row = await strapi.db.query(RULE_SET_UID).findOne({ where: { effectiveFrom: { $lte: on } }, orderBy: { version: 'desc' } });
      return row ? { version: row.version, effectiveFrom: row.effectiveFrom, rules: row.rules } : DEFAULT_RULE_SET;
    },
  };
};

export default store;

/** The plugin's own store service, typed. */
export const getStore = (strapi: Core.Strapi) => getService(strapi, 'mandates', 'store');
