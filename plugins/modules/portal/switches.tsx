import { useAction } from '@portal/hooks';
import { useSession } from '@portal/session';
import { Badge, Button, ErrorMessage, Page, SuccessNotice, useSuccess } from '@portal/ui';

/**
 * The modules of the staff member's federation (as the shell already reads them, `GET
 * /api/modules/federations/:id`), each switched on or off with `PUT …/:module`: the same
 * command, rules and audit as the admin panel's switch.
 */
export default function SwitchesPage() {
  const { me, modules, reload } = useSession();
  const action = useAction();
  const [done, setDone] = useSuccess();
  const federation = me?.member?.federation;
  if (me?.member?.role !== 'federation-staff') return <Page title="Modules de la fédération"><ErrorMessage error="Cette page est réservée à l’équipe fédérale." /></Page>;
  if (!federation) return <Page title="Modules de la fédération"><ErrorMessage error="Votre compte n’est rattaché à aucune fédération." /></Page>;

  async function toggle(id: string, label: string, enabled: boolean) {
    setDone(null);
    const saved = await action.run(`/modules/federations/${federation!.documentId}/${id}`, { method: 'PUT', body: { enabled } });
    if (!saved) return;
    await reload();
    setDone(`« ${label} » est ${enabled ? 'activé' : 'désactivé'} pour la fédération.`);
  }

  return (
    <Page title="Modules de la fédération" intro={<p>Les fonctionnalités que les adhérents de la fédération {federation.name} voient dans l’intranet.</p>}>
      <SuccessNotice success={done} />
      {action.error && <ErrorMessage error={action.error} />}
      <ul className="cards">
        {modules.map((m) => (
          <li key={m.id} className="card">
            <h2 className="card-title">{m.label} <Badge tone={m.enabled ? 'success' : 'neutral'}>{m.enabled ? 'Activé' : 'Désactivé'}</Badge></h2>
            <p>{m.description}</p>
            <Button kind={m.enabled ? 'secondary' : 'primary'} pending={action.pending} onClick={() => toggle(m.id, m.label, !m.enabled)}>
              {m.enabled ? `Désactiver « ${m.label} »` : `Activer « ${m.label} »`}
            </Button>
          </li>
        ))}
      </ul>
    </Page>
  );
}
