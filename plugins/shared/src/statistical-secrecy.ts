import { frenchPercent } from './numbers';

/**
 * Statistical secrecy for the aggregates staff and members read (a body's composition,
 * candidacies' diversity indicators, the sanctions uniformity table): a count under
 * `MASK_BELOW` (0 included) is masked (« moins de 5 ») — in a small federation it could name
 * a person —, and when a distribution would then hide one cell only, which its total and the
 * other cells would give away by subtraction, its smallest other cell is masked too
 * (« masqué »). The threshold of 5 follows the usual rule of public statistics (INSEE's
 * « secret statistique » on counts). Pure.
 */
export const MASK_BELOW = 5;

/** One cell of a masked distribution. */
export interface MaskedCell {
  key: string;
  label: string;
  /** The count, or null when masked. */
  count: number | null;
  /** count ÷ total (0..1), or null when masked or when the total is 0. */
  share: number | null;
  /** « 7 », « moins de 5 » or « masqué ». */
  countLabel: string;
  /** « 58,6 % » or « — ». */
  shareLabel: string;
}

/**
 * A share (0..1) as every percentage of the portal is written (`frenchPercent`, one decimal):
 * « 58,6 % », « 75 % », or « — » for no share.
 */
export const shareLabel = (share: number | null): string => (share == null ? '—' : frenchPercent(share, 1));

/**
 * A distribution with its small cells masked.
 * @param entries each category's count (keys unique)
 * @param total what the shares are of (usually the sum of the counts)
 */
export function maskedDistribution(entries: { key: string; label: string; count: number }[], total: number): MaskedCell[] {
  const primary = new Set(entries.filter((e) => e.count < MASK_BELOW).map((e) => e.key));
  const secondary = new Set<string>();
  if (primary.size === 1) {
    const smallest = entries.filter((e) => !primary.has(e.key)).sort((a, b) => a.count - b.count)[0];
    if (smallest) secondary.add(smallest.key);
  }
  return entries.map((e) => {
    const masked = primary.has(e.key) || secondary.has(e.key);
    const share = masked || !total ? null : e.count / total;
    return {
      key: e.key,
      label: e.label,
      count: masked ? null : e.count,
      share,
      countLabel: primary.has(e.key) ? `moins de ${MASK_BELOW}` : secondary.has(e.key) ? 'masqué' : String(e.count),
      shareLabel: shareLabel(share),
    };
  });
}
