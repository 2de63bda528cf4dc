import type { Core } from '@strapi/strapi';
import { getService, type PersonalDataPart, type PersonalDataProvider, type PersonalDataSubject } from '@intranet-militant/shared';
import { GRADES, VOTERS } from '../storage';
import '../public';
import { CONSULTATION_UID, CONTRIBUTION_UID, PROPOSAL_UID } from '../uids';

const STATE_LABELS = { submitted: 'déposée', withdrawn: 'retirée', hidden: 'masquée par la modération' } as const;
const AXIS_LABELS = { effort: 'Effort', impact: 'Impact' } as const;

/**
 * Consultations' part of « Mes données » (issue 22): the contributions the member wrote (with
 * their fate), the grades they gave, and the votes in whose register they appear: the
 * consultations' and the ballot boxes other plugins hold here (investitures' designations,
 * named by their owner, `ballot-box.votedBy`), and the rolls (« listes électorales ») they are on. Never a ballot: ballots hold no member (secret vote), so the register's fact « has
 * voted » is all there is, and that is all this lists. Reads only.
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    async personalData(subject: PersonalDataSubject): Promise<PersonalDataPart> {
      const knex = strapi.db.connection;
      const contributions = await strapi.db.query(CONTRIBUTION_UID).findMany({
        where: { author: { id: subject.memberId } },
        populate: { consultation: { select: ['id', 'title'] }, proposal: { select: ['id', 'title'] } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      const grades: { consultation_id: number; proposal_id: number; axis: 'effort' | 'impact'; grade: number }[] = await knex(GRADES)
        .where({ member_id: subject.memberId })
        .select('consultation_id', 'proposal_id', 'axis', 'grade')
        .orderBy([{ column: 'consultation_id' }, { column: 'proposal_id' }, { column: 'axis' }]);
      const voted: { consultation_id: number }[] = await knex(VOTERS).where({ member_id: subject.memberId }).select('consultation_id').orderBy('consultation_id');
      const boxVotes = await getService(strapi, 'consultations', 'ballot-box').votedBy(subject.memberId);
      const rolls = await getService(strapi, 'consultations', 'roll').of(subject.memberId);
      const boxRolls = await getService(strapi, 'consultations', 'ballot-box').labelled(rolls.boxes);

      const consultationIds = [...new Set([...grades.map((g) => Number(g.consultation_id)), ...voted.map((v) => Number(v.consultation_id)), ...rolls.consultationIds])];
      const proposalIds = [...new Set(grades.map((g) => Number(g.proposal_id)))];
      const read: { id: number; title: string; rollClosedAt: string | null }[] = consultationIds.length
        ? await strapi.db.query(CONSULTATION_UID).findMany({ where: { id: { $in: consultationIds } }, select: ['id', 'title', 'rollClosedAt'] })
        : [];
      const titles = new Map<number, string>(read.map((c) => [c.id, c.title]));
      const closedAt = new Map<number, string | null>(read.map((c) => [c.id, c.rollClosedAt]));
      const proposals = new Map<number, string>(
        proposalIds.length
          ? (await strapi.db.query(PROPOSAL_UID).findMany({ where: { id: { $in: proposalIds } }, select: ['id', 'title'] })).map((p: any) => [p.id, p.title])
          : []
      );

      return {
        source: 'consultations',
        title: 'Consultations',
        sections: [
          {
            title: 'Contributions écrites',
            rows: contributions.map((c: any) => ({
              Consultation: c.consultation?.title ?? null,
              Titre: c.title,
              Texte: c.body,
              Catégorie: c.category ?? null,
              État: STATE_LABELS[c.state as keyof typeof STATE_LABELS] ?? c.state,
              'Motif de modération': c.hiddenReason ?? null,
              'Reprise dans la proposition': c.proposal?.title ?? null,
              'Déposée le': c.createdAt ? new Date(c.createdAt).toISOString() : null,
            })),
          },
          {
            title: 'Notes données aux propositions',
            rows: grades.map((g) => ({
              Consultation: titles.get(Number(g.consultation_id)) ?? null,
              Proposition: proposals.get(Number(g.proposal_id)) ?? null,
              Axe: AXIS_LABELS[g.axis],
              Note: Number(g.grade),
            })),
          },
          {
            title: 'Participation aux votes',
            note: 'Le vote est secret : le registre des votants indique seulement que vous avez voté, jamais votre choix, que l’intranet ne peut relier à vous.',
            rows: [
              ...voted.map((v) => ({ Scrutin: `Consultation « ${titles.get(Number(v.consultation_id)) ?? '—'} »`, 'A voté': true })),
              ...boxVotes.map((v) => ({ Scrutin: v.label, 'A voté': true })),
            ],
          },
          {
            title: 'Listes électorales',
            note: 'La liste électorale d’un vote est arrêtée à son ouverture : y figurer permet d’y voter. Elle ne dit rien de votre vote, ni même si vous avez voté.',
            rows: [
              ...rolls.consultationIds.map((id) => {
                const at = closedAt.get(id);
                // The instant as stored (ISO); the page and the PDF word it (`readablePersonalValue`).
                return { Scrutin: `Consultation « ${titles.get(id) ?? '—'} »`, 'Liste arrêtée le': at ? new Date(at).toISOString() : null };
              }),
              ...boxRolls.map((v) => ({ Scrutin: v.label, 'Liste arrêtée le': null })),
            ],
          },
        ],
      };
    },
  }) satisfies PersonalDataProvider;
