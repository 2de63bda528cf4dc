import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createMember, createWorld, type TestMember, type World } from '../../../tests/support/factories';
import { bearer } from '../../../tests/support/expect';
import { advance, consultationInVote } from './support/consultations';

/**
 * « What became of my contributions »: a member reads their own contributions with the
 * proposal each went into, its place in the synthesis, and the vote's outcome — overall,
 * and for its part when the synthesis is voted part by part, once the vote is closed.
 */
let w: World;
let voters: TestMember[];
let id: string;

beforeAll(async () => {
  w = await createWorld();
  await (await bootStrapi()).plugin('modules').service('switches').set(w.federation.id, 'consultations', true);
  voters = [w.memberB, await createMember({ federation: w.federation, section: w.sectionA }), await createMember({ federation: w.federation, section: w.sectionB })];
  ({ id } = await consultationInVote(
    w.staff,
    [
      [w.member, 'Transports en commun gratuits', 'Des bus gratuits pour les jeunes.'],
      [w.member, 'Un journal interne', 'Une lettre d’information mensuelle.'],
    ],
    voters,
    { votePerSection: true, quorumPercent: 0 }
  ));
});

const mine = async () => {
  const http = await api();
  const res = await http.get(`/api/consultations/${id}/contributions`).set(bearer(w.member.token));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return new Map<string, any>(res.body.data.map((c: any) => [c.title, c]));
};

describe('what became of my contributions', () => {
  it('during the vote: the proposal, the place in the synthesis, no outcome yet', async () => {
    const fates = await mine();
    for (const title of ['Transports en commun gratuits', 'Un journal interne']) {
      const fate = fates.get(title).proposal;
      expect(fate).toMatchObject({ title, state: 'active', mergedInto: null, synthesisState: 'submitted', partOutcome: null });
      expect(fate.synthesisPart).toBeGreaterThanOrEqual(1);
      expect(fates.get(title)).not.toHaveProperty('author');
    }
  });

  it('after the close: the outcome of the synthesis and of each part', async () => {
    const http = await api();
    const synthesis = (await http.get(`/api/consultations/${id}/synthesis`).set(bearer(w.member.token))).body.data;
    const partOf = new Map<string, string>(synthesis.sections.map((s: any) => [s.proposal.title, s.documentId]));
    const bus = partOf.get('Transports en commun gratuits')!;
    const journal = partOf.get('Un journal interne')!;
    for (const voter of voters) {
      const res = await http.post(`/api/consultations/${id}/vote`).set(bearer(voter.token)).send({ choice: 'for', sections: { [bus]: 'for', [journal]: 'against' } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    await advance(w.staff, id, 'vote');
    const fates = await mine();
    expect(fates.get('Transports en commun gratuits').proposal).toMatchObject({ synthesisState: 'adopted', partOutcome: 'adopted' });
    expect(fates.get('Un journal interne').proposal).toMatchObject({ synthesisState: 'adopted', partOutcome: 'rejected' });
  });
});
