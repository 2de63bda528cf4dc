import { describe, expect, it } from 'vitest';
import { frenchPercent, maskedDistribution, plural, pluralWord, shareLabel } from '@intranet-militant/shared';
import { formatPercent, plural as portalPlural } from '../src/portal/lib/format';
import { rateLabel as attendanceLabel } from '../plugins/bodies/server/src/domain/indicator';
import { rateLabel as complianceLabel } from '../plugins/mandates/server/src/domain/compliance';

/** Counts and shares as members read them (plugins/shared/src/numbers.ts), the portal and the server alike. */
describe('French counts and percentages', () => {
  it('gives a count its noun in the singular under 2 and in the plural from 2, never « (s) »', () => {
    expect(plural(0, 'circonscription')).toBe('0 circonscription');
    expect(plural(1, 'candidature')).toBe('1 candidature');
    expect(plural(10, 'candidature')).toBe('10 candidatures');
    expect(plural(1, 'adhérent inscrit', 'adhérents inscrits')).toBe('1 adhérent inscrit');
    expect(plural(3, 'adhérent inscrit', 'adhérents inscrits')).toBe('3 adhérents inscrits');
    expect(plural(1234, 'fiche')).toBe('1\u202f234 fiches');
    expect(pluralWord(1.5, 'heure')).toBe('heure');
    expect(portalPlural(2, 'votant')).toBe('2 votants');
  });

  it('writes a share with a decimal comma and a no-break space before %: « 58,6 % »', () => {
    expect(frenchPercent(0.586, 1)).toBe('58,6\u00a0%');
    expect(frenchPercent(0.5, 1)).toBe('50\u00a0%');
    expect(formatPercent(34 / 58, 1)).toBe('58,6\u00a0%');
    expect(frenchPercent(0.42)).toBe('42\u00a0%');
  });

  it('writes the shares of masked distributions (composition, diversity indicators) as the portal writes every other share', () => {
    expect(shareLabel(34 / 58)).toBe('58,6\u00a0%');
    expect(shareLabel(34 / 58)).toBe(formatPercent(34 / 58, 1));
    expect(shareLabel(0.75)).toBe('75\u00a0%');
    expect(shareLabel(null)).toBe('—');
    const [women] = maskedDistribution([{ key: 'F', label: 'Femmes', count: 34 }, { key: 'M', label: 'Hommes', count: 24 }], 58);
    expect(women.shareLabel).toBe('58,6\u00a0%');
  });

  it('writes a rate (attendance in bodies and their PDF, mandates’ compliance) as the portal writes it', () => {
    for (const rate of [2 / 3, 34 / 58, 0.75, 1, 0]) {
      expect(attendanceLabel(rate)).toBe(formatPercent(rate, 1));
      expect(complianceLabel(rate)).toBe(formatPercent(rate, 1));
    }
    expect(attendanceLabel(2 / 3)).toBe('66,7\u00a0%');
    expect(complianceLabel(2 / 3)).toBe('66,7\u00a0%');
    expect(attendanceLabel(null)).toBe('—');
    expect(complianceLabel(null)).toBe('—');
  });
});
