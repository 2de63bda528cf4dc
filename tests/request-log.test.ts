import { describe, expect, it } from 'vitest';
import { api, bootStrapi } from './support/strapi';
import { createMember } from './support/factories';
import { bearer } from './support/expect';

describe('the request log', () => {
  it('records method, path and status, never the query string (what members search or are still writing)', async () => {
    const strapi = await bootStrapi();
    const member = await createMember();
    const lines: string[] = [];
    const original = strapi.log.http.bind(strapi.log);
    (strapi.log as any).http = (message: string) => {
      lines.push(message);
    };
    try {
      const http = await api();
      await http.get('/api/search?q=ma%20position%20sur%20la%20laicite').set(bearer(member.token));
      await http.get('/api/consultations/abc/similar?text=brouillon%20confidentiel').set(bearer(member.token));
    } finally {
      (strapi.log as any).http = original;
    }
    expect(lines.some((line) => /^GET \/api\/search \(\d+ ms\) \d{3}$/.test(line)), lines.join('\n')).toBe(true);
    expect(lines.some((line) => line.startsWith('GET /api/consultations/abc/similar '))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/laicite|brouillon|\?/);
  });
});
