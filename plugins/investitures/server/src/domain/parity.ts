import { plural } from '@intranet-militant/shared';
import type { Sex } from './vocabulary';

/**
 * Parity rules, pure. Sexes are as registered in the membership file (F or M); a candidate
 * whose sex is not registered cannot be counted (reported as such, never guessed).
 */

export interface ListEntry {
  position: number;
  sex: Sex | null;
  name?: string;
}

export interface Breach {
  position: number;
  message: string;
}

export interface AlternationResult {
  rule: 'alternation';
  source: string;
  ok: boolean;
  /** The first position that breaks strict alternation, named. */
  firstBreach: Breach | null;
  /** Every position that breaks it (the first included). */
  breaches: Breach[];
  /** Code électoral L. 264 alone: each whole group of two candidates has one of each sex. */
  pairsRuleMet: boolean;
  /** |women − men| on the list (L. 264: at most 1). */
  gap: number;
  women: number;
  men: number;
  /** Positions missing between 1 and the last one. */
  missingPositions: number[];
}

export const ALTERNATION_SOURCE = 'Code électoral, article L. 264 (listes municipales : alternance d’un candidat de chaque sexe)';
export const BINOME_SOURCE = 'Code électoral, article L. 191 (binôme de candidats de sexe différent)';
export const DELEGATION_SOURCE = 'Règle du parti : délégations paritaires, écart entre femmes et hommes d’au plus un';
export const FUNDING_SOURCE = 'Loi n° 88-227 du 11 mars 1988, article 9-1 (modulation de la première fraction de l’aide publique)';

const who = (e: ListEntry) => (e.name ? ` (${e.name})` : '');
const sexWord = (s: Sex) => (s === 'F' ? 'une femme' : 'un homme');

/**
 * Strict alternation of the sexes down a list, in position order: each candidate is of the
 * other sex than the one before. The first breach is named (« position 7 : un homme après
 * un homme »). Also reports L. 264's own rule (one of each sex in each whole group of two,
 * positions 1–2, 3–4…) and the list's gap, and positions left empty.
 */
export function checkAlternation(entries: readonly ListEntry[]): AlternationResult {
  const list = [...entries].sort((a, b) => a.position - b.position);
  const breaches: Breach[] = [];
  const last = list.length ? list[list.length - 1].position : 0;
  const taken = new Set(list.map((e) => e.position));
  const missingPositions = Array.from({ length: last }, (_, i) => i + 1).filter((p) => !taken.has(p));
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    if (!e.sex) {
      breaches.push({ position: e.position, message: `Position ${e.position}${who(e)} : sexe non enregistré au fichier, la parité ne peut être vérifiée.` });
      continue;
    }
    const before = list[i - 1];
    if (before && before.sex === e.sex && before.position === e.position - 1) {
      breaches.push({ position: e.position, message: `Position ${e.position}${who(e)} : ${sexWord(e.sex)} après ${sexWord(before.sex)} en position ${before.position} — l’alternance est rompue.` });
    }
  }
  for (const p of missingPositions) breaches.push({ position: p, message: `Position ${p} : aucune candidature, l’alternance ne peut être vérifiée.` });
  breaches.sort((a, b) => a.position - b.position);
  const bySex = (s: Sex) => list.filter((e) => e.sex === s).length;
  let pairsRuleMet = missingPositions.length === 0;
  for (let p = 1; p + 1 <= last; p += 2) {
    const a = list.find((e) => e.position === p)?.sex;
    const b = list.find((e) => e.position === p + 1)?.sex;
    if (!a || !b || a === b) pairsRuleMet = false;
  }
  const women = bySex('F');
  const men = bySex('M');
  return { rule: 'alternation', source: ALTERNATION_SOURCE, ok: breaches.length === 0, firstBreach: breaches[0] ?? null, breaches, pairsRuleMet, gap: Math.abs(women - men), women, men, missingPositions };
}

export interface BinomeResult {
  rule: 'binome';
  source: string;
  ok: boolean;
  /** One line per binôme that is not of two sexes. */
  breaches: { label: string; message: string }[];
}

/** Each binôme has a woman and a man (L. 191). */
export function checkBinomes(binomes: readonly { label: string; a: Sex | null; b: Sex | null }[]): BinomeResult {
  const breaches = binomes
    .filter((x) => !x.a || !x.b || x.a === x.b)
    .map((x) => ({ label: x.label, message: !x.a || !x.b ? `${x.label} : binôme incomplet ou sexe non enregistré.` : `${x.label} : deux ${x.a === 'F' ? 'femmes' : 'hommes'}, un binôme réunit une femme et un homme.` }));
  return { rule: 'binome', source: BINOME_SOURCE, ok: breaches.length === 0, breaches };
}

export interface DelegationResult {
  rule: 'delegation';
  source: string;
  ok: boolean;
  women: number;
  men: number;
  unknown: number;
  gap: number;
  message: string;
}

/** A delegation (a body's seats, a local assembly's share): |women − men| ≤ 1. */
export function checkDelegation(sexes: readonly (Sex | null)[]): DelegationResult {
  const women = sexes.filter((s) => s === 'F').length;
  const men = sexes.filter((s) => s === 'M').length;
  const unknown = sexes.length - women - men;
  const gap = Math.abs(women - men);
  const ok = gap <= 1 && unknown === 0;
  const message = unknown
    ? `${plural(unknown, 'candidature')} sans sexe enregistré : la parité ne peut être vérifiée.`
    : ok
      ? `${plural(women, 'femme')}, ${plural(men, 'homme')} : écart de ${gap}, conforme.`
      : `${plural(women, 'femme')}, ${plural(men, 'homme')} : écart de ${gap}, au plus 1 est admis.`;
  return { rule: 'delegation', source: DELEGATION_SOURCE, ok, women, men, unknown, gap, message };
}

export interface FundingGapResult {
  rule: 'federation-gap';
  source: string;
  women: number;
  men: number;
  total: number;
  /** |women − men|. */
  gap: number;
  /** gap ÷ total, in percent (two decimals). */
  gapPercent: number;
  /** The law's threshold: a gap above 2 % of the candidates. */
  penalised: boolean;
  /** 150 % of the gap share, in percent (capped at 100), the reduction of the first fraction. */
  reductionPercent: number;
  /** The reduction in cents when the first fraction's amount is given. */
  reductionCents: number | null;
  message: string;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Legislative candidacies of a party taken together (here, a federation's share): when the
 * gap between the numbers of candidates of each sex exceeds 2 % of the candidates, the first
 * fraction of public funding is reduced by 150 % of that gap over the total (loi n° 88-227,
 * art. 9-1). Exact integer comparison for the threshold (gap·100 > 2·total).
 * @param firstFractionCents the first fraction's amount in cents, when known
 */
export function fundingGap(sexes: readonly Sex[], firstFractionCents: number | null = null): FundingGapResult {
  const women = sexes.filter((s) => s === 'F').length;
  const men = sexes.length - women;
  const total = sexes.length;
  const gap = Math.abs(women - men);
  const penalised = total > 0 && gap * 100 > 2 * total;
  const share = total ? gap / total : 0;
  const reduction = penalised ? Math.min(1, 1.5 * share) : 0;
  const reductionCents = firstFractionCents == null ? null : Math.round(firstFractionCents * reduction);
  const gapPercent = round2(share * 100);
  const reductionPercent = round2(reduction * 100);
  const message = total === 0
    ? 'Aucune candidature.'
    : penalised
      ? `${plural(women, 'femme')}, ${plural(men, 'homme')} sur ${total} : écart de ${gapPercent.toLocaleString('fr-FR')} %, au-delà de 2 % — la première fraction de l’aide publique serait réduite de ${reductionPercent.toLocaleString('fr-FR')} %.`
      : `${plural(women, 'femme')}, ${plural(men, 'homme')} sur ${total} : écart de ${gapPercent.toLocaleString('fr-FR')} %, sans pénalité (2 % au plus).`;
  return { rule: 'federation-gap', source: FUNDING_SOURCE, women, men, total, gap, gapPercent, penalised, reductionPercent, reductionCents, message };
}
