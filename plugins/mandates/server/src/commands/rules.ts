import { isDeepStrictEqual } from 'node:util';
import type { Core } from '@strapi/strapi';
import { auditActorOf, ConflictError, fieldError, ForbiddenError, frenchDate, isUniqueViolation, NotFoundError, recordAudit, todayInParis, type Actor } from '@intranet-militant/shared';
import { can } from '../permissions';
import { getStore } from '../services/store';
import { RULE_SET_UID, WAIVER_UID } from '../uids';
import type { RuleSetInput, WaiverInput } from '../validation/schemas';
import { loadOfficial } from './checks';

/**
 * A national admin grants a waiver of one rule to one official, with a reason and an expiry
 * (after today; at most 6 years). 403 anyone else (the route already refuses other roles),
 * 400 a rule not in the rule set in force. Audited.
 */
export async function grantWaiver(strapi: Core.Strapi, actor: Actor, input: WaiverInput) {
  if (!can(actor, 'waiver.grant', {})) throw new ForbiddenError('Seule l’administration nationale accorde des dérogations.');
  const official = await loadOfficial(strapi, input.member);
  const today = todayInParis();
  const ruleSet = await getStore(strapi).ruleSetOn(today);
  if (!ruleSet.rules.some((r) => r.id === input.ruleId)) throw fieldError('ruleId', `Règle inconnue : « ${input.ruleId} » (version ${ruleSet.version} des règles).`);
  if (input.expiresOn <= today) throw fieldError('expiresOn', 'La dérogation prend fin après aujourd’hui.');
  if (input.expiresOn > `${Number(today.slice(0, 4)) + 6}${today.slice(4)}`) throw fieldError('expiresOn', 'Une dérogation dure six ans au plus.');
  return strapi.db.transaction(async () => {
    const waiver = await strapi.db.query(WAIVER_UID).create({
      data: { member: official.id, ruleId: input.ruleId, reason: input.reason, grantedOn: today, expiresOn: input.expiresOn, grantedBy: actor.label, grantedByMember: actor.memberId },
    });
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::mandates.waiver.grant',
      subject: { type: WAIVER_UID, id: waiver.documentId },
      federationId: official.federation?.id ?? null,
      details: { member: official.documentId, ruleId: input.ruleId, reason: input.reason, expiresOn: input.expiresOn },
    });
    return { documentId: waiver.documentId as string, ruleId: input.ruleId, grantedOn: today, expiresOn: input.expiresOn };
  });
}

/**
 * A national admin publishes the next version of the rule set, effective from a date (rules
 * validated by schema; category codes must exist). Audited. Its number follows the highest
 * ever given, a withdrawn version's included (`withdrawRuleSet`): a number is never reused,
 * so « version N » names one rule set for good. The history only grows forward: a version
 * takes effect today (Paris) at the earliest, so every evaluation of a past day keeps the
 * rules it was made with; and on or after the latest version's date, so a version planned
 * for later is never silently cut off by one slipped in before it (the version in force on a
 * date is the highest-numbered one effective by then, `store.ruleSetOn`; "latest" here and
 * below means the latest not withdrawn). A version on the same date as a planned one
 * replaces it: that is how a planned change is corrected.
 * Publications take the rule sets' lock (PostgreSQL `pg_advisory_xact_lock`, the same as the
 * boot's seed of new rules, `catalogue.ts`), so versions are numbered one after the other
 * whatever publishes at once; a version that repeats the latest one (same rules, same date:
 * a double click, or the same change sent by two staff) is refused.
 * @throws 403 anyone but a national admin, 400 unknown category codes, 400 a date before today,
 *         409 a date before the latest version's (planned) date, 409 when the latest
 *         version already says the same (or, as a last guard, when another version took that
 *         number meanwhile: the version's unique key `mandates_rule_sets_version_uq`)
 */
export async function publishRuleSet(strapi: Core.Strapi, actor: Actor, input: RuleSetInput) {
  if (!can(actor, 'rules.change', {})) throw new ForbiddenError('Seule l’administration nationale modifie les règles.');
  const codes = new Set((await getStore(strapi).categories()).map((c) => c.code));
  const named = input.rules.flatMap((r) =>
    r.type === 'incompatible' ? [...(r.left.categories ?? []), ...(r.right.categories ?? [])] : r.type === 'employs' ? [...(r.post.categories ?? []), ...(r.employeeHolds.categories ?? [])] : r.categories
  );
  const unknown = named.filter((c) => !codes.has(c));
  if (unknown.length) throw fieldError('rules', `Catégories inconnues du catalogue : ${[...new Set(unknown)].join(', ')}.`);
  return strapi.db.transaction(async ({ trx }) => {
    if (strapi.db.dialect.client === 'postgres') await trx.raw("SELECT pg_advisory_xact_lock(hashtext('mandates:rule-sets'))");
    const last = await strapi.db.query(RULE_SET_UID).findOne({ where: { withdrawnOn: { $null: true } }, orderBy: { version: 'desc' }, select: ['version', 'effectiveFrom', 'rules'] });
    // The highest number ever given, a withdrawn version's too: « version N » never names two rule sets.
    const highest = await strapi.db.query(RULE_SET_UID).findOne({ orderBy: { version: 'desc' }, select: ['version'] });
    refuseEarlierEffect(input.effectiveFrom, last ? { version: last.version, effectiveFrom: String(last.effectiveFrom).slice(0, 10) } : null);
    if (last && String(last.effectiveFrom).slice(0, 10) === input.effectiveFrom && isDeepStrictEqual(last.rules, input.rules)) {
      throw new ConflictError(`Ces règles sont déjà celles de la version ${last.version}, en vigueur à la même date : rien de nouveau à publier.`);
    }
    const version = (highest?.version ?? 1) + 1;
    const row = await strapi.db.query(RULE_SET_UID)
      .create({ data: { version, effectiveFrom: input.effectiveFrom, rules: input.rules, note: input.note ?? null } })
      .catch((error: unknown) => {
        // Both read the same latest version: the version's key (`mandates_rule_sets_version_uq`) refuses the second.
        throw isUniqueViolation(error)
          ? new ConflictError(`La version ${version} des règles de cumul vient d’être publiée en même temps que la vôtre : rechargez la page pour la relire avant d’en publier une autre.`)
          : error;
      });
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::mandates.rules.publish',
      subject: { type: RULE_SET_UID, id: row.documentId },
      federationId: null,
      details: { version, effectiveFrom: input.effectiveFrom, rules: input.rules.map((r) => r.id) },
    });
    return { version, effectiveFrom: input.effectiveFrom, rules: input.rules };
  });
}

/**
 * A national admin withdraws a planned version of the rule set: one whose effectiveFrom is
 * still after today (Paris), so that no evaluation of a day gone by ever used it. The row
 * stays, marked withdrawn (`withdrawnOn`, today in Paris): every reader of the rules leaves it
 * out (the rules on each date are again those of the versions left), and it keeps its number,
 * which no later publication takes (audit entries and decisions citing « version N » keep
 * naming one rule set). Audited (`plugin::mandates.rules.withdraw`, with the version's date and
 * rules). Under the rule sets' lock (`publishRuleSet`), so a publication at the same moment
 * sees the version or its withdrawal, never half of it.
 * @returns the version, its date, `withdrawn: true`
 * @throws 403 anyone but a national admin, 404 no such version, 409 a version in effect
 *         (from today or earlier: the history of the rules in force never changes) or
 *         already withdrawn
 */
export async function withdrawRuleSet(strapi: Core.Strapi, actor: Actor, version: number) {
  if (!can(actor, 'rules.change', {})) throw new ForbiddenError('Seule l’administration nationale modifie les règles.');
  return strapi.db.transaction(async ({ trx }) => {
    if (strapi.db.dialect.client === 'postgres') await trx.raw("SELECT pg_advisory_xact_lock(hashtext('mandates:rule-sets'))");
    const row = await strapi.db.query(RULE_SET_UID).findOne({ where: { version }, select: ['id', 'documentId', 'version', 'effectiveFrom', 'rules', 'withdrawnOn'] });
    if (!row) throw new NotFoundError(`La version ${version} des règles de cumul n’existe pas.`);
    if (row.withdrawnOn) throw new ConflictError(`La version ${version} des règles a déjà été retirée, le ${frenchDate(String(row.withdrawnOn).slice(0, 10))}.`);
    const effectiveFrom = String(row.effectiveFrom).slice(0, 10);
    if (effectiveFrom <= todayInParis()) {
      throw new ConflictError(
        `La version ${version} des règles est en vigueur depuis le ${frenchDate(effectiveFrom)} : seule une version prévue pour une date à venir se retire. Pour changer les règles, publiez une nouvelle version.`
      );
    }
    await strapi.db.query(RULE_SET_UID).update({ where: { id: row.id }, data: { withdrawnOn: todayInParis() } });
    await recordAudit(strapi, {
      actor: auditActorOf(actor),
      action: 'plugin::mandates.rules.withdraw',
      subject: { type: RULE_SET_UID, id: row.documentId },
      federationId: null,
      details: { version, effectiveFrom, rules: (row.rules as { id: string }[]).map((r) => r.id) },
    });
    return { version, effectiveFrom, withdrawn: true as const };
  });
}

/**
 * The earliest day a new rule-set version may take effect: today in Paris, or the latest
 * version's date when that is later (see `publishRuleSet`); the refusal names that day.
 * @throws 400 (field `effectiveFrom`) a day in the past, whatever the versions; 409 a day from
 *         today on but before the latest version's planned date
 */
function refuseEarlierEffect(effectiveFrom: string, latest: { version: number; effectiveFrom: string } | null) {
  const today = todayInParis();
  const planned = latest && latest.effectiveFrom > today ? latest : null;
  if (effectiveFrom < today) {
    const earliest = planned ? `le ${frenchDate(planned.effectiveFrom)}, date de la version ${planned.version} déjà prévue` : `aujourd’hui, le ${frenchDate(today)}`;
    throw fieldError('effectiveFrom', `Date d’effet : au plus tôt ${earliest} ; une version ne prend jamais effet dans le passé, les évaluations des jours passés restent celles des règles alors en vigueur.`);
  }
  if (planned && effectiveFrom < planned.effectiveFrom) {
    throw new ConflictError(
      `La version ${planned.version} des règles est prévue à partir du ${frenchDate(planned.effectiveFrom)} : une nouvelle version prend effet ce jour-là au plus tôt (elle la remplace alors), jamais avant.`
    );
  }
}
