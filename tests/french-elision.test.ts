import { describe, expect, it } from 'vitest';
import { elides, withDe } from '@intranet-militant/shared';
import { withDe as portalWithDe } from '../src/portal/lib/format';

/** « de » before a name, elided as French writes it (plugins/shared/src/elision.ts). */
describe('« de » before a name', () => {
  it('elides before a vowel, accented or not, upper or lower case', () => {
    expect(withDe('Aurélie Martin')).toBe('d’Aurélie Martin');
    expect(withDe('Émile')).toBe('d’Émile');
    expect(withDe('Éloïse')).toBe('d’Éloïse');
    expect(withDe('Ève')).toBe('d’Ève');
    expect(withDe('Île-de-France')).toBe('d’Île-de-France');
    expect(withDe('Œdipe')).toBe('d’Œdipe');
    expect(withDe('Ulysse')).toBe('d’Ulysse');
    expect(withDe('Océane')).toBe('d’Océane');
    expect(withDe('isabelle')).toBe('d’isabelle');
    // Composed or decomposed, the same letter.
    expect(withDe('E\u0301milie')).toBe('d’E\u0301milie');
  });

  it('elides before a mute h, and before a y sounding as a vowel', () => {
    expect(withDe('Hélène Durand')).toBe('d’Hélène Durand');
    expect(withDe('Hugo')).toBe('d’Hugo');
    expect(withDe('Yves')).toBe('d’Yves');
    expect(withDe('Yann')).toBe('de Yann');
    expect(withDe('Yolande')).toBe('de Yolande');
  });

  it('keeps « de » before a consonant, trims the name, and is the same rule in the portal', () => {
    expect(withDe('Jean Dupont')).toBe('de Jean Dupont');
    expect(withDe('Zoé')).toBe('de Zoé');
    expect(withDe('  Camille ')).toBe('de Camille');
    expect(withDe('')).toBe('de');
    expect(elides('')).toBe(false);
    expect(portalWithDe('Aurélie')).toBe('d’Aurélie');
  });
});
