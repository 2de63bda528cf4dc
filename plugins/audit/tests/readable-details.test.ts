import { describe, expect, it } from 'vitest';
import { readableDetails } from '../server/src/domain/readable-details';

/** « Mes données » shows an audit entry's details as French lines, not JSON (issue 22, item 3). */
describe('readableDetails', () => {
  it('one line per field, French labels and values', () => {
    const json = JSON.stringify({ from: 'active', to: 'excluded', reason: 'Décision de la commission', until: '2026-03-31', trace: true, priorExclusion: false, sectionId: 12, size: 12345 });
    expect(readableDetails(json).split('\n')).toEqual([
      'Avant : actif',
      'Après : exclu',
      'Motif : Décision de la commission',
      'Jusqu’au : 31 mars 2026',
      'Trace d’exclusion enregistrée : oui',
      'Exclusion antérieure : non',
      `Taille (octets) : ${(12345).toLocaleString('fr-FR')}`,
    ]);
  });

  it('nested objects as « Libellé › sous-libellé », lists joined, unknown fields in words', () => {
    const details = { counts: { profile: 1, reportAttachments: 2 }, parts: ['membership', 'audit'], someNewField: 'x', empty: {}, none: [], rows: [{ a: 1 }] };
    expect(readableDetails(details).split('\n')).toEqual([
      'Nombres › Profile : 1',
      'Nombres › Report attachments : 2',
      'Parties : Adhésion, Journal d’audit',
      'Some new field : x',
      'Empty : —',
      'None : —',
      'Lignes : A : 1',
    ]);
  });

  it('the codes plugins record in words, instants in Paris time, a content type by its name (never skills_networks, staff, email…)', () => {
    expect(readableDetails({ sharedFields: ['skills', 'email'], visibility: 'staff', method: 'cheque', role: 'federation-staff', format: 'pdf' }).split('\n')).toEqual([
      'Champs partagés : compétences, adresse e-mail',
      'Visibilité : l’équipe de la fédération seulement',
      'Mode de paiement : chèque',
      'Rôle : Équipe fédérale',
      'Format : PDF',
    ]);
    expect(readableDetails({ since: '2026-12-06T03:18:42.233Z', year: 2026 }).split('\n')).toEqual(['Depuis : 6 décembre 2026 à 04 h 18', 'Année : 2026']);
    expect(readableDetails({ effectOf: { type: 'plugin::membership.member', id: 'q1e3tz7bbhy6qgvui7ari9fz', from: 'active', to: 'left' } }).split('\n')).toEqual([
      'Conséquence de › Type : Fiche d’adhérent',
      'Conséquence de › Avant : actif',
      'Conséquence de › Après : parti',
    ]);
    // An admin-panel account an erasure request closed (`admin::user.deactivate`): its effect in words.
    const closed = { effectOf: { type: 'plugin::membership.member', id: 'q1e3tz7bbhy6qgvui7ari9fz', action: 'plugin::membership.member.erasure-request' }, isActive: { before: true, after: false }, sessions: 'admin' };
    expect(readableDetails(closed).split('\n')).toEqual([
      'Conséquence de › Type : Fiche d’adhérent',
      'Conséquence de › Action : Demande d’effacement — fiche d’adhérent',
      'Compte actif › Avant : oui',
      'Compte actif › Après : non',
      'Sessions fermées : panneau d’administration',
    ]);
    // An erasure's counts by plugin, under each part's name.
    expect(readableDetails({ parts: { membership: { dues: 2 }, skills: { profiles: 1 } } }).split('\n')).toEqual([
      'Parties › Adhésion › Dues : 2',
      'Parties › Compétences et réseaux › Profiles : 1',
    ]);
  });

  it('leaves internal identifiers out: documentIds, database ids (a list of them is counted)', () => {
    expect(readableDetails({ export: 's6i893rpx0elq1e3tz7bbhy6', parts: ['membership', 'search'] })).toBe('Parties : Adhésion, Recherche');
    expect(readableDetails({ export: 's6i893rpx0elq1e3tz7bbhy6' })).toBe('—');
    expect(readableDetails({ member: 'q1e3tz7bbhy6qgvui7ari9fz', memberId: 42, year: 2027, amountCents: 2500 }).split('\n')).toEqual(['Année : 2027', `Montant (centimes) : ${(2500).toLocaleString('fr-FR')}`]);
    expect(readableDetails({ consultation: 'q1e3tz7bbhy6qgvui7ari9fz', proposals: ['q1e3tz7bbhy6qgvui7ari9fz', 's6i893rpx0elq1e3tz7bbhy6'], by: 'ranking' }).split('\n')).toEqual(['Propositions : 2', 'Par : classement']);
    expect(JSON.stringify(readableDetails({ effectOf: { id: 'q1e3tz7bbhy6qgvui7ari9fz' } }))).not.toContain('q1e3tz');
  });

  it('no JSON, nothing, or no field: said plainly', () => {
    expect(readableDetails(null)).toBe('—');
    expect(readableDetails('')).toBe('—');
    expect(readableDetails('{}')).toBe('—');
    expect(readableDetails('pas du JSON')).toBe('pas du JSON');
    expect(readableDetails('"texte"')).toBe('texte');
  });
});
