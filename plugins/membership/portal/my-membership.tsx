import { Link } from 'react-router-dom';
import { formatCents, formatDate } from '@portal/format';
import { useApi } from '@portal/hooks';
import { useSession, type Me } from '@portal/session';
import { ApiView, Badge, Empty, Notice, Page, Section } from '@portal/ui';
import { PAYMENT_METHOD_LABELS } from '../../shared/src/payment';
import { EligibilityPanel, participationWords, standingDue, askWhom, useCutoffLimits, yearToday, type Due, type Member } from './standing';
import { SocioProfessionalSection, type SocioProfessionalView } from './socio-professional';
import './styles.css';

/** Inclusive forms: the page speaks to every member (the file's `sex` is staff-only). */
const ROLE_LABELS: Record<string, string> = {
  member: 'Adhérent·e',
  'section-secretary': 'Secrétaire de section',
  'federation-staff': 'Équipe fédérale',
  'elected-official': 'Élu·e',
  'conflicts-commission': 'Commission des conflits',
  'national-admin': 'Administration nationale',
};

function Status({ member }: { member: Member }) {
  if (member.status === 'suspended') {
    return (
      <>
        <Badge tone="warning">Suspendue</Badge> {member.suspendedUntil ? `jusqu’au ${formatDate(member.suspendedUntil)}` : 'jusqu’à nouvel ordre'}
        {member.statusReason && <span className="membership-reason">Motif : {member.statusReason}</span>}
      </>
    );
  }
  if (member.status === 'excluded') {
    return (
      <>
        <Badge tone="danger">Exclusion</Badge>
        {member.statusReason && <span className="membership-reason">Motif : {member.statusReason}</span>}
      </>
    );
  }
  return <Badge tone="success">Active</Badge>;
}

function Profile({ me, member }: { me: Me; member: Member }) {
  return (
    <Section title="Mon profil">
      <dl className="facts membership-facts">
        <dt>Nom</dt>
        <dd>
          {member.firstName} {member.lastName}
        </dd>
        <dt>Numéro d’adhérent</dt>
        <dd>{member.membershipNumber}</dd>
        <dt>Fédération</dt>
        <dd>{member.federation ? `${member.federation.name} (${member.federation.departmentCode})` : 'Aucune'}</dd>
        <dt>Section</dt>
        <dd>{member.section ? member.section.name : 'Aucune section (rattachement direct à la fédération)'}</dd>
        <dt>Date d’adhésion</dt>
        <dd>{formatDate(member.joinedOn)}</dd>
        <dt>Adhésion</dt>
        <dd>
          <Status member={member} />
        </dd>
        {(member.role ?? me.role) && (
          <>
            <dt>Rôle</dt>
            <dd>{ROLE_LABELS[member.role ?? me.role] ?? member.role ?? me.role}</dd>
          </>
        )}
        {member.email && (
          <>
            <dt>Adresse e-mail</dt>
            <dd>{member.email}</dd>
          </>
        )}
        {member.phone && (
          <>
            <dt>Téléphone</dt>
            <dd>{member.phone}</dd>
          </>
        )}
      </dl>
      <p className="meta membership-note">Une information à corriger ? Signalez-la {askWhom(member)}.</p>
    </Section>
  );
}

function DueState({ due }: { due: Due }) {
  if (due.cancelledOn) {
    return (
      <>
        <Badge>Annulée</Badge> le {formatDate(due.cancelledOn)}
        {due.cancelReason && <span className="membership-reason">Motif : {due.cancelReason}</span>}
      </>
    );
  }
  return <Badge tone="success">Réglée</Badge>;
}

function Dues({ me, member }: { me: Me; member: Member }) {
  const year = yearToday(me);
  const missing = !standingDue(me.dues, year);
  return (
    <Section title="Mes cotisations">
      <p>La cotisation est annuelle : seule la cotisation de l’année en cours permet de participer. Une cotisation annulée ne compte pas.</p>
      {missing && (
        <Notice kind="warning">
          <p>
            Votre cotisation {year} n’est pas enregistrée. Réglez-la {askWhom(member)}.
          </p>
        </Notice>
      )}
      {me.dues.length === 0 && !missing ? (
        <Empty>Aucune cotisation enregistrée.</Empty>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="cotisations-legende" tabIndex={0}>
          <table className="membership-dues">
            <caption id="cotisations-legende" className="visually-hidden">
              Mes cotisations par année
            </caption>
            <thead>
              <tr>
                <th scope="col">Année</th>
                <th scope="col">Montant</th>
                <th scope="col">Réglée le</th>
                <th scope="col">État</th>
              </tr>
            </thead>
            <tbody>
              {missing && (
                <tr className="membership-missing">
                  <th scope="row">{year}</th>
                  <td>—</td>
                  <td>—</td>
                  <td>
                    <Badge tone="danger">Non réglée</Badge>
                  </td>
                </tr>
              )}
              {(me.dues as Due[]).map((due) => (
                <tr key={due.documentId}>
                  <th scope="row">{due.year}</th>
                  <td>{formatCents(due.amountCents)}</td>
                  <td>
                    {formatDate(due.paidOn)}
                    {due.method && <span className="membership-reason">par {PAYMENT_METHOD_LABELS[due.method as keyof typeof PAYMENT_METHOD_LABELS] ?? due.method}</span>}
                  </td>
                  <td>
                    <DueState due={due} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

/** « Mon adhésion »: re-reads /api/membership/me so that a payment just recorded shows. */
export default function MyMembershipPage() {
  const state = useApi<Me>('/membership/me');
  const limits = useCutoffLimits();
  const { moduleOn } = useSession();
  return (
    <Page title="Mon adhésion" intro={<p>Votre fiche d’adhérent, vos cotisations et {participationWords(moduleOn('consultations')).right}.</p>}>
      <ApiView state={state} lines={6} isEmpty={(me) => !me.member} empty="Votre compte n’est rattaché à aucune fiche d’adhérent : adressez-vous à votre fédération.">
        {(me) =>
          me.member && (
            <div className="membership">
              <Section title="Ma participation">
                <EligibilityPanel me={me} limits={limits} />
              </Section>
              <Profile me={me} member={me.member} />
              <Dues me={me} member={me.member} />
              <SocioProfessionalSection view={me.member as unknown as SocioProfessionalView} onChange={state.reload} />
              <Section title="Mes données">
                <p>
                  Vous pouvez télécharger tout ce que l’intranet conserve sur vous. <Link to="/mes-donnees">Mes données</Link>
                </p>
              </Section>
            </div>
          )
        }
      </ApiView>
    </Page>
  );
}
