import type { Core } from '@strapi/strapi';
import type { PersonalDataPart, PersonalDataProvider, PersonalDataSubject } from '@intranet-militant/shared';
import { listOf, type ProfileRow } from '../commands/profile-index';
import { LEVEL_LABELS, SKILL_LEVEL_LABELS, WILLINGNESS_LABELS, type Willingness } from '../domain/vocabulary';
import { linksOf } from '../queries/directory';
import { NETWORK_MEMBERS, NETWORKS, TERMS } from '../storage';
import { PROFILE_UID } from '../uids';

/**
 * « Compétences et réseaux »' part of « Mes données »: the profile and its consent, skills
 * (with confirmations), networks, interests, the thematic networks joined and the fields
 * shared there, the terms the member proposed. Reads only.
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async personalData(subject: PersonalDataSubject): Promise<PersonalDataPart> {
      const knex = strapi.db.connection;
      const profile = (await strapi.db.query(PROFILE_UID).findOne({ where: { memberId: subject.memberId } })) as ProfileRow | null;
      const links = profile ? ((await linksOf(knex, [profile.id])).get(profile.id) ?? []) : [];
      const networks: { name: string; role: string; shared_fields: string; joined_at: string }[] = await knex(NETWORK_MEMBERS)
        .join(NETWORKS, `${NETWORKS}.id`, `${NETWORK_MEMBERS}.network_id`)
        .where(`${NETWORK_MEMBERS}.member_id`, subject.memberId)
        .select(`${NETWORKS}.name`, `${NETWORK_MEMBERS}.role`, `${NETWORK_MEMBERS}.shared_fields`, `${NETWORK_MEMBERS}.joined_at`);
      const proposals: { label: string; status: string; created_at: string }[] = await knex(TERMS).where({ proposed_by: subject.memberId }).select('label', 'status', 'created_at');
      const kindLabel = { skill: 'Compétence', network: 'Réseau', interest: 'Centre d’intérêt' } as const;
      return {
        source: 'skills',
        title: 'Compétences et réseaux',
        sections: [
          {
            title: 'Fiche et consentement',
            rows: profile
              ? [{
                  'Consentement (version du texte)': profile.consentVersion,
                  'Consentement donné le': profile.consentVersion ? profile.consentedAt : null,
                  'Consentement retiré le': profile.withdrawnAt,
                  'Montrée dans l’annuaire': Boolean(profile.listed),
                  Visibilité: LEVEL_LABELS[profile.visibility],
                  'Secteur d’activité': profile.sector,
                  'Ce que je veux bien faire': listOf(profile.willingness).map((w) => WILLINGNESS_LABELS[w as Willingness] ?? w).join(', '),
                  'Heures par mois': profile.hoursPerMonth,
                  Langues: listOf(profile.languages).join(', '),
                }]
              : [],
          },
          {
            title: 'Compétences, réseaux et centres d’intérêt',
            rows: links.map((l) => ({
              Type: kindLabel[l.kind],
              Terme: l.label,
              Niveau: l.level != null ? `${l.level} — ${SKILL_LEVEL_LABELS[Number(l.level)]}` : null,
              'Confirmé par': l.confirmed_by_label,
              'Confirmé le': l.confirmed_at,
            })),
          },
          {
            title: 'Réseaux thématiques',
            rows: networks.map((n) => ({ Réseau: n.name, Rôle: n.role === 'coordinator' ? 'Coordination' : 'Membre', 'Champs partagés': JSON.parse(n.shared_fields).join(', '), 'Rejoint le': n.joined_at })),
          },
          { title: 'Termes proposés', rows: proposals.map((p) => ({ Terme: p.label, État: p.status, 'Proposé le': p.created_at })) },
        ],
      };
    },
  }) satisfies PersonalDataProvider;
