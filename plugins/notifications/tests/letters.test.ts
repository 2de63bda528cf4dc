import { describe, expect, it } from 'vitest';
import { escapeHtml, invitationLetter, passwordResetLetter } from '../server/src/mail/letters';

describe('letters', () => {
  it('escape what comes from data in the HTML, never in the text', () => {
    const letter = passwordResetLetter({ firstName: '<b>Zoé</b> & "co"', federation: { name: 'Gard <script>', departmentCode: '30' } }, 'https://intranet.example/reinitialiser-mot-de-passe?code=a&b=c');
    expect(letter.html).not.toContain('<b>Zoé</b>');
    expect(letter.html).not.toContain('<script>');
    expect(letter.html).toContain('&lt;b&gt;Zoé&lt;/b&gt; &amp; &quot;co&quot;');
    expect(letter.html).toContain('href="https://intranet.example/reinitialiser-mot-de-passe?code=a&amp;b=c"');
    expect(letter.text).toContain('Bonjour <b>Zoé</b> & "co",');
    expect(letter.text).toContain('https://intranet.example/reinitialiser-mot-de-passe?code=a&b=c');
    expect(escapeHtml(`'`)).toBe('&#39;');
  });

  it('say until when an invitation is valid (Paris date), and work without a name or federation', () => {
    const letter = invitationLetter({}, 'http://localhost:1337/activer?code=abc', new Date('2026-03-10T23:30:00Z'));
    expect(letter.text).toContain('Bonjour,');
    expect(letter.text).toContain('Vous avez été inscrit·e sur l’intranet des adhérents.');
    expect(letter.text).toContain('jusqu’au 11 mars 2026');
    expect(letter.text).toMatch(/— Intranet militant$/);
    expect(letter.html).toContain('<a href="http://localhost:1337/activer?code=abc"');
  });
});
