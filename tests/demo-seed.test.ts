import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The README's first command seeds the whole demo on a fresh development database. Each plugin
 * seeds its part through its commands, in one bootstrap: a slip in one (a missing account, two
 * plugins taking the same membership number) only shows when they all run together. This
 * boots the app as `npm run develop` does, on a fresh SQLite file, in a child process.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'intranet-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Calendar = { title: string; phase: string; opensAt: string } & Partial<Record<'contributionEndsAt' | 'analysisEndsAt' | 'evaluationEndsAt' | 'voteEndsAt', string | null>>;

/** The demo's members as the README counts them (tests/support/demo-seed-child.cjs). */
interface MemberCounts {
  all: number;
  gard: number;
  herault: number;
  gardActive: number;
  withAccount: number;
  byStatus: Record<string, number>;
}

function seedInChild(): Promise<{ counts: Record<string, number>; again: boolean; missing: string[]; calendars: Calendar[]; electorates: { title: string; kind: 'full' | 'quick'; opensAt: string; evaluationEndsAt: string | null; counted: number; now: number; roll: number; rollClosedAt: string | null }[]; addresses: string[]; memberCounts: MemberCounts; adminAccounts: { email: string; isActive: boolean; roles: string[] }[]; portalAccounts: Record<string, { role: string; federation: string | null }>; commissionBureauSeats: string[] | null }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DEMO_PASSWORD: 'Demo-seed-test-1',
    SEED_DEMO: 'true',
    DATABASE_CLIENT: 'sqlite',
    DATABASE_FILENAME: path.join(dir, 'demo.db'),
    AUDIT_ANCHOR_FILE: path.join(dir, 'anchor.json'),
    CRON_ENABLED: 'false',
    NOTIFICATIONS_WORKER: 'false',
    STARTUP_BANNER: 'false',
    DEMO_ACCOUNTS_FILE: path.join(dir, 'demo-accounts.txt'),
  };
  for (const name of ['DATABASE_URL', 'DATABASE_NAME', 'DATABASE_HOST', 'SMTP_HOST', 'SMTP_PORT', 'MEILISEARCH_HOST']) delete env[name];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'support', 'demo-seed-child.cjs')], { env, cwd: path.resolve(__dirname, '..') });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('DEMO-SEED '));
      if (code === 0 && line) resolve(JSON.parse(line.slice('DEMO-SEED '.length)));
      else reject(new Error(`The development demo did not seed (exit ${code}):\n${out.slice(-4000)}`));
    });
  });
}

describe('the development demo (README Quick start)', () => {
  it('seeds every plugin on a fresh database, once', { timeout: 300_000 }, async () => {
    const { counts, again, missing, calendars, electorates, addresses, memberCounts, adminAccounts, portalAccounts, commissionBureauSeats } = await seedInChild();
    expect(again).toBe(false); // a second boot adds nothing
    expect(missing, 'accounts the console lists but the seed did not create').toEqual([]);
    // The list the console prints is kept in a file too (README: for when the console has scrolled on).
    const list = readFileSync(path.join(dir, 'demo-accounts.txt'), 'utf8');
    for (const needle of ['Demo-seed-test-1', 'adherent@gard.example', 'equipe@gard.example', 'equipe@herault.example', 'national@gard.example']) expect(list).toContain(needle);
    // No demo address can reach a real mailbox, even with SMTP_HOST set (RFC 2606's reserved .example).
    expect(addresses.length).toBeGreaterThan(40);
    expect(addresses.filter((a) => !/\.(example|invalid)$/.test(a))).toEqual([]); // .invalid: erased accounts
    const seeded = (plugin: string) => Object.entries(counts).filter(([uid, n]) => uid.startsWith(`plugin::${plugin}.`) && n > 0).map(([uid]) => uid);
    const plugins = [...new Set(Object.keys(counts).map((uid) => /^plugin::([^.]+)\./.exec(uid)![1]))];
    // Every installed plugin of ours brings demo rows (search: its index; modules: the switches).
    for (const plugin of plugins) expect(seeded(plugin), `${plugin} has no demo data`).not.toEqual([]);
    expect(counts['plugin::membership.federation']).toBe(2);
    expect(counts['plugin::membership.member']).toBeGreaterThanOrEqual(40);
    // The consultations the seed moved along ran over days, as members read their calendar:
    // each phase ends after the one before (the commands had ended them all at the same second).
    expect(calendars.length).toBeGreaterThanOrEqual(6);
    for (const c of calendars) {
      const ends = [c.opensAt, c.contributionEndsAt, c.analysisEndsAt, c.evaluationEndsAt, c.voteEndsAt].filter((at): at is string => !!at).map((at) => Date.parse(at));
      for (let i = 1; i < ends.length; i++) expect(ends[i] - ends[i - 1], `${c.title}: phase ${i}`).toBeGreaterThanOrEqual(86_400_000);
    }
    // A vote's electorate counted when it opened is who may vote in it: no demo member was made after.
    expect(electorates.length).toBeGreaterThanOrEqual(1);
    for (const e of electorates) expect(e.counted, e.title).toBe(e.now);
    // The roll closed when the vote opened is the electorate: eligibleAtVote is its size.
    for (const e of electorates) {
      expect(e.rollClosedAt, e.title).toBeTruthy();
      expect(e.roll, e.title).toBe(e.counted);
      // Closed when its vote opened in the demo's story (a quick question's opening, the end of a
      // full one's evaluation), not on the seed's day after a phase members read as begun days ago.
      expect(Date.parse(e.rollClosedAt!), e.title).toBe(Date.parse(e.kind === 'quick' ? e.opensAt : e.evaluationEndsAt!));
    }
    // The figures the README (« Quick start ») gives: keep both in step.
    expect(memberCounts).toMatchObject({ all: 64, gard: 62, herault: 2, gardActive: 58, byStatus: { '30:active': 58, '30:suspended': 3, '30:excluded': 1, '34:active': 2 } });
    // Each federation has a staff account made alike, in the portal and in the admin panel (scoped to
    // its federation's role), so that the federations' isolation can be tried from either side.
    for (const [email, code] of [['equipe@gard.example', '30'], ['equipe@herault.example', '34']]) {
      expect(portalAccounts[email], email).toEqual({ role: 'federation-staff', federation: code });
      expect(adminAccounts.find((a) => a.email === email), email).toEqual({ email, isActive: true, roles: [`intranet-federation-${code}`] });
    }
    // The conflicts commission judges the executive's members: none of its members sits on a bureau.
    expect(portalAccounts['commission@gard.example']).toEqual({ role: 'conflicts-commission', federation: '30' });
    expect(commissionBureauSeats).toEqual([]);
  });
});
