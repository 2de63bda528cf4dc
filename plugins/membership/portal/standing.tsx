import { useId } from 'react';
import type { Me } from '@portal/session';
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

/** What the member can do about each reason, in plain French. */
export function whatToDo(reasons: Reason[], member: Member | null, year: number): string[] {
  const ask = askWhom(member);
  const federation = member?.federation ? `votre fédération (${member.federation.name})` : 'votre fédération';
  const actions = new Set<string>();
  for (const reason of reasons) {
    switch (reason.code) {
      case 'dues-unpaid':
        actions.add(`Réglez votre cotisation ${year} ${ask}. Dès qu’elle est enregistrée, vous pouvez de nouveau voter et participer aux consultations.`);
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
 * « Vous pouvez voter… » or « Vous ne pouvez ni voter… » with the reasons and what to do.
 * Text says it all (never the colour alone).
 */
export function EligibilityPanel({ me }: { me: Pick<Me, 'eligibility' | 'member'> }) {
  const id = useId();
  const eligibility = me.eligibility;
  if (!eligibility) {
    return (
      <Notice kind="warning">
        <p>Votre participation n’a pas pu être vérifiée : votre compte n’est rattaché à aucune fiche d’adhérent.</p>
      </Notice>
    );
  }
  if (eligibility.eligible) {
    return (
      <Notice kind="success">
        <p>
          <strong>Votre adhésion est à jour.</strong>
        </p>
        <p>
          Vous pouvez voter et participer aux consultations dont la date limite d’adhésion suit votre adhésion
          {me.member?.joinedOn ? ` (le ${formatDate(me.member.joinedOn)})` : ''} : la page de chaque consultation vous dit si vous y participez.
        </p>
        <p className="meta">Situation au {formatDate(eligibility.on)}.</p>
      </Notice>
    );
  }
  const reasons = reasonsOf(eligibility);
  const actions = whatToDo(reasons, me.member, yearToday(me));
  return (
    <Notice kind="warning">
      <p>
        <strong>Vous ne pouvez ni voter ni participer aux consultations pour le moment.</strong>
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
