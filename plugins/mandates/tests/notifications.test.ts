import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createFederation, createMember, type TestMember } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';
import { mandatesNotifications } from '../server/src/notifications';

/** The report reminder (`mandates.report-due`): 14 days before the due day, once per mandate and period, not once written. */
let official: TestMember;
let mandate: string;
const kind = mandatesNotifications[0] as any;
const day = (d: Date) => d.toISOString().slice(0, 10);
const plusDays = (n: number) => new Date(Date.now() + n * 86_400_000);

beforeAll(async () => {
  const federation = await createFederation();
  official = await createMember({ federation, role: 'elected-official' });
  // A yearly period that ended 20 days ago: due in 10 days.
  const start = new Date(Date.now() - 20 * 86_400_000);
  start.setUTCFullYear(start.getUTCFullYear() - 1);
  const res = await (await api()).post('/api/mandates/mandates').set(bearer(official.token)).send({ category: 'conseiller-municipal', territoryCode: '30189', territoryName: 'Nîmes', startOn: day(start) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  mandate = res.body.data.documentId;
});

describe('mandates.report-due', () => {
  it('is due for the official within 14 days of the due day, with a French message; no longer once the report is written', async () => {
    const strapi = await bootStrapi();
    const mine = (list: any[]) => list.filter((o) => o.key.startsWith(`mandates.report-due:${mandate}:`));
    const due = mine(await kind.due(strapi, new Date()));
    expect(due).toHaveLength(1);
    expect(due[0].memberIds).toEqual([official.member.id]);
    expect(mine(await kind.due(strapi, plusDays(-10)))).toHaveLength(0); // 20 days before the due day: not yet
    const text = kind.render(due[0].data);
    expect(text.subject).toMatch(/^Compte rendu de mandat à publier avant le /);
    expect(text.paragraphs[0]).toContain('Conseiller·ère municipal·e — Nîmes');
    const write = await (await api()).post(`/api/mandates/mandates/${mandate}/reports`).set(bearer(official.token)).send({ periodStart: due[0].data.periodStart, summary: 'Bilan', body: 'Texte' });
    expect(write.status, JSON.stringify(write.body)).toBe(201);
    expect(mine(await kind.due(strapi, new Date()))).toHaveLength(0);
  });
});
