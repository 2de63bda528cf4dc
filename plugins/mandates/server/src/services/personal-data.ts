import type { Core } from '@strapi/strapi';
import { labelled, todayInParis, type PersonalDataPart, type PersonalDataProvider, type PersonalDataSubject } from '@intranet-militant/shared';
import { SOURCE_LABELS, VERIFICATION_LABELS, type Source, type Verification } from '../domain/catalogue';
import { contactsOf } from '../commands/contact';
import { QUESTION_UID, REPORT_UID, WAIVER_UID } from '../uids';
import { getStore } from './store';

const QUESTION_STATUS: Record<string, string> = { pending: 'en attente de modération', published: 'publiée', rejected: 'refusée' };

/**
 * Mandates' part of « Mes données » (issue 22): the member's mandates, their mandate
 * reports, the waivers granted to them, the questions they asked and their public contact
 * details. Dates as stored (ISO: the readable files word them); a question's status and a
 * waiver's rule with their French words (`labelled`: the rule's label in today's rule set).
 * Reads only.
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async personalData(subject: PersonalDataSubject): Promise<PersonalDataPart> {
      const store = getStore(strapi);
      const [mandates, categories, contacts] = await Promise.all([store.mandates({ memberIds: [subject.memberId] }), store.categories(), contactsOf(strapi, [subject.memberId], true)]);
      const labels = new Map(categories.map((c) => [c.code, c.label]));
      const [reports, waivers, questions] = await Promise.all([
        mandates.length ? strapi.db.query(REPORT_UID).findMany({ where: { mandate: { id: { $in: mandates.map((m) => m.dbId) } } }, orderBy: { periodStart: 'asc' } }) : [],
        strapi.db.query(WAIVER_UID).findMany({ where: { member: { id: subject.memberId } }, orderBy: { grantedOn: 'asc' } }),
        strapi.db.query(QUESTION_UID).findMany({ where: { author: { id: subject.memberId } }, orderBy: { createdAt: 'asc' } }),
      ]);
      const contact = contacts.get(subject.memberId);
      const ruleLabels = new Map<string, string>(waivers.length ? (await store.ruleSetOn(todayInParis())).rules.map((r) => [r.id, r.label]) : []);
      return {
        source: 'mandates',
        title: 'Élus et mandats',
        sections: [
          {
            title: 'Mandats',
            rows: mandates.map((m) => ({
              Mandat: labels.get(m.category) ?? m.category, Territoire: `${m.territoryName} (${m.territory})`, Début: m.startOn, 'Fin prévue': m.theoreticalEndOn,
              'Fin effective': m.actualEndOn, Origine: SOURCE_LABELS[m.source as Source], Vérification: VERIFICATION_LABELS[m.verification as Verification],
            })),
          },
          { title: 'Comptes rendus de mandat', rows: (reports as any[]).map((r) => ({ 'Début de la période': r.periodStart, 'Fin de la période': r.periodEnd, Résumé: r.summary, 'Publié le': r.submittedOn })) },
          { title: 'Dérogations', rows: (waivers as any[]).map((w) => ({ Règle: labelled(w.ruleId, ruleLabels.get(w.ruleId) ?? `Règle ${w.ruleId}`), Motif: w.reason, 'Accordée le': w.grantedOn, 'Jusqu’au': w.expiresOn })) },
          { title: 'Questions posées', rows: (questions as any[]).map((q) => ({ Question: q.text, Statut: labelled(q.questionStatus, QUESTION_STATUS[q.questionStatus] ?? q.questionStatus), Réponse: q.answer ?? null })) },
          {
            title: 'Coordonnées publiques',
            rows: contact ? [{ Visibles: contact.visible, 'E-mail': contact.publicEmail, Téléphone: contact.publicPhone, Permanences: contact.office }] : [],
          },
        ],
      };
    },
  }) satisfies PersonalDataProvider;
