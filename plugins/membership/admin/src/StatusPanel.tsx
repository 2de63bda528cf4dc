import { useState } from 'react';
import { Box, Button, Field, Flex, SingleSelect, SingleSelectOption, Textarea, TextInput, Typography } from '@strapi/design-system';
import { useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';

const MEMBER_UID = 'plugin::membership.member';
const STATUS_PERMISSIONS = { change: [{ action: 'plugin::membership.status.change', subject: null }] };
const LABELS: Record<string, string> = { active: 'Actif', suspended: 'Suspendu', excluded: 'Exclu', left: 'A quitté le parti' };

interface PanelProps {
  model: string;
  documentId?: string;
  document?: { membershipStatus?: string; suspendedUntil?: string | null; statusReason?: string | null } | null;
}

/** The side panel of a member's page (a Content Manager panel: returns its title and content, or null elsewhere). */
export function StatusPanel({ model, documentId, document }: PanelProps) {
  if (model !== MEMBER_UID || !documentId || !document) return null;
  return { title: 'Statut d’adhésion', content: <StatusForm documentId={documentId} current={document.membershipStatus ?? 'active'} until={document.suspendedUntil ?? null} /> };
}
StatusPanel.type = 'membership-status';

function StatusForm({ documentId, current, until }: { documentId: string; current: string; until: string | null }) {
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { allowedActions, isLoading } = useRBAC(STATUS_PERMISSIONS);
  const [status, setStatus] = useState(current);
  const [reason, setReason] = useState('');
  const [end, setEnd] = useState('');
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  if (isLoading) return null;

  const summary = `${LABELS[current] ?? current}${current === 'suspended' && until ? ` jusqu’au ${new Date(`${until}T12:00:00`).toLocaleDateString('fr-FR')}` : ''}`;
  if (!allowedActions.canChange) {
    return <Typography variant="pi">Statut : {summary}</Typography>;
  }

  async function submit() {
    setBusy(true);
    setFieldErrors({});
    try {
      await post(`/membership/members/${documentId}/status`, { status, reason, ...(status === 'suspended' && end ? { until: end } : {}) });
      toggleNotification({ type: 'success', message: `Statut enregistré : ${LABELS[status].toLowerCase()}.` });
      // The Content Manager shows the stored record: read it again.
      window.location.reload();
    } catch (e) {
      const error = (e as { response?: { data?: { error?: { message?: string; details?: { errors?: { path: string[]; message: string }[] } } } } }).response?.data?.error;
      setFieldErrors(Object.fromEntries((error?.details?.errors ?? []).map((x) => [x.path.join('.'), x.message])));
      toggleNotification({ type: 'danger', message: error?.message ?? 'Le statut n’a pas pu être enregistré.' });
      setBusy(false);
    }
  }

  return (
    <Flex direction="column" alignItems="stretch" gap={3} width="100%">
      <Typography variant="pi">Statut actuel : {summary}</Typography>
      <Field.Root name="membership-status" error={fieldErrors.status}>
        <Field.Label>Nouveau statut</Field.Label>
        <SingleSelect value={status} onChange={(value: string | number) => setStatus(String(value))}>
          {Object.entries(LABELS).map(([value, label]) => (
            <SingleSelectOption key={value} value={value}>{label}</SingleSelectOption>
          ))}
        </SingleSelect>
        <Field.Error />
      </Field.Root>
      {status === 'suspended' && (
        <Field.Root name="membership-status-until" error={fieldErrors.until} hint="Laisser vide pour une suspension sans date de fin.">
          <Field.Label>Fin de la suspension</Field.Label>
          <TextInput type="date" value={end} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setEnd(e.target.value)} />
          <Field.Hint />
          <Field.Error />
        </Field.Root>
      )}
      <Field.Root name="membership-status-reason" error={fieldErrors.reason} required>
        <Field.Label>Motif du changement</Field.Label>
        <Textarea value={reason} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReason(e.target.value)} />
        <Field.Error />
      </Field.Root>
      <Box>
        <Button onClick={submit} loading={busy} disabled={busy} variant={status === 'excluded' ? 'danger' : 'default'}>
          Enregistrer le statut
        </Button>
      </Box>
    </Flex>
  );
}
