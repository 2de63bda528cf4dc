import { Link } from 'react-router-dom';
import { formatCents, formatDate } from '@portal/format';
import { useSession } from '@portal/session';
import { Badge, Empty, Section } from '@portal/ui';
import { EligibilityPanel, standingDue, useCutoffLimits, yearToday } from './standing';

/**
 * Home card « Mon adhésion »: my dues for the year and whether I may take part, with the
 * reasons when not. Reads the profile the session already holds, and the open consultations
 * that refuse me for having joined after their cut-off (`useCutoffLimits`).
 */
export default function MembershipCard() {
  const { me } = useSession();
  const limits = useCutoffLimits();
  if (!me?.member) {
    return (
      <Section title="Mon adhésion">
        <Empty>Votre compte n’est rattaché à aucune fiche d’adhérent : il n’a ni cotisation ni droit de vote.</Empty>
      </Section>
    );
  }
  const year = yearToday(me);
  const due = standingDue(me.dues, year);
  return (
    <Section title="Mon adhésion">
      <p className="membership-due">
        Cotisation {year} :{' '}
        {due ? (
          <>
            <Badge tone="success">réglée</Badge> le {formatDate(due.paidOn)} ({formatCents(due.amountCents)})
          </>
        ) : (
          <Badge tone="danger">non réglée</Badge>
        )}
      </p>
      <EligibilityPanel me={me} limits={limits} />
      <p>
        <Link to="/mon-adhesion">Voir mon adhésion et mes cotisations</Link>
      </p>
    </Section>
  );
}
