/**
 * Text for pdfkit's standard fonts (Helvetica…), which know WinAnsi (cp1252) only: narrow
 * spaces become no-break spaces, other characters lose their accents when that makes them
 * encodable (« · », « œ », « € », « ’ » are cp1252 already), whatever is left becomes « ? ».
 * The same rule as bodies' report and training's certificate (each has its own copy).
 */
const CP1252_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const encodable = (c: string) => {
  const code = c.charCodeAt(0);
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRAS.has(c);
};

export function pdfText(text: string): string {
  let out = '';
  for (const c of text.normalize('NFC').replace(/[\u2009\u202F]/g, '\u00A0').replace(/[^\S\u00A0\n]+/g, ' ')) {
    if (c === '\n' || encodable(c)) out += c;
    else {
      const stripped = c.normalize('NFKD').replace(/\p{M}/gu, '');
      out += stripped && [...stripped].every(encodable) ? stripped : '?';
    }
  }
  return out.trim();
}
