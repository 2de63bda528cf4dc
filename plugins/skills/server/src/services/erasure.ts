import type { Core } from '@strapi/strapi';
import { actedAs, formerMemberLabel, withTransaction, type ErasureProvider, type ErasureReport, type ErasureSubject, type RetentionRule } from '@intranet-militant/shared';
import { CENSUSES, NETWORK_MEMBERS, PROFILE_TERMS, TERMS } from '../storage';
import { PROFILE_UID } from '../uids';

export const SKILLS_RETENTION: readonly RetentionRule[] = [
  {
    id: 'skills.profile',
    what: 'Skills profile (skills and levels, sector, networks, interests, availability, languages, visibility, consent version and date), thematic network memberships and what is shared there',
    period: 'While the member keeps it; unlisted at once on consent withdrawal, suspension, exclusion or departure; listed again (if consented) at once on a return, and by the nightly check when a suspension ends by its date',
    then: 'Deleted with its links and network memberships (the search document goes with it)',
    basis: 'Consent (GDPR art. 9(2)(a), art. 7(3)); erasure (art. 17)',
  },
  {
    id: 'skills.confirmations',
    what: 'Skill confirmations made by a staff member or network coordinator (their name on others’ profiles)',
    period: 'As long as the confirmed profile',
    then: 'The confirmer’s name is replaced by « Ancien adhérent »; the confirmation stays',
    basis: 'The confirmed member’s profile is theirs; GDPR art. 17 for the confirmer',
  },
  {
    id: 'skills.censuses',
    what: 'Census campaigns of a federation (title, message, dates, who opened it)',
    period: 'As long as the federation’s records',
    then: 'Kept; at the erasure of the member who opened one, their name becomes « Ancien adhérent (<role>) »',
    basis: 'The federation’s record of its campaigns; GDPR art. 17 for the staff member who opened it',
  },
  {
    id: 'skills.proposals',
    what: 'Vocabulary terms a member proposed',
    period: 'As long as the national vocabulary',
    then: 'Kept without the proposer (the link to the member is removed); a term the member reviewed shows « Ancien adhérent (<role>) » as its reviewer',
    basis: 'The vocabulary is the party’s; GDPR art. 5(1)(c)',
  },
];

/**
 * « Compétences et réseaux »' part of erasure (issue 22, item 4): the member's profile, its
 * links and their network memberships are deleted (through the query engine, so the search
 * plugin removes the profile's document in the same transaction); confirmations they gave
 * keep no name; terms they proposed lose the link; terms they reviewed and censuses they opened
 * name « Ancien adhérent (Rôle) » instead of them (found by the profile id beside the label, or
 * the address the label names). Idempotent: a second call reports zeros.
 */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  ({
    retention: SKILLS_RETENTION,
    async erase(subject: ErasureSubject): Promise<ErasureReport> {
      return withTransaction(strapi, async (trx) => {
        const profile = await strapi.db.query(PROFILE_UID).findOne({ where: { memberId: subject.memberId }, select: ['id'] });
        const links = profile ? await trx(PROFILE_TERMS).where({ profile_id: profile.id }).delete() : 0;
        if (profile) await strapi.db.query(PROFILE_UID).delete({ where: { id: profile.id } });
        const networks = await trx(NETWORK_MEMBERS).where({ member_id: subject.memberId }).delete();
        const confirmations = subject.userId == null ? 0 : await trx(PROFILE_TERMS).where({ confirmed_by: subject.userId }).update({ confirmed_by: null, confirmed_by_label: 'Ancien adhérent' });
        const proposals = await trx(TERMS).where({ proposed_by: subject.memberId }).update({ proposed_by: null });
        let reviews = 0;
        for (const t of await trx(TERMS).whereNotNull('reviewed_by').select('id', 'reviewed_by', 'reviewed_by_member')) {
          if (!actedAs(subject, t.reviewed_by, t.reviewed_by_member)) continue;
          reviews += await trx(TERMS).where({ id: t.id }).update({ reviewed_by: formerMemberLabel(t.reviewed_by), reviewed_by_member: null });
        }
        let censuses = 0;
        for (const c of await trx(CENSUSES).select('id', 'created_by', 'created_by_member')) {
          if (!actedAs(subject, c.created_by, c.created_by_member)) continue;
          censuses += await trx(CENSUSES).where({ id: c.id }).update({ created_by: formerMemberLabel(c.created_by), created_by_member: null });
        }
        return {
          source: 'skills',
          counts: {
            profiles: profile ? 1 : 0, links: Number(links), networkMemberships: Number(networks), confirmationsAnonymised: Number(confirmations), proposalsUnlinked: Number(proposals),
            reviewsAnonymised: reviews, censusesAnonymised: censuses,
          },
        };
      });
    },
  }) satisfies ErasureProvider;
