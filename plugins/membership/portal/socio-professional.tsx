import { useState, type FormEvent } from 'react';
import { formatDate } from '@portal/format';
import { useAction } from '@portal/hooks';
import { Button, ErrorMessage, FocusKeeper, Section, SuccessNotice, useSuccess } from '@portal/ui';

/** What « Mon adhésion » receives about the category (the member's own view only). */
export interface SocioProfessionalView {
  socioProfessional: { category: string; label: string; consentedAt: string; consentVersion: string } | null;
  socioProfessionalConsentText: string;
  socioProfessionalCategories: readonly { key: string; label: string }[];
}

/**
 * « Ma catégorie socio-professionnelle » (optional): the member shares it with the consent
 * box ticked, or withdraws it; only aggregated compositions of bodies use it (issue 15).
 * The form stays: each save or withdrawal is announced by the section's SuccessNotice (again
 * when the same one follows), focus left on the button pressed — or, once « Retirer mon
 * consentement et effacer » is gone, moved by the FocusKeeper.
 */
export function SocioProfessionalSection({ view, onChange }: { view: SocioProfessionalView; onChange: () => void }) {
  const [category, setCategory] = useState(view.socioProfessional?.category ?? '');
  const [consent, setConsent] = useState(false);
  const action = useAction();
  const [done, setDone] = useSuccess();
  const shared = view.socioProfessional;

  // The last success goes as a request leaves: a refusal that follows is never shown beside it.
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    if (await action.run('/membership/me/socio-professional', { method: 'PUT', body: { category, consent } })) {
      setDone(shared ? 'Votre catégorie socio-professionnelle est mise à jour.' : 'Votre catégorie socio-professionnelle est enregistrée.');
      onChange();
    }
  };
  const withdraw = async () => {
    setDone(null);
    if (await action.run('/membership/me/socio-professional', { method: 'DELETE' })) {
      setCategory('');
      setConsent(false);
      setDone('Votre consentement est retiré et votre catégorie socio-professionnelle effacée.');
      onChange();
    }
  };

  return (
    <Section title="Ma catégorie socio-professionnelle (facultatif)">
      {/* « Retirer mon consentement et effacer » goes once done: focus goes to « Enregistrer », the button before it. */}
      <FocusKeeper>
        <p>
          Pour que les instances du parti reflètent la diversité des adhérents, vous pouvez indiquer votre catégorie socio-professionnelle. Elle ne sert qu’aux
          statistiques agrégées de composition des instances où vous siégez (tout effectif inférieur à 5 est masqué) et n’est montrée à personne individuellement.
        </p>
        {/* What is recorded, not an announcement: a box without role="status" (a Notice's), so that a save is told once, by the SuccessNotice below. */}
        {shared ? (
          <div className="notice notice-success">
            <p>
              Vous avez indiqué : <strong>{shared.label}</strong> (consentement donné le {formatDate(shared.consentedAt.slice(0, 10))}).
            </p>
          </div>
        ) : (
          <p className="meta">Vous n’avez rien indiqué.</p>
        )}
        <form onSubmit={submit} className="membership-spc" noValidate>
          <div className="field">
            <label htmlFor="spc-category">Catégorie</label>
            <select id="spc-category" value={category} onChange={(e) => setCategory(e.target.value)} required>
              <option value="">— Choisir —</option>
              {view.socioProfessionalCategories.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field membership-consent">
            <label>
              <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} /> {view.socioProfessionalConsentText}
            </label>
          </div>
          {action.error && <ErrorMessage error={action.error} />}
          <div className="actions">
            <Button type="submit" pending={action.pending}>
              {shared ? 'Mettre à jour' : 'Enregistrer'}
            </Button>
            {shared && (
              <Button type="button" kind="secondary" onClick={withdraw} pending={action.pending}>
                Retirer mon consentement et effacer
              </Button>
            )}
          </div>
          <SuccessNotice success={done} />
        </form>
      </FocusKeeper>
    </Section>
  );
}
