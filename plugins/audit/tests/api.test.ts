import { basename } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, bootStrapi } from '../../../tests/support/strapi';
import { createWorld, thisYear, type World } from '../../../tests/support/factories';
import { bearer, expectError, fieldMessages } from '../../../tests/support/expect';
import { installAppendOnlyGuard, removeAppendOnlyGuard } from '../server/src/storage';

let w: World;
beforeAll(async () => {
  w = await createWorld();
  const http = await api();
  // Something to audit in each federation.
  await http.post(`/api/membership/members/${w.memberB.member.documentId}/dues`).set(bearer(w.staff.token))
    .send({ year: thisYear() + 1, amountCents: 2500, paidOn: `${thisYear()}-01-05`, method: 'virement' });
  await http.post(`/api/membership/members/${w.otherMember.member.documentId}/dues`).set(bearer(w.otherStaff.token))
    .send({ year: thisYear() + 1, amountCents: 2500, paidOn: `${thisYear()}-01-05`, method: 'virement' });
});

describe('GET /api/audit/entries', () => {
  it('answers 401 anonymous, 403 to members, secretaries and the commission', async () => {
    const http = await api();
    expectError(await http.get('/api/audit/entries'), 401);
    expectError(await http.get('/api/audit/entries').set(bearer(w.member.token)), 403);
    expectError(await http.get('/api/audit/entries').set(bearer(w.secretary.token)), 403);
    expectError(await http.get('/api/audit/entries').set(bearer(w.commission.token)), 403);
    expectError(await http.get(`/api/audit/entries?federation=${w.other.documentId}`).set(bearer(w.staff.token)), 403, 'votre fédération');
  });

  it('answers 400 for bad parameters', async () => {
    const res = await (await api()).get('/api/audit/entries?pageSize=0&federation=$$').set(bearer(w.staff.token));
    expectError(res, 400);
    expect(Object.keys(fieldMessages(res)).sort()).toEqual(['federation', 'pageSize']);
  });

  it('shows staff their federation’s entries only, newest first, with who, what and when', async () => {
    const res = await (await api()).get('/api/audit/entries?action=plugin::membership.due.record').set(bearer(w.staff.token));
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThan(0);
    expect(res.body.data.every((e: any) => e.federationId === w.federation.id)).toBe(true);
    const [entry] = res.body.data;
    expect(entry).toMatchObject({
      action: 'plugin::membership.due.record',
      actionLabel: 'Enregistrement — cotisation',
      actor: { kind: 'user', id: w.staff.user.id, label: expect.stringContaining(w.staff.user.email) },
      subject: { type: 'plugin::membership.due', id: expect.any(String), label: 'Cotisation', name: expect.stringMatching(/^réf\. [a-z0-9]{6}$/) },
      details: { year: thisYear() + 1, amountCents: 2500, method: 'virement' },
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const seqs = res.body.data.map((e: any) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
  });

  it('names every action and subject of the page in French, the stored names kept beside them', async () => {
    const res = await (await api()).get('/api/audit/entries').set(bearer(w.staff.token));
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThan(0);
    for (const e of res.body.data) {
      expect(e.action).toMatch(/^(plugin|api|admin)::/);
      expect(`${e.actionLabel} ${e.subject.label}`).not.toMatch(/::/);
      // Which subject: a name from the entry's details or a short reference, never the whole documentId.
      if (e.subject.name) expect(e.subject.name).not.toContain(e.subject.id.length === 24 ? e.subject.id : '\u0000');
    }
  });

  it('names the subject from the entry’s own details when they carry its name', async () => {
    const strapi = await bootStrapi();
    await strapi.plugin('audit').service('log').record({
      actor: { kind: 'user', id: w.staff.user.id, label: 'Équipe' }, action: 'plugin::skills.network.create',
      subject: { type: 'skills_networks', id: 'reseau-sante' }, federationId: w.federation.id, details: { name: 'Réseau santé', coordinators: 1 },
    });
    const res = await (await api()).get('/api/audit/entries?subjectId=reseau-sante').set(bearer(w.staff.token));
    expect(res.status).toBe(200);
    expect(res.body.data[0]).toMatchObject({ actionLabel: 'Création — réseau', subject: { type: 'skills_networks', id: 'reseau-sante', label: 'Réseau', name: '« Réseau santé »' } });
  });

  it('lets national admins read any federation’s log', async () => {
    const res = await (await api()).get(`/api/audit/entries?federation=${w.other.documentId}`).set(bearer(w.national.token));
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThan(0);
    expect(res.body.data.every((e: any) => e.federationId === w.other.id)).toBe(true);
  });
});

describe('GET /api/audit/verify and the hash chain', () => {
  it('answers 401 anonymous and 403 to federation staff', async () => {
    const http = await api();
    expectError(await http.get('/api/audit/verify'), 401);
    expectError(await http.get('/api/audit/verify').set(bearer(w.staff.token)), 403);
  });

  it('refuses ordinary updates and deletions of entries (append-only)', async () => {
    const knex = (await bootStrapi()).db.connection;
    await expect(knex('audit_log').update({ actor_label: 'x' })).rejects.toThrow(/append-only/);
    await expect(knex('audit_log').del()).rejects.toThrow(/append-only/);
    // Only an erasure's blanking passes the triggers (label, details, a later redaction entry);
    // verification then wants a signed redaction entry vouching for it.
    const [first] = await knex('audit_log').orderBy('seq', 'asc').limit(1);
    await expect(knex('audit_log').where({ seq: first.seq }).update({ hash: 'f'.repeat(64), redacted_by: first.seq + 1 })).rejects.toThrow(/append-only/);
    await expect(knex('audit_log').where({ seq: first.seq }).update({ actor_label: 'x', redacted_by: first.seq })).rejects.toThrow(/append-only/);
  });

  it('detects a tampered entry, a deleted entry and a deleted tail', async () => {
    const http = await api();
    const strapi = await bootStrapi();
    const knex = strapi.db.connection;
    const client = strapi.db.dialect.client;

    const clean = await http.get('/api/audit/verify').set(bearer(w.national.token));
    expect(clean.status).toBe(200);
    expect(clean.body.data).toMatchObject({ valid: true, firstBreak: null });
    // The anchor's file by its name only: the server's paths are not the API's business.
    expect(clean.body.data.anchor.file).toBe(basename(process.env.AUDIT_ANCHOR_FILE || '.tmp/audit-anchor.json'));
    expect(clean.text).not.toContain(process.cwd());
    expect(clean.text).not.toMatch(/"file":"[^"]*\//);
    expect(clean.body.data.checked).toBe(clean.body.data.head.seq);

    const { seq } = await knex('audit_log')
      .where({ action: 'plugin::membership.due.record', federation_id: w.federation.id })
      .andWhere('details', 'like', '%"amountCents":2500%')
      .first();
    const original = await knex('audit_log').where({ seq }).first();
    await removeAppendOnlyGuard(knex, client); // the attacker has the database's keys
    try {
      await knex('audit_log').where({ seq }).update({ details: original.details.replace('"amountCents":2500', '"amountCents":25') });
      let res = await http.get('/api/audit/verify').set(bearer(w.national.token));
      expect(res.body.data).toMatchObject({ valid: false, firstBreak: { seq, problem: 'altered' } });
      await knex('audit_log').where({ seq }).update({ details: original.details });

      await knex('audit_log').where({ seq }).del();
      res = await http.get('/api/audit/verify').set(bearer(w.national.token));
      expect(res.body.data).toMatchObject({ valid: false, firstBreak: { seq, problem: 'missing' } });
      await knex('audit_log').insert(original);

      const last = await knex('audit_log').orderBy('seq', 'desc').first();
      await knex('audit_log').where({ seq: last.seq }).del();
      res = await http.get('/api/audit/verify').set(bearer(w.national.token));
      expect(res.body.data).toMatchObject({ valid: false, firstBreak: { problem: 'removed-at-end' } }); // issue 10: the diagnostic names what happened
      await knex('audit_log').insert(last);

      res = await http.get('/api/audit/verify').set(bearer(w.national.token));
      expect(res.body.data.valid).toBe(true);
    } finally {
      await installAppendOnlyGuard(knex, client);
    }
  });

  it('keeps one linear chain under concurrent commands', async () => {
    const http = await api();
    const members = [w.member, w.memberB, w.elected, w.commission, w.secretary];
    const results = await Promise.all(
      members.map((m) =>
        http.post(`/api/membership/members/${m.member.documentId}/dues`).set(bearer(w.staff.token))
          .send({ year: thisYear() - 1, amountCents: 1000, paidOn: `${thisYear() - 1}-03-01`, method: 'especes' })
      )
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const res = await http.get('/api/audit/verify').set(bearer(w.national.token));
    expect(res.body.data.valid).toBe(true);
  });
});

describe('the append-only guard at boot', () => {
  it('on PostgreSQL, is left alone when already as wanted (no lock on the log: an instance starting beside running ones waits for none), and put back when missing', async () => {
    const strapi = await bootStrapi();
    if (strapi.db.dialect.client !== 'postgres') return;
    const knex = strapi.db.connection;
    const oids = async () => (await knex.raw(`SELECT t.oid::text AS oid FROM pg_trigger t WHERE NOT t.tgisinternal AND left(t.tgname, 10) = 'audit_log_' ORDER BY 1`)).rows.map((r: { oid: string }) => r.oid);
    await installAppendOnlyGuard(knex, 'postgres');
    const before = await oids();
    expect(before).toHaveLength(3);
    // A running instance's transaction writing the log: the install must not need its lock.
    await knex.transaction(async (trx) => {
      await trx.raw('LOCK TABLE audit_log IN ROW EXCLUSIVE MODE');
      await installAppendOnlyGuard(knex, 'postgres');
    });
    expect(await oids()).toEqual(before);
    // Missing (removed by hand): put back, and it refuses a deletion again.
    await removeAppendOnlyGuard(knex, 'postgres');
    expect(await oids()).toEqual([]);
    await installAppendOnlyGuard(knex, 'postgres');
    expect(await oids()).toHaveLength(3);
    // An aggregate always answers one row: `first()` finds it.
    const first = (await knex('audit_log').min('seq as seq').first())!;
    await expect(knex('audit_log').where({ seq: first.seq }).del()).rejects.toThrow(/append-only/);
  });
});
