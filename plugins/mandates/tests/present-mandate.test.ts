import { describe, expect, it } from 'vitest';
import { presentMandate } from '../server/src/queries/situation';
import type { MandateFact } from '../server/src/services/store';

const fact = (startOn: string, theoreticalEndOn: string, actualEndOn: string | null = null): MandateFact => ({
  id: `m-${startOn}`, dbId: 1, memberId: 7, kind: 'mandate', category: 'maire', territory: '30334', territoryName: 'Uzès',
  startOn, endOn: actualEndOn ?? theoreticalEndOn, theoreticalEndOn, actualEndOn, federationId: 1, verification: 'declared', source: 'declared',
});
const categories = new Map([['maire', 'Maire']]);

/** A mandate declared ahead of its start is not « terminé » on the pages (newcomer pass, 2026-12-03). */
describe('presentMandate: past, current and upcoming mandates', () => {
  it('says a mandate that has not started yet is upcoming, not over', () => {
    const m = presentMandate(fact('2030-01-01', '2031-01-01'), categories, '2026-12-03');
    expect(m).toMatchObject({ current: false, upcoming: true });
  });
  it('a current and an ended mandate are not upcoming', () => {
    expect(presentMandate(fact('2026-03-22', '2032-03-21'), categories, '2026-12-03')).toMatchObject({ current: true, upcoming: false });
    expect(presentMandate(fact('2020-07-04', '2026-03-22'), categories, '2026-12-03')).toMatchObject({ current: false, upcoming: false });
  });
});
