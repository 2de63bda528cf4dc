import type { Core } from '@strapi/strapi';
import type {} from '@intranet-militant/membership';
import { addDays, getService, todayInParis, type Actor } from '@intranet-militant/shared';
import * as cases from '../commands/cases';
import { CASE_UID } from '../uids';

export interface SanctionsDemoPeople {
  /** Users: the Gard's staff, its commission, the national commission, a member who reports. */
  staffUserId: number;
  commissionUserId: number;
  nationalCommissionUserId: number;
  reporterUserId: number;
  /** Nine respondents' member documentIds (members of the Gard made for the demo). */
  respondents: string[];
}

/**
 * The demo's cases, made through the commands (same checks, same effects, same audit); the
 * time a procedure takes is simulated by moving a case's dates back between two steps
 * (the demo only). One case at each state, a confidential harassment report with a
 * precautionary suspension, an appeal, and published decisions (one named exclusion).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async seed(people: SanctionsDemoPeople): Promise<void> {
    const actors = getService(strapi, 'membership', 'actors');
    const staff: Actor = await actors.forUserId(people.staffUserId);
    const commission: Actor = await actors.forUserId(people.commissionUserId);
    const national: Actor = await actors.forUserId(people.nationalCommissionUserId);
    const reporter: Actor = await actors.forUserId(people.reporterUserId);
    const today = todayInParis();
    const r = people.respondents;
    const back = (row: { id: number }, data: Record<string, unknown>) => strapi.db.query(CASE_UID).update({ where: { id: row.id }, data });
    /** Notified and heard `heardDaysAgo` days ago; every earlier step moved back in the procedure's order. */
    const toHearing = async (documentId: string, heardDaysAgo = 25) => {
      const row = await cases.notifyCase(strapi, commission, documentId, addDays(today, 15));
      const ago = (days: number) => addDays(today, -(heardDaysAgo + days));
      await back(row, { receivedOn: ago(35), investigationOn: ago(30), notifiedOn: ago(15), hearingOn: ago(0) });
      const heard = await cases.recordHearing(strapi, commission, documentId, { attended: true, notes: 'La personne mise en cause reconnaît une partie des faits.' });
      await back(heard, { heardOn: ago(0) });
      return heard;
    };
    const decidedLongAgo = async (row: any) => {
      await back(row, { decidedOn: addDays(today, -35), decision: { ...row.decision, decidedOn: addDays(today, -35), appealUntil: addDays(today, -5) } });
    };

    // 1. Received: a staff referral.
    await cases.referCase(strapi, staff, { respondent: r[0], category: 'violation-statuts', facts: 'A organisé une réunion publique au nom de la fédération sans mandat du bureau fédéral.' });
    // 2. Investigation.
    const c2 = await cases.referCase(strapi, commission, { respondent: r[1], category: 'denigrement-public', facts: 'Messages publics répétés dénigrant les élus de la section d’Alès.' });
    await cases.investigateCase(strapi, commission, c2.documentId);
    await cases.addDocument(strapi, commission, c2.documentId, { title: 'Captures des messages', content: 'Trois messages publiés entre mars et mai, transcrits par la commission.' });
    // 3. Notified, hearing in 20 days.
    const c3 = await cases.referCase(strapi, staff, { respondent: r[2], category: 'refus-decision-collective', facts: 'Refus de retirer une candidature dissidente après le vote du conseil fédéral.' });
    await cases.investigateCase(strapi, commission, c3.documentId);
    await cases.notifyCase(strapi, commission, c3.documentId, addDays(today, 20));
    // 4. Hearing held, decision to take (overdue: heard 25 days ago… within 30).
    const c4 = await cases.referCase(strapi, staff, { respondent: r[3], category: 'violence', facts: 'Altercation physique lors de l’assemblée générale de section.' });
    await cases.investigateCase(strapi, commission, c4.documentId);
    await toHearing(c4.documentId);
    // 5. Decided, appeal window running.
    const c5 = await cases.referCase(strapi, staff, { respondent: r[4], category: 'denigrement-public', facts: 'Tribune dans la presse locale mettant en cause l’honnêteté de la trésorière.' });
    await cases.investigateCase(strapi, commission, c5.documentId);
    await toHearing(c5.documentId);
    await cases.decideCase(strapi, commission, c5.documentId, { level: 'avertissement', reasoning: 'Premier manquement, excuses présentées à l’audition.', summary: 'Avertissement pour dénigrement public d’une responsable fédérale.' });
    // 6. A confidential harassment report, precautionary suspension, under investigation.
    const c6 = await cases.reportAct(strapi, reporter, { respondent: r[5], category: 'harcelement', facts: 'Messages insistants et propos à caractère sexuel après les réunions de section, depuis six mois.' });
    await cases.investigateCase(strapi, commission, c6.documentId);
    await cases.suspendAsPrecaution(strapi, commission, c6.documentId, addDays(today, 90));
    // 7. An appeal before the national commission.
    const c7 = await cases.referCase(strapi, staff, { respondent: r[6], category: 'detournement-fonds', facts: 'Remboursements de frais sans justificatif pour 1 200 € sur l’exercice.' });
    await cases.investigateCase(strapi, commission, c7.documentId);
    await toHearing(c7.documentId);
    await cases.decideCase(strapi, commission, c7.documentId, { level: 'suspension', months: 6, reasoning: 'Faits établis, remboursement partiel.', summary: 'Suspension de six mois pour usage abusif des fonds de la fédération.' });
    const respondent7: Actor = await actors.forUserId((await getService(strapi, 'membership', 'directory').memberByDocumentId(r[6]))!.user!.id);
    await cases.appealCase(strapi, respondent7, c7.documentId, 'Les frais correspondaient à des déplacements de campagne ; les justificatifs ont été retrouvés.');
    // 8. Published: a named exclusion for discrimination (grave: effective at once), final.
    const c8 = await cases.referCase(strapi, commission, { respondent: r[7], category: 'discrimination', facts: 'Propos racistes tenus publiquement lors d’un porte-à-porte, filmés.' });
    await cases.investigateCase(strapi, commission, c8.documentId);
    await toHearing(c8.documentId, 55);
    const d8 = await cases.decideCase(strapi, commission, c8.documentId, { level: 'exclusion', reasoning: 'Propos établis par la vidéo et reconnus.', summary: 'Exclusion pour propos racistes tenus publiquement.' });
    await decidedLongAgo(d8);
    await cases.finalizeCase(strapi, commission, c8.documentId);
    // 9. Published: a three-month suspension after its appeal window, and an appeal decided.
    const c9 = await cases.referCase(strapi, staff, { respondent: r[8], category: 'violation-statuts', facts: 'Usage du logo du parti pour une liste non investie.' });
    await cases.investigateCase(strapi, commission, c9.documentId);
    await toHearing(c9.documentId, 55);
    const d9 = await cases.decideCase(strapi, commission, c9.documentId, { level: 'suspension', months: 3, reasoning: 'Faits reconnus, récidive d’un rappel à l’ordre.', summary: 'Suspension de trois mois pour usage du logo par une liste non investie.' });
    await decidedLongAgo(d9);
    await cases.finalizeCase(strapi, commission, c9.documentId);
    void national;
  },
});
