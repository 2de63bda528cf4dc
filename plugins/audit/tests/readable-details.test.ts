import { describe, expect, it } from 'vitest';
import { readableDetails } from '../server/src/domain/readable-details';

/** « Mes données » shows an audit entry's details as French lines, not JSON (issue 22, item 3). */
describe('readableDetails', () => {
  it('one line per field, French labels and values', () => {
    const json = JSON.stringify({ from: 'active', to: 'excluded', reason: 'Décision de la commission', until: '2026-03-31', trace: true, priorExclusion: false, sectionId: null, size: 12345 });
    expect(readableDetails(json).split('\n')).toEqual([
      'Avant : active',
      'Après : excluded',
      'Motif : Décision de la commission',
      'Jusqu’au : 31/03/2026',
      'Trace d’exclusion enregistrée : oui',
      'Exclusion antérieure : non',
      'Section (n°) : —',
      `Taille (octets) : ${(12345).toLocaleString('fr-FR')}`,
    ]);
  });

  it('nested objects as « Libellé › sous-libellé », lists joined, unknown fields in words', () => {
    const details = { counts: { profile: 1, reportAttachments: 2 }, parts: ['membership', 'audit'], someNewField: 'x', empty: {}, none: [], rows: [{ a: 1 }] };
    expect(readableDetails(details).split('\n')).toEqual([
      'Nombres › Profile : 1',
      'Nombres › Report attachments : 2',
      'Parties : membership, audit',
      'Some new field : x',
      'Empty : —',
      'None : —',
      'Lignes : A : 1',
    ]);
  });

  it('no JSON, nothing, or no field: said plainly', () => {
    expect(readableDetails(null)).toBe('—');
    expect(readableDetails('')).toBe('—');
    expect(readableDetails('{}')).toBe('—');
    expect(readableDetails('pas du JSON')).toBe('pas du JSON');
    expect(readableDetails('"texte"')).toBe('texte');
  });
});
