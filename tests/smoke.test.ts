import { describe, expect, it } from 'vitest';
import { api } from './support/strapi';
import { createMember } from './support/factories';
import { bearer } from './support/expect';

describe('smoke', () => {
  it('boots and answers /api/membership/me', async () => {
    const m = await createMember();
    const res = await (await api()).get('/api/membership/me').set(bearer(m.token));
    expect(res.status).toBe(200);
    expect(res.body.data.member.membershipNumber).toBe(m.member.membershipNumber);
  });
});
