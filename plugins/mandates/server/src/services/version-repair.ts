import { isDeepStrictEqual } from 'node:util';
import type { Core } from '@strapi/strapi';
import { recordAudit, SYSTEM_ACTOR } from '@intranet-militant/shared';
import { RULE_SET_UID } from '../uids';

/** The rule sets' table (`collectionName` of `plugin::mandates.rule-set`). */
export const RULE_SETS_TABLE = 'mandates_rule_sets';

/** What the repair did to one row holding a version another row held too. */
export type RuleSetRepair =
  | { action: 'removed'; id: number; documentId: string; version: number; copyOf: number }
  | { action: 'renumbered'; id: number; documentId: string; version: number; newVersion: number; keptBy: number };

interface Row {
  id: number;
  documentId: string;
  version: number;
  effectiveFrom: string;
  rules: unknown;
}

/**
 * Makes rule-set version numbers unique again before Strapi's schema sync creates their key
 * (`mandates_rule_sets_version_uq`, content-types/index.ts): before that key, two publications
 * at once could both write the same version, and a database holding such a pair refused the
 * key at boot — the instance did not start. Within each version held by several rows, in id
 * order, the lowest id keeps the number; a row that repeats a kept one (same rules, same
 * effectiveFrom; the note aside) is removed; any other takes a new number after the current
 * maximum, in id order (the later publication becomes the later version, as
 * `publishRuleSet` numbers them now). Each change is logged (warning) and audited as a system
 * action (`plugin::mandates.rules.repair`, when the audit plugin is installed), in the same
 * transaction, which holds the rule sets' lock (`publishRuleSet`, `seedCatalogue`) on
 * PostgreSQL so that instances booting together take turns. Idempotent: a table without
 * duplicates (or no table yet, on a fresh database) is left as it is. Raw SQL: it runs before
 * the sync, when the table may still lack columns the content type has gained since.
 * Registered on `strapi::content-types.beforeSync` (index.ts).
 * @returns the changes made, in the order made (empty when nothing was duplicated)
 */
export async function repairRuleSetVersions(strapi: Core.Strapi): Promise<RuleSetRepair[]> {
  if (!(await strapi.db.connection.schema.hasTable(RULE_SETS_TABLE))) return [];
  return strapi.db.transaction(async ({ trx }) => {
    if (strapi.db.dialect.client === 'postgres') await trx.raw("SELECT pg_advisory_xact_lock(hashtext('mandates:rule-sets'))");
    const duplicated = (await trx(RULE_SETS_TABLE).select('version').groupBy('version').havingRaw('COUNT(*) > 1').orderBy('version')) as { version: number }[];
    if (!duplicated.length) return [];
    const rows = ((await trx(RULE_SETS_TABLE)
      .whereIn('version', duplicated.map((d) => d.version))
      .orderBy('id')
      .select('id', 'document_id', 'version', 'effective_from', 'rules')) as any[]).map(
      (r): Row => ({
        id: Number(r.id),
        documentId: r.document_id,
        version: Number(r.version),
        effectiveFrom: String(r.effective_from).slice(0, 10),
        rules: typeof r.rules === 'string' ? JSON.parse(r.rules) : r.rules,
      })
    );
    const repairs: RuleSetRepair[] = [];
    const renumber: { row: Row; keptBy: number }[] = [];
    for (const { version } of duplicated) {
      const [first, ...others] = rows.filter((r) => r.version === version);
      const kept: Row[] = [first!];
      for (const row of others) {
        const copy = kept.find((k) => k.effectiveFrom === row.effectiveFrom && isDeepStrictEqual(k.rules, row.rules));
        if (copy) {
          await trx(RULE_SETS_TABLE).where({ id: row.id }).del();
          repairs.push({ action: 'removed', id: row.id, documentId: row.documentId, version, copyOf: copy.id });
        } else {
          kept.push(row);
          renumber.push({ row, keptBy: first!.id });
        }
      }
    }
    let max = Number((await trx(RULE_SETS_TABLE).max('version as max').first()).max);
    for (const { row, keptBy } of renumber.sort((a, b) => a.row.id - b.row.id)) {
      max += 1;
      await trx(RULE_SETS_TABLE).where({ id: row.id }).update({ version: max });
      repairs.push({ action: 'renumbered', id: row.id, documentId: row.documentId, version: row.version, newVersion: max, keptBy });
    }
    for (const repair of repairs) {
      strapi.log.warn(
        repair.action === 'removed'
          ? `mandates: rule-set version ${repair.version} was held by several rows: removed row ${repair.id}, an exact copy (same rules, same effectiveFrom) of row ${repair.copyOf}`
          : `mandates: rule-set version ${repair.version} was held by several rows: row ${repair.id} (different rules or effectiveFrom from row ${repair.keptBy}, which keeps ${repair.version}) is now version ${repair.newVersion}`
      );
      if (!strapi.plugin('audit')) continue;
      await recordAudit(strapi, {
        actor: SYSTEM_ACTOR,
        action: 'plugin::mandates.rules.repair',
        subject: { type: RULE_SET_UID, id: repair.documentId },
        federationId: null,
        details: repair.action === 'removed' ? { removed: true, version: repair.version, copyOf: repair.copyOf } : { version: repair.version, newVersion: repair.newVersion },
      });
    }
    return repairs;
  });
}
