import type { Core } from '@strapi/strapi';
import { getService, todayInParis, type Actor } from '@intranet-militant/shared';
import type {} from '@intranet-militant/membership';
import type {} from '@intranet-militant/mandates';
import * as candidacies from '../commands/candidacies';
import * as checks from '../commands/checks';
import * as designations from '../commands/designations';
import * as votes from '../commands/votes';
import { currentPledge } from '../queries/access';
import { DESIGNATION_UID } from '../uids';

export interface InvestituresDemoPeople {
  /** The Gard's staff and the national admin (users). */
  staffUserId: number;
  nationalUserId: number;
  /** The Nîmes list in position order (users; sexes as registered make position 7 break alternation). */
  listUserIds: number[];
  /** Three candidates of the closed primary (users). */
  primaryUserIds: number[];
  /** Members who vote in the primary (users). */
  voterUserIds: number[];
}

const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The demo's designations, made through the commands (same checks, same audit); a calendar
 * is moved back between two steps (the demo only), as time would have passed:
 * - the 2026 municipal list of Nîmes (a body decides): ten candidacies whose sexes break
 *   alternation at position 7, the head of the list's pledge signed and bulletin n° 3 checked,
 *   good standing and the cumul preview checked for all — position 10 (already departmental and
 *   regional councillor, municipal councillor of Alès) fails L. 46-1;
 * - a closed presidential primary (national, members vote, single choice) with three
 *   candidates meeting every criterion, voted by the demo's members and counted.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async seed(people: InvestituresDemoPeople): Promise<void> {
    const actors = getService(strapi, 'membership', 'actors');
    const as = (userId: number): Promise<Actor> => actors.forUserId(userId);
    const staff = await as(people.staffUserId);
    const national = await as(people.nationalUserId);
    const today = todayInParis();
    const open = { candidaciesOpenOn: shift(today, -1), candidaciesCloseOn: shift(today, 10), checksBy: shift(today, 20), decisionOn: shift(today, 30) };
    const pledge = (await currentPledge(strapi))!;
    const sign = async (a: Actor, id: string) => candidacies.signPledge(strapi, a, id, { version: pledge.version, sha256: pledge.sha256 });

    // 1. Nîmes, municipales 2026: INSEE 30189, the Gard's chef-lieu; for a staff of another
    // department (tests), that department's chef-lieu, a real commune (the mandates plugin's lists).
    const department: string = (await getService(strapi, 'membership', 'directory').federationById(staff.federationId!))?.departmentCode ?? '30';
    const town = (strapi.plugin('mandates') ? await getService(strapi, 'mandates', 'territories').chefLieuOf(department) : null) ?? { code: '30189', name: 'Nîmes' };
    const nimes = await designations.createDesignation(strapi, staff, {
      title: 'Municipales 2026 — liste de Nîmes', kind: 'municipales', scope: 'federation', territoryCode: town.code, territoryName: town.name, seats: 10,
      decidedBy: 'body', mandateStartOn: '2026-03-22', ...open,
    });
    const list: { id: string; actor: Actor }[] = [];
    for (const [i, userId] of people.listUserIds.entries()) {
      const a = await as(userId);
      const c = await candidacies.applyFor(strapi, a, nimes.documentId, {
        position: i + 1, role: 'titulaire', statement: i === 0 ? 'Tête de liste : une ville plus juste, plus verte, plus solidaire.' : 'Candidat·e sur la liste de Nîmes.',
        documents: [], previousMandates: i === people.listUserIds.length - 1 ? 3 : 0, formerCollaborator: i === 3,
      });
      list.push({ id: c!.documentId, actor: a });
    }
    await sign(list[0].actor, list[0].id);
    await checks.recordCriminalRecord(strapi, staff, list[0].id, { clean: true, issuedOn: shift(today, -5) });
    for (const c of list) {
      await checks.checkStanding(strapi, staff, c.id);
      await checks.checkCumul(strapi, staff, c.id);
    }
    await strapi.db.query(DESIGNATION_UID).update({
      where: { id: nimes.id },
      data: { candidaciesOpenOn: '2025-11-01', candidaciesCloseOn: '2025-12-15', checksBy: '2026-01-10', decisionOn: '2026-01-20' },
    });

    // 2. A closed presidential primary: three candidates, members vote.
    const primary = await designations.createDesignation(strapi, national, {
      title: 'Primaire fermée — élection présidentielle', kind: 'presidentielle', scope: 'national', territoryCode: 'FR', territoryName: 'France',
      decidedBy: 'members', voteMethod: 'single', eligibilityCutoff: shift(today, -90), ...open,
    });
    const candidates: string[] = [];
    for (const [i, userId] of people.primaryUserIds.entries()) {
      const a = await as(userId);
      const c = await candidacies.applyFor(strapi, a, primary.documentId, {
        role: 'titulaire', statement: ['Rassembler la gauche autour du travail et du climat.', 'Une République sociale et laïque.', 'L’Europe des peuples et la justice fiscale.'][i] ?? 'Candidature.',
        documents: [], previousMandates: i, formerCollaborator: false,
      });
      candidates.push(c!.documentId);
      await sign(a, c!.documentId);
      await checks.recordCriminalRecord(strapi, national, c!.documentId, { clean: true, issuedOn: shift(today, -3) });
      await checks.checkStanding(strapi, national, c!.documentId);
      await checks.checkCumul(strapi, national, c!.documentId);
    }
    await strapi.db.query(DESIGNATION_UID).update({
      where: { id: primary.id },
      data: { candidaciesOpenOn: shift(today, -40), candidaciesCloseOn: shift(today, -20), checksBy: shift(today, -10), decisionOn: shift(today, -1) },
    });
    await votes.openVote(strapi, national, primary.documentId);
    // The first candidate wins in the first round (an absolute majority of the votes expressed).
    for (const [i, userId] of people.voterUserIds.entries()) {
      const choice = i % 5 === 4 ? 'blank' : candidates[i % 5 < 3 ? 0 : (i % 2) + 1];
      await votes.castVote(strapi, await as(userId), primary.documentId, { choice });
    }
    await votes.closeVote(strapi, national, primary.documentId);
  },
});
