import { useId } from 'react';
import { primeRead, useApi } from '@portal/hooks';
import { useSession, type Me } from '@portal/session';
import { formatDate } from '@portal/format';
import { Notice } from '@portal/ui';

/**
 * Where a member stands, as « Mon adhésion » and its home card tell it: the dues of the year,
 * whether they may take part today, and when not, why (the API's reasons) and what to do.
 */

export type Member = NonNullable<Me['member']>;
/** A due as the API sends it (the session's type omits the cancellation reason). */
export type Due = Me['dues'][number] & { cancelReason?: string | null };
export interface Reason {
  code?: string;
  message: string;
}

/** The API sends `{ code, message }`; older answers sent plain strings. */
export function reasonsOf(eligibility: Me['eligibility'] | null | undefined): Reason[] {
  if (!eligibility) return [];
  return (eligibility.reasons as (Reason | string)[]).map((reason) => (typeof reason === 'string' ? { message: reason } : reason));
}

export const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const parisYear = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', year: 'numeric' });

/** The dues year that counts today: the year of the eligibility date (Paris), else this year in Paris. */
export function yearToday(me: Pick<Me, 'eligibility'>): number {
  const on = me.eligibility?.on;
  if (on && /^\d{4}-/.test(on)) return Number(on.slice(0, 4));
  return Number(parisYear.format(new Date()));
}

/** The due that stands for `year` (recorded, not cancelled), if any. */
export function standingDue(dues: Due[], year: number): Due | undefined {
  return dues.find((due) => due.year === year && !due.cancelledOn);
}

/**
 * Whom to ask, as « auprès du ou de la secrétaire de votre section (Nîmes) »: the member's
 * section secretary, or their federation when they belong to no section.
 */
export function askWhom(member: Member | null): string {
  if (member?.section) return `auprès du ou de la secrétaire de votre section (${member.section.name})`;
  if (member?.federation) return `auprès de votre fédération (${member.federation.name})`;
  return 'auprès de votre fédération';
}

/**
 * What taking part means in the member's federation, as the pages word it: voting, and the
 * consultations only when the federation has its consultations module on (`consultations`:
 * the session's `moduleOn('consultations')`), so that no page speaks of a module the member
 * does not have. Pure.
 */
export function participationWords(consultations: boolean): { can: string; cannot: string; right: string } {
  return consultations
    ? { can: 'voter et participer aux consultations', cannot: 'ni voter ni participer aux consultations', right: 'votre droit de participer aux votes et aux consultations' }
    : { can: 'voter', cannot: 'pas voter', right: 'votre droit de vote' };
}

/**
 * What the member can do about each reason, in plain French; `consultations`: the federation's
 * consultations module is on (the consultations are then named, participationWords).
 */
export function whatToDo(reasons: Reason[], member: Member | null, year: number, consultations: boolean): string[] {
  const ask = askWhom(member);
  const federation = member?.federation ? `votre fédération (${member.federation.name})` : 'votre fédération';
  const actions = new Set<string>();
  for (const reason of reasons) {
    switch (reason.code) {
      case 'dues-unpaid':
        actions.add(`Réglez votre cotisation ${year} ${ask}. Dès qu’elle est enregistrée, vous pouvez de nouveau ${participationWords(consultations).can}.`);
        break;
      case 'suspended':
        actions.add(`Vous retrouverez vos droits à la fin de la suspension. Pour toute question, adressez-vous à ${federation}.`);
        break;
      case 'not-yet-member':
        actions.add(`Vous pourrez participer à partir du ${formatDate(member?.joinedOn)}, date à laquelle votre adhésion prend effet.`);
        break;
      case 'joined-after-cutoff':
        actions.add('Cette consultation est réservée aux personnes qui avaient adhéré avant sa date limite ; vous pourrez participer aux suivantes.');
        break;
      case 'excluded':
        actions.add(`Vous n’êtes plus adhérent. Pour toute question, adressez-vous à ${federation}.`);
        break;
      case 'not-a-member':
        actions.add(`Votre compte n’est rattaché à aucune fiche d’adhérent : adressez-vous à ${federation}.`);
        break;
      default:
        actions.add(`Pour toute question, renseignez-vous ${ask}.`);
    }
  }
  return [...actions];
}

/**
 * An open consultation that refuses the member because they joined after its cut-off: its
 * own cut-off date, or its opening when that is earlier (membership's eligibility rule,
 * `joined-after-cutoff` or `not-yet-member` on the consultation's reference date, as the
 * consultations plugin applies it to each consultation: `GET /consultations/open`).
 */
export interface CutoffLimit {
  documentId: string;
  title: string;
  /** The date one must have joined by (YYYY-MM-DD), when the API sends it. */
  cutoff: string | null;
}

/** What `GET /consultations/open` tells of the reader's standing in each open consultation. */
export interface OpenStanding {
  documentId: string;
  title: string;
  me: { eligibility: { eligible: boolean; on?: string; cutoff?: string | null; reasons: Reason[] } } | null;
}

/** The refusals that only say « joined too late for this one ». */
const JOINED_TOO_LATE = new Set(['joined-after-cutoff', 'not-yet-member']);

/**
 * The open consultations that refuse the member for having joined after their cut-off (or
 * their opening, if earlier), in the order given. Pure. Other refusals (dues, sanctions) are
 * told by the member's standing itself.
 */
export function cutoffLimits(open: OpenStanding[] | undefined): CutoffLimit[] {
  return (open ?? []).flatMap((c) => {
    const eligibility = c.me?.eligibility;
    if (!eligibility || eligibility.eligible || !eligibility.reasons.some((r) => r.code && JOINED_TOO_LATE.has(r.code))) return [];
    const { on, cutoff } = eligibility;
    return [{ documentId: c.documentId, title: c.title, cutoff: cutoff && (!on || cutoff < on) ? cutoff : (on ?? null) }];
  });
}

/** The consultations plugin's public route the standing reads. */
const OPEN_PATH = '/consultations/open';
/**
 * How many open consultations the standing looks at: the consultations' home card shows as
 * many, with this very query, so that on « Accueil » both cards take one request.
 */
const OPEN_QUERY = { limit: 5 };

/**
 * The open consultations the member may not take part in for having joined after their
 * cut-off (`cutoffLimits`), read from the consultations plugin's public route when its module
 * is on for the member's federation (never its tables); none otherwise, or while it loads.
 */
export function useCutoffLimits(): CutoffLimit[] {
  const { me, moduleOn } = useSession();
  const open = useApi<OpenStanding[]>(me?.member && moduleOn('consultations') ? OPEN_PATH : null, OPEN_QUERY);
  return cutoffLimits(open.data);
}

/**
 * The « Mon adhésion » home card's read (its `prime`): the open consultations `useCutoffLimits`
 * asks, when the member has a record and the consultations module is on. The consultations card
 * primes the same read: the home page asks it once.
 */
export function primeMembershipCard(me: Me, moduleOn: (id: string | undefined) => boolean): Promise<unknown> | void {
  if (me.member && moduleOn('consultations')) return primeRead<OpenStanding[]>(OPEN_PATH, OPEN_QUERY);
}

/**
 * « Vous pouvez voter… » or « Vous ne pouvez ni voter… » with the reasons and what to do.
 * A member in good standing who joined after the cut-off of open consultations (`limits`) is
 * told which ones they may not take part in, why, and from when they can: the home page never
 * promises a vote the consultations refuse. Text says it all (never the colour alone). The
 * consultations are named only when the member's federation has their module on (participationWords).
 */
export function EligibilityPanel({ me, limits = [] }: { me: Pick<Me, 'eligibility' | 'member'>; limits?: CutoffLimit[] }) {
  const id = useId();
  const consultations = useSession().moduleOn('consultations');
  const words = participationWords(consultations);
  const eligibility = me.eligibility;
  if (!eligibility) {
    return (
      <Notice kind="warning">
        <p>Votre participation n’a pas pu être vérifiée : votre compte n’est rattaché à aucune fiche d’adhérent.</p>
      </Notice>
    );
  }
  if (eligibility.eligible && limits.length > 0) {
    const joined = me.member?.joinedOn ? formatDate(me.member.joinedOn) : null;
    return (
      <Notice kind="warning">
        <p>
          <strong>Votre adhésion est à jour, mais vous ne pouvez pas voter à {limits.length > 1 ? 'ces consultations' : 'cette consultation'} :</strong>
        </p>
        <ul className="compact-list">
          {limits.map((limit) => (
            <li key={limit.documentId}>
              « {limit.title} » : vous avez adhéré {joined ? `le ${joined}` : 'récemment'}, après sa date limite d’adhésion
              {limit.cutoff ? ` (le ${formatDate(limit.cutoff)})` : ''}.
            </li>
          ))}
        </ul>
        <p>
          Ces consultations sont réservées aux personnes qui avaient adhéré avant leur date limite. Vous pourrez voter et participer aux consultations
          dont la date limite d’adhésion est {joined ? `le ${joined} ou plus tard` : 'postérieure à votre adhésion'}.
        </p>
        <p className="meta">Situation au {formatDate(eligibility.on)}.</p>
      </Notice>
    );
  }
  if (eligibility.eligible) {
    return (
      <Notice kind="success">
        <p>
          <strong>Votre adhésion est à jour.</strong>
        </p>
        {consultations ? (
          <p>
            Vous pouvez voter et participer aux consultations dont la date limite d’adhésion suit votre adhésion
            {me.member?.joinedOn ? ` (le ${formatDate(me.member.joinedOn)})` : ''} : la page de chaque consultation vous dit si vous y participez.
          </p>
        ) : (
          <p>Vous pouvez voter.</p>
        )}
        <p className="meta">Situation au {formatDate(eligibility.on)}.</p>
      </Notice>
    );
  }
  const reasons = reasonsOf(eligibility);
  const actions = whatToDo(reasons, me.member, yearToday(me), consultations);
  return (
    <Notice kind="warning">
      <p>
        <strong>Vous ne pouvez {words.cannot} pour le moment.</strong>
      </p>
      <p id={`${id}-why`}>Pourquoi :</p>
      <ul className="compact-list" aria-labelledby={`${id}-why`}>
        {reasons.map((reason) => (
          <li key={reason.message}>{capitalize(reason.message)}.</li>
        ))}
      </ul>
      {actions.length > 0 && (
        <>
          <p id={`${id}-todo`}>Que faire :</p>
          <ul className="compact-list" aria-labelledby={`${id}-todo`}>
            {actions.map((action) => (
              <li key={action}>{action}</li>
            ))}
          </ul>
        </>
      )}
    </Notice>
  );
}
