import { useState, type ChangeEvent, type FormEvent } from 'react';
import { formatDateTime, wholeNumberOf } from '@portal/format';
import { useAction, useApi } from '@portal/hooks';
import { useSession } from '@portal/session';
import { MemberSearch, type FoundMember } from '@portal/member-search';
import { Button, ErrorMessage, Page, Section, SelectField, SuccessNotice, TextField, useSuccess } from '@portal/ui';

/** `GET /api/membership/federations` and `…/:id/sections`: a place a member is registered in. */
interface Place {
  documentId: string;
  name: string;
  /** A federation's (sections have none). */
  departmentCode?: string;
}

/**
 * The membership number's hint: an example in the federation's own numbering (its department
 * code, « 34-01234 » for the Hérault), never another federation's; without a federation (a
 * national admin who has not chosen one yet), no example. Pure.
 */
export function membershipNumberHint(departmentCode: string | undefined): string {
  return departmentCode ? `Lettres majuscules, chiffres et tirets (par exemple ${departmentCode}-01234).` : 'Lettres majuscules, chiffres et tirets.';
}

const OFFICERS = new Set(['section-secretary', 'federation-staff', 'national-admin']);
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
const EMPTY = { firstName: '', lastName: '', email: '', phone: '', membershipNumber: '', federation: '', section: '', joinedOn: today(), sex: '', birthYear: '' };

/**
 * « Adhérents » (issue 11, staff: a section's secretary for their section, federation staff
 * for their federation, national admins for all): register a member — the invitation to
 * « Activer mon compte » leaves by email at once — and send an invitation again (the earlier
 * link stops working). Same routes and rules as the API (`POST /api/membership/members`,
 * `POST /api/notifications/invitations/:memberId`).
 */
export default function MembersPage() {
  const { me } = useSession();
  const [done, setDone] = useSuccess();
  if (!me || !OFFICERS.has(me.role)) {
    return (
      <Page title="Adhérents">
        <ErrorMessage error="Cette page est réservée aux secrétaires de section, à l’équipe fédérale et aux administrateurs nationaux." />
      </Page>
    );
  }
  return (
    <Page
      title="Adhérents"
      intro={<p>Inscrivez un nouvel adhérent : il reçoit aussitôt par e-mail un lien pour activer son compte et choisir son mot de passe (valable 7 jours).</p>}
    >
      {/* The form and the search stay: the success is announced (role="status"), again when the same one follows, focus left on the button pressed. */}
      <SuccessNotice success={done} />
      <Register onDone={setDone} />
      <Resend onDone={setDone} />
    </Page>
  );
}

function Register({ onDone }: { onDone: (message: string) => void }) {
  const { me } = useSession();
  const ownFederation = me?.member?.federation ?? null;
  const ownSection = me?.role === 'section-secretary' ? (me.member?.section ?? null) : null;
  const [values, setValues] = useState(EMPTY);
  const federations = useApi<Place[]>(ownFederation ? null : '/membership/federations');
  const federationId = ownFederation?.documentId ?? values.federation;
  const sections = useApi<Place[]>(!ownSection && federationId ? `/membership/federations/${encodeURIComponent(federationId)}/sections` : null);
  const action = useAction<{ documentId: string }>();
  const fieldErrors = action.error?.fieldErrors ?? {};
  const set = (field: keyof typeof EMPTY) => (event: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setValues((v) => ({ ...v, [field]: event.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body: Record<string, unknown> = {
      firstName: values.firstName.trim(),
      lastName: values.lastName.trim(),
      email: values.email.trim(),
      membershipNumber: values.membershipNumber.trim().toUpperCase(),
      joinedOn: values.joinedOn,
    };
    if (values.phone.trim()) body.phone = values.phone.trim();
    if (values.sex) body.sex = values.sex; // 'F' or 'M' as registered; absent when not given
    // A year typed as digits goes as a number; anything else as typed, for the API's French message.
    if (values.birthYear.trim()) body.birthYear = wholeNumberOf(values.birthYear);
    if (!ownFederation && values.federation) body.federation = values.federation;
    const section = ownSection?.documentId ?? values.section;
    if (section) body.section = section;
    if (await action.run('/membership/members', { method: 'POST', body })) {
      onDone(`${body.firstName} ${body.lastName} est inscrit·e. L’invitation part à ${body.email} : le lien est valable 7 jours.`);
      setValues({ ...EMPTY, federation: values.federation });
    }
  }

  return (
    <Section title="Inscrire un adhérent">
      <form onSubmit={submit} noValidate>
        {/* A refusal of a field is told beside it (focus goes there); any other is announced here, focus left on the button. */}
        {action.error && !Object.keys(fieldErrors).length && <ErrorMessage error={action.error} />}
        <TextField label="Prénom" value={values.firstName} onChange={set('firstName')} maxLength={80} required error={fieldErrors.firstName} autoComplete="off" />
        <TextField label="Nom" value={values.lastName} onChange={set('lastName')} maxLength={80} required error={fieldErrors.lastName} autoComplete="off" />
        <TextField label="Adresse e-mail" type="email" value={values.email} onChange={set('email')} required error={fieldErrors.email} autoComplete="off" />
        <TextField label="Téléphone (facultatif)" type="tel" value={values.phone} onChange={set('phone')} error={fieldErrors.phone} autoComplete="off" />
        <TextField
          label="Numéro d’adhérent"
          hint={membershipNumberHint(ownFederation?.departmentCode ?? federations.data?.find((f) => f.documentId === values.federation)?.departmentCode)}
          value={values.membershipNumber}
          onChange={set('membershipNumber')}
          maxLength={20}
          required
          error={fieldErrors.membershipNumber}
          autoComplete="off"
        />
        {!ownFederation && (
          <SelectField id="inscription-federation" label="Fédération" value={values.federation} onChange={set('federation')} required error={fieldErrors.federation}>
            <option value="">Choisissez la fédération</option>
            {(federations.data ?? []).map((f) => (
              <option key={f.documentId} value={f.documentId}>
                {f.name}
              </option>
            ))}
          </SelectField>
        )}
        {ownSection ? (
          <p className="meta">Section : {ownSection.name}</p>
        ) : (
          <SelectField id="inscription-section" label="Section" value={values.section} onChange={set('section')} disabled={!federationId} error={fieldErrors.section}>
            <option value="">Sans section (rattaché à la fédération)</option>
            {(sections.data ?? []).map((s) => (
              <option key={s.documentId} value={s.documentId}>
                {s.name}
              </option>
            ))}
          </SelectField>
        )}
        <TextField label="Date d’adhésion" type="date" value={values.joinedOn} onChange={set('joinedOn')} required error={fieldErrors.joinedOn} />
        <SelectField id="inscription-sexe" label="Sexe tel qu’enregistré (facultatif)" value={values.sex} onChange={set('sex')} error={fieldErrors.sex}>
          <option value="">Non renseigné</option>
          <option value="F">Femme (F)</option>
          <option value="M">Homme (M)</option>
        </SelectField>
        <TextField
          label="Année de naissance (facultatif)"
          hint="Quatre chiffres, ex. 1984 : elle sert aux statistiques par âge, jamais affichée aux autres adhérents."
          inputMode="numeric"
          maxLength={4}
          value={values.birthYear}
          onChange={set('birthYear')}
          error={fieldErrors.birthYear}
          autoComplete="off"
        />
        <Button type="submit" pending={action.pending}>
          Inscrire et inviter
        </Button>
      </form>
    </Section>
  );
}

function Resend({ onDone }: { onDone: (message: string) => void }) {
  return (
    <Section title="Renvoyer une invitation">
      <p>Un adhérent n’a pas reçu son lien, ou il a expiré : envoyez-en un nouveau (l’ancien ne fonctionne plus).</p>
      <MemberSearch label="Rechercher un adhérent à inviter" action={(m) => <ResendButton member={m} onDone={onDone} />} />
    </Section>
  );
}

function ResendButton({ member, onDone }: { member: FoundMember; onDone: (message: string) => void }) {
  const action = useAction<{ sentTo: string; expiresAt: string }>();
  const name = `${member.firstName} ${member.lastName}`;
  return (
    <>
      <Button
        kind="secondary"
        pending={action.pending}
        onClick={async () => {
          const sent = await action.run(`/notifications/invitations/${encodeURIComponent(member.documentId)}`, { method: 'POST', body: {} });
          if (sent) onDone(`Une nouvelle invitation part à ${sent.data.sentTo}, valable jusqu’au ${formatDateTime(sent.data.expiresAt)}.`);
        }}
      >
        Renvoyer l’invitation<span className="visually-hidden"> à {name}</span>
      </Button>
      {/* No field here to mend (an activated member's memberId included): announced (role="alert"), focus left on the button. */}
      {action.error && <ErrorMessage error={action.error} />}
    </>
  );
}
