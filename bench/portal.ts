/**
 * The member portal's first load beside the admin panel's, measured the same way in the same
 * run, on the demo data, in headless Chromium (Debian's): JavaScript and CSS downloaded for the
 * first screen (gzip level 6 of each file, as a compressing proxy would send them), and the time
 * from navigation to the home page's content (portal: the home cards filled; admin panel: its
 * home heading), browser cache cleared before each load. Goal (issue 12): ≤ 150 KB of gzipped
 * JavaScript, home usable in under 1 s, and below the admin panel on both.
 *
 *   npm run bench:portal -- 7      (7 loads each; builds the portal and the admin panel first)
 *   node -r esbuild-register bench/portal.ts 7 --portal-only   (the portal alone, built already: to iterate)
 */
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { seedDemo } from '../src/seed/demo';
import { fixed, latencies, machine, withStrapi } from './support';
import { readBenchArgs } from './args';
import { BENCHES } from './commands';

const {
  positionals: [runs],
  values: { 'portal-only': portalOnly },
} = readBenchArgs(BENCHES.portal.args) as { positionals: number[]; values: { 'portal-only'?: boolean } };
const PASSWORD = 'Bench-Passw0rd-2026';

interface Load {
  ms: number;
  jsGzip: number;
  cssGzip: number;
  files: number;
  waterfall: string[];
}

/** One cold load of `url`: cache cleared, every script and stylesheet weighed, time until `ready` holds. */
async function coldLoad(page: Page, url: string, target: 'portal' | 'admin'): Promise<Load> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.clearBrowserCache');
  await page.goto('about:blank');
  const weighed: Promise<{ type: string; gzip: number }>[] = [];
  const onResponse = (response: import('playwright-core').Response) => {
    const type = response.request().resourceType();
    if (type === 'script' || type === 'stylesheet') {
      weighed.push(response.body().then((body) => ({ type, gzip: gzipSync(body, { level: 6 }).length })).catch(() => ({ type, gzip: 0 })));
    }
  };
  page.on('response', onResponse);
  await page.goto(url);
  // A function, not a string: the portal's CSP forbids evaluating strings (no unsafe-eval).
  await page.waitForFunction(
    (kind) =>
      kind === 'portal'
        ? // Portal: the home cards are filled (no skeleton left).
          !!document.querySelector('.home-card h2') && !document.querySelector('main .loading')
        : // Admin panel: its home page's heading, nothing loading.
          !!document.querySelector('main h1') && !document.querySelector('[aria-busy="true"]'),
    target,
    { timeout: 60_000 }
  );
  const ms = (await page.evaluate('performance.now()')) as number;
  // The requests' waterfall (start → end, ms from navigation), to see which reads wait on others.
  const waterfall = (await page.evaluate(() =>
    // 'resource' entries are PerformanceResourceTiming (the DOM's typing cannot say so by entry type).
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .map((e) => `${Math.round(e.startTime)} → ${Math.round(e.responseEnd)} ${new URL(e.name).pathname}`)
  )) as string[];
  page.off('response', onResponse);
  const files = await Promise.all(weighed);
  await cdp.detach();
  return {
    ms,
    jsGzip: files.filter((f) => f.type === 'script').reduce((s, f) => s + f.gzip, 0),
    cssGzip: files.filter((f) => f.type === 'stylesheet').reduce((s, f) => s + f.gzip, 0),
    files: files.length,
    waterfall,
  };
}

async function measure(browser: Browser, origin: string, target: 'portal' | 'admin'): Promise<Load[]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  const page = await context.newPage();
  if (target === 'portal') {
    await page.goto(`${origin}/connexion`);
    await page.getByLabel('Adresse e-mail').fill('adherent@gard.example');
    await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${origin}/`);
  } else {
    await page.goto(`${origin}/admin/auth/login`);
    await page.fill('input[name="email"]', 'national@gard.example');
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForURL(/\/admin\/?$/, { timeout: 120_000 });
  }
  const url = target === 'portal' ? `${origin}/` : `${origin}/admin`;
  await coldLoad(page, url, target); // warm the server (first compilation of queries, JIT)
  const loads: Load[] = [];
  for (let i = 0; i < runs; i++) loads.push(await coldLoad(page, url, target));
  await context.close();
  return loads;
}

withStrapi(async (strapi) => {
  // The demo data, as `npm run develop` seeds it (the bench's database is a throwaway one).
  Object.assign(process.env, { DEMO_PASSWORD: PASSWORD, SEED_DEMO: 'true' });
  strapi.config.set('environment', 'development');
  await seedDemo(strapi);
  await new Promise<void>((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(strapi.server.httpServer.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const portal = await measure(browser, origin, 'portal');
    const admin = portalOnly ? [] : await measure(browser, origin, 'admin');
    const row = (name: string, loads: Load[]) => {
      const t = latencies(loads.map((l) => l.ms));
      const last = loads[loads.length - 1];
      return { name, p50: t.p50, max: t.max, js: last.jsGzip / 1024, css: last.cssGzip / 1024, files: last.files };
    };
    const p = row('member portal (/)', portal);
    // The waterfall of the portal's median load: which request waited on which.
    const median = [...portal].sort((x, y) => x.ms - y.ms)[Math.floor(portal.length / 2)];
    console.log(`\nPortal load of ${fixed(median.ms)} ms (the median), requests from navigation:\n${median.waterfall.join('\n')}`);
    if (portalOnly) {
      console.log(`\nPortal alone, ${runs} cold loads, ${machine()}, load average ${loadavg().map((l) => fixed(l, 2)).join(' ')}: p50 ${fixed(p.p50)} ms, max ${fixed(p.max)} ms, JS ${fixed(p.js, 1)} KB gzip`);
      return;
    }
    const a = row('admin panel (/admin)', admin);
    console.log(`\nFirst load, cold cache, ${runs} loads each, ${machine()}, load average ${loadavg().map((l) => fixed(l, 2)).join(' ')}\n`);
    console.log('| page | JS gzip | CSS gzip | files | home usable p50 | max |');
    console.log('|---|---|---|---|---|---|');
    for (const r of [p, a]) console.log(`| ${r.name} | ${fixed(r.js, 1)} KB | ${fixed(r.css, 1)} KB | ${r.files} | ${fixed(r.p50)} ms | ${fixed(r.max)} ms |`);
    // The admin panel ships its styles inside its JavaScript (styled-components): no CSS ratio then.
    console.log(`| ratio portal / admin | ${fixed(p.js / a.js, 2)} | ${a.css > 0 ? fixed(p.css / a.css, 2) : '—'} | | ${fixed(p.p50 / a.p50, 2)} | |`);
    const ok = p.js <= 150 && p.p50 < 1000 && p.js < a.js && p.p50 < a.p50;
    console.log(`\nGoal (≤ 150 KB JS gzip, < 1 s, below the admin panel on both): ${ok ? 'met' : 'NOT met'}`);
  } finally {
    await browser.close();
  }
}).catch((error) => {
  console.error(error);
  process.exit(1);
});
