import type { Core } from '@strapi/strapi';
import type {} from '@intranet-militant/membership';
import { addDays, getService, todayInParis, type Actor } from '@intranet-militant/shared';
import { submitReport } from '../commands/reports';
import { recordMandate } from '../commands/record-mandate';
import { periodsOf } from '../domain/compliance';
import { REPORT_UID } from '../uids';

export interface MandatesDemoPlaces {
  /** The user id of a staff member of the Gard. */
  staffUserId: number;
  /** Member documentIds by demo email. */
  members: Record<string, string>;
}

/** A demo mandate: category, territory code and name, start, theoretical end (excluded), and a collaborator's employer (demo email). */
type DemoMandate = [category: string, code: string, name: string, startOn: string, theoreticalEndOn: string, employer?: string];
/** How an official reports: every report on time, some late, or none. */
type Record_ = 'good' | 'poor' | 'none';

const MUNICIPAL_2008 = '2008-03-16';
const MUNICIPAL_2014 = '2014-03-30';
const MUNICIPAL_2020 = '2020-05-23';
const MUNICIPAL_2020_LATE = '2020-07-04';
const MUNICIPAL_2026 = '2026-03-22';
const MUNICIPAL_2032 = '2032-03-21';
const DEPARTMENTAL_2021 = '2021-07-01';
const REGIONAL_2021 = '2021-07-02';
const LOCAL_2028 = '2028-03-19';

/**
 * The Gard's officials in the development demo, recorded through the commands (the staff
 * enters most, Paul Girard declares his own) — every kind of case of issue 16:
 * - Paul Girard (elu@): maire d'Uzès (two terms) and conseiller départemental — fine; good reports;
 * - Hélène Vidal (tresoriere@, the bureau's treasurer): conseillère municipale d'Alès, départementale and régionale —
 *   L. 46-1 breach, the oldest (départementale) flagged; poor reports;
 * - Marc Fabre (secretaire.nimes@): député de la 1re circonscription and adjoint au maire de
 *   Nîmes — LO. 141-1;
 * - Julien Martin (adherent.impaye@): maire de Bagnols-sur-Cèze in his fourth consecutive term;
 * - Camille Roux (adherent@, secretary of the bureau fédéral): collaboratrice parlementaire of
 *   Marc Fabre — party rule on collaborators, and Marc Fabre in breach of the party rule on
 *   officials employing a party officer (PARTI-EMPLOYEUR-COLLABORATEUR);
 * - Sophie Bonnet (equipe@, presiding the bureau fédéral): adjointe au maire de Nîmes — the
 *   party rule on the first secretary and executive mandates.
 * Reports are written through the command, their submission dates then set in the past.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async seed(places: MandatesDemoPlaces): Promise<void> {
    const actors = getService(strapi, 'membership', 'actors');
    const directory = getService(strapi, 'membership', 'directory');
    const staff: Actor = await actors.forUserId(places.staffUserId);
    const officials: { email: string; self?: boolean; record: Record_; mandates: DemoMandate[] }[] = [
      {
        email: 'elu@gard.example', self: true, record: 'good',
        mandates: [
          ['maire', '30334', 'Uzès', MUNICIPAL_2020_LATE, MUNICIPAL_2026],
          ['maire', '30334', 'Uzès', MUNICIPAL_2026, MUNICIPAL_2032],
          ['conseiller-departemental', '30', 'Gard (canton d’Uzès)', DEPARTMENTAL_2021, LOCAL_2028],
        ],
      },
      {
        email: 'tresoriere@gard.example', record: 'poor',
        mandates: [
          ['conseiller-departemental', '30', 'Gard (canton d’Alès-1)', DEPARTMENTAL_2021, LOCAL_2028],
          ['conseiller-regional', '76', 'Occitanie', REGIONAL_2021, LOCAL_2028],
          ['conseiller-municipal', '30007', 'Alès', MUNICIPAL_2026, MUNICIPAL_2032],
        ],
      },
      {
        email: 'secretaire.nimes@gard.example', record: 'good',
        mandates: [
          ['depute', '30-01', '1re circonscription du Gard', '2024-07-18', '2029-07-18'],
          ['adjoint-maire', '30189', 'Nîmes', MUNICIPAL_2026, MUNICIPAL_2032],
        ],
      },
      {
        email: 'adherent.impaye@gard.example', record: 'poor',
        mandates: [
          ['maire', '30028', 'Bagnols-sur-Cèze', MUNICIPAL_2008, MUNICIPAL_2014],
          ['maire', '30028', 'Bagnols-sur-Cèze', MUNICIPAL_2014, MUNICIPAL_2020],
          ['maire', '30028', 'Bagnols-sur-Cèze', MUNICIPAL_2020, MUNICIPAL_2026],
          ['maire', '30028', 'Bagnols-sur-Cèze', MUNICIPAL_2026, MUNICIPAL_2032],
        ],
      },
      { email: 'adherent@gard.example', record: 'none', mandates: [['collaborateur-parlementaire', '30', 'Gard (auprès du député de la 1re circonscription)', '2024-09-01', '2029-07-18', 'secretaire.nimes@gard.example']] },
      { email: 'equipe@gard.example', record: 'good', mandates: [['adjoint-maire', '30189', 'Nîmes', MUNICIPAL_2026, MUNICIPAL_2032]] },
    ];
    const today = todayInParis();
    for (const official of officials) {
      const memberDocumentId = places.members[official.email];
      if (!memberDocumentId) continue;
      const member = await directory.memberByDocumentId(memberDocumentId);
      const self: Actor = await actors.forUserId(member.user.id);
      // The official declares his own Gard mandates; seeded on another federation (tests), whose
      // members may not declare a Gard mayoralty (a single-holder function outside their
      // territory), its staff enter them.
      const declares = official.self && member.federation?.departmentCode === '30';
      for (const [category, territoryCode, territoryName, startOn, theoreticalEndOn, employer] of official.mandates) {
        const employerId = employer ? places.members[employer] : undefined;
        const input = { category, territoryCode, territoryName, startOn, theoreticalEndOn, ...(declares ? {} : { member: memberDocumentId }), ...(employerId ? { employer: employerId } : {}) };
        const { mandate } = await recordMandate(strapi, declares ? self : staff, input);
        if (official.record === 'none') continue;
        const periods = periodsOf({ startOn, endOn: theoreticalEndOn }, mandate.category?.reportingPeriodMonths ?? 0, today).filter((p) => p.dueOn < today);
        for (const [i, p] of periods.entries()) {
          // Poor: one report in two, late; good: all, ten days before the due day.
          if (official.record === 'poor' && i % 2 === 1) continue;
          const report = await submitReport(strapi, self, mandate.documentId, {
            periodStart: p.periodStart,
            summary: `${territoryName} : bilan de l’année ${p.periodStart.slice(0, 4)}`,
            body: `## Ce que j’ai fait\n\nSéances, votes et permanences de la période, à ${territoryName}.\n\n## Mes engagements pour l’année à venir\n\nRendre compte chaque année et répondre à vos questions.`,
          });
          const submittedOn = official.record === 'good' ? addDays(p.dueOn, -10) : addDays(p.dueOn, 40);
          await strapi.db.query(REPORT_UID).update({ where: { documentId: report.documentId }, data: { submittedOn: submittedOn < today ? submittedOn : today } });
        }
      }
    }
  },
});
