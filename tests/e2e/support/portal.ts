import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { bootStrapi } from '../../support/strapi';

/**
 * The member portal in a real browser: the run's one Strapi listening on a free port, Debian's
 * Chromium, members signing in through the portal's own form. `checkPage` runs axe-core
 * (WCAG 2.1 A and AA rules) at 375 px and 1280 px, checks nothing scrolls sideways from 320 px, and saves both screenshots under
 * tests/e2e/artifacts/ when anything fails, for CI to keep.
 */
export const ARTIFACTS = path.join(__dirname, '..', 'artifacts');
export const PASSWORD = 'Portail-Passw0rd-de-test';
const axeSource = readFileSync(createRequire(__filename).resolve('axe-core/axe.min.js'), 'utf8');

/** The origin the run's server listens on (started once for every browser test file). */
export async function portalOrigin(): Promise<string> {
  const strapi = await bootStrapi();
  if (!strapi.server.httpServer.listening) await new Promise<void>((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(strapi.server.httpServer.address() as AddressInfo).port}`;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

export interface PortalSession {
  context: BrowserContext;
  page: Page;
  /** Console errors and CSP refusals seen so far (a clean page has none). */
  problems: string[];
  /**
   * API reads the page made that were answered 400 or 404: a page calling a wrong path or
   * sending a parameter the route refuses would otherwise pass as « the API working ».
   */
  refusedReads: string[];
}

/**
 * A fresh browser profile (no cookie) on the portal, at 1280 × 900 unless told, its clock in
 * Paris unless `timezoneId` says where the member's phone is.
 */
export async function newPortalPage(browser: Browser, width = 1280, options: { timezoneId?: string } = {}): Promise<PortalSession> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'fr-FR', timezoneId: options.timezoneId ?? 'Europe/Paris', acceptDownloads: true });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    // A refusal the page shows in French (400, 401, 403, 404, 409, 429) is the API working, not an error.
    if (message.type() === 'error' && !/status of (400|401|403|404|409|429)/.test(text)) problems.push(text);
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  const refusedReads: string[] = [];
  page.on('response', (response) => {
    const request = response.request();
    if (request.method() === 'GET' && new URL(response.url()).pathname.startsWith('/api/') && [400, 404].includes(response.status())) {
      refusedReads.push(`${response.status()} GET ${new URL(response.url()).pathname}${new URL(response.url()).search}`);
    }
  });
  return { context, page, problems, refusedReads };
}

/** Signs in through the portal's form and waits for the home page (or `landing`). */
export async function signIn(session: PortalSession, origin: string, email: string, password = PASSWORD, landing = '/'): Promise<void> {
  const { page } = session;
  await page.goto(`${origin}${landing === '/' ? '/connexion' : `/connexion?suite=${encodeURIComponent(landing)}`}`);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((url) => url.pathname === landing.split('?')[0], { timeout: 30_000 });
  await page.locator('#page-title').first().waitFor();
}

async function screenshots(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const original = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${width}.png`), fullPage: true }).catch(() => undefined);
  }
  await page.setViewportSize(original);
}

/**
 * axe-core's WCAG 2.1 A and AA violations on the page (or within the elements `selector`
 * matches), each with its rule, help and first five nodes.
 */
export async function axeViolations(page: Page, selector?: string): Promise<{ id: string; help: string; nodes: string[] }[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(axeSource);
  const context = selector ? JSON.stringify({ include: [[selector]] }) : 'document';
  return (await page.evaluate(
    `axe.run(${context}, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] }).then(r => r.violations.map(v => ({ id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) })))`
  )) as { id: string; help: string; nodes: string[] }[];
}

/**
 * Checks the page on screen: no loading state left, axe-core finds no WCAG 2.1 AA violation
 * at 375 px nor at 1280 px, no console error. Screenshots are saved when it fails.
 */
export async function checkPage(session: PortalSession, name: string, options: { refusedReads?: RegExp } = {}): Promise<void> {
  const { page } = session;
  try {
    await page.locator('.loading').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
    const original = page.viewportSize() ?? { width: 1280, height: 900 };
    // Nothing wider than the smallest phone screen: the page works from 320 px up.
    await page.setViewportSize({ width: 320, height: 900 });
    const narrow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
    expect(narrow, `${name} scrolls sideways at 320 px`).toBeLessThanOrEqual(1);
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      const violations = await axeViolations(page);
      expect(violations, `axe (${width} px) on ${name}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
      const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
      expect(overflow, `${name} scrolls sideways at ${width} px`).toBeLessThanOrEqual(1);
    }
    await page.setViewportSize(original);
    expect(session.problems, `console errors on ${name}`).toEqual([]);
    // A read the test expects to be refused (a page showing « introuvable ») is named by the test.
    const unexpected = session.refusedReads.filter((read) => !options.refusedReads?.test(read));
    expect(unexpected, `API reads refused on ${name} (wrong path or parameter?)`).toEqual([]);
    session.refusedReads.length = 0;
  } catch (error) {
    await screenshots(page, name);
    throw error;
  }
}

/** Runs `step`; on failure saves screenshots of the page as it is, then fails. */
export async function step<T>(session: PortalSession, name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    await screenshots(session.page, `${name}-failure`);
    throw error;
  }
}

/**
 * What a screen reader is told of a group of choices (a ChoiceGroup): the texts its fieldset's
 * aria-describedby names (its hint), and for each input its aria-invalid, the texts its
 * aria-describedby names (« | »-joined), whether its message is a live region (role or
 * aria-live of each element described, « alert » / « polite »…, '' when none) and whether that
 * message was already there at the last `markMessages` (`marked`: then it was not announced
 * anew); `focused`: the label of the input that has focus in the group, '' when none.
 */
export async function choiceGroupState(group: Locator): Promise<{ hint: string; inputs: { label: string; invalid: string | null; describedBy: string; live: string; marked: boolean }[]; focused: string }> {
  return group.evaluate((fieldset) => {
    const described = (el: Element) => (el.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean).map((id) => document.getElementById(id));
    const texts = (el: Element) => described(el).map((m, i) => m?.textContent ?? `(#${(el.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean)[i]} absent)`).join(' | ');
    const lives = (el: Element) => described(el).map((m) => m?.getAttribute('role') ?? m?.getAttribute('aria-live') ?? '').join(' | ');
    const marked = (el: Element) => described(el).some((m) => m?.hasAttribute('data-e2e-marked'));
    const labelOf = (input: HTMLInputElement) => (input.labels?.[0]?.textContent ?? '').trim();
    const inputs = [...fieldset.querySelectorAll('input')];
    const focused = inputs.find((input) => input === document.activeElement);
    return {
      hint: texts(fieldset),
      inputs: inputs.map((input) => ({ label: labelOf(input), invalid: input.getAttribute('aria-invalid'), describedBy: texts(input), live: lives(input), marked: marked(input) })),
      focused: focused ? labelOf(focused) : '',
    };
  });
}

/**
 * What a screen reader is told of one form control (a TextField, TextArea or SelectField's):
 * its aria-invalid, the texts its aria-describedby names (« | »-joined, its hint included), the
 * live role of those (« | »-joined, '' for each that is none), whether one of them was already
 * there at the last `markMessages`, and whether the control has focus.
 */
export async function fieldState(control: Locator): Promise<{ invalid: string | null; describedBy: string; live: string; marked: boolean; focused: boolean }> {
  return control.evaluate((el) => {
    const described = (el.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean).map((id) => document.getElementById(id));
    return {
      invalid: el.getAttribute('aria-invalid'),
      describedBy: described.map((m) => m?.textContent ?? '(absent)').join(' | '),
      live: described.map((m) => m?.getAttribute('role') ?? m?.getAttribute('aria-live') ?? '').join(' | '),
      marked: described.some((m) => m?.hasAttribute('data-e2e-marked')),
      focused: el === document.activeElement,
    };
  });
}

/**
 * Marks every field message (and alert) now on the page: one still marked after a new refusal
 * is the same element, which a screen reader does not announce again (`marked` above). Also
 * starts (again) the lists `announcements` and `statusAnnouncements` return.
 */
export async function markMessages(page: Page): Promise<void> {
  await page.evaluate(() => {
    document.querySelectorAll('.field-error, [role="alert"]').forEach((el) => el.setAttribute('data-e2e-marked', ''));
    const w = window as unknown as { e2eAlerts?: string[]; e2eObserver?: MutationObserver; e2eStatuses?: string[]; e2eStatusText?: WeakMap<Element, string>; e2eStatusObserver?: MutationObserver };
    w.e2eAlerts = [];
    // Status regions (role="status", or a bare aria-live="polite" / "assertive" region: a
    // screen reader announces both alike): announced when a region already in the page changes to
    // a new, non-empty text, as the browser reports it (the DOM as it is once a task's changes are
    // done: emptied and filled in one go, a region's text is unchanged). A region put in the page
    // with its text is not counted: screen readers announce that less reliably.
    const LIVE = '[role="status"], [aria-live="polite"], [aria-live="assertive"]';
    const textOf = (region: Element) => (region.textContent ?? '').replace(/\s+/g, ' ').trim();
    const known = new WeakMap<Element, string>();
    document.querySelectorAll(LIVE).forEach((region) => known.set(region, textOf(region)));
    w.e2eStatusText = known;
    w.e2eStatuses = [];
    if (!w.e2eStatusObserver) {
      w.e2eStatusObserver = new MutationObserver((records) => {
        const texts = w.e2eStatusText!;
        const touched = new Set<Element>();
        for (const record of records) {
          record.addedNodes.forEach((node) => {
            if (!(node instanceof Element)) return;
            for (const region of [...(node.matches(LIVE) ? [node] : []), ...node.querySelectorAll(LIVE)]) {
              if (!texts.has(region)) texts.set(region, textOf(region));
            }
          });
          const target = record.target instanceof Element ? record.target : record.target.parentElement;
          const region = target?.closest(LIVE);
          if (region) touched.add(region);
        }
        for (const region of touched) {
          if (!region.isConnected) continue;
          const before = texts.get(region);
          const now = textOf(region);
          texts.set(region, now);
          if (before !== undefined && now !== before && now) w.e2eStatuses?.push(now);
        }
      });
      w.e2eStatusObserver.observe(document.body, { childList: true, subtree: true, characterData: true });
    }
    if (!w.e2eObserver) {
      // Alerts put in the document (a node with role="alert", or holding one), in order: each is one announcement.
      w.e2eObserver = new MutationObserver((records) => {
        for (const record of records) {
          record.addedNodes.forEach((node) => {
            if (!(node instanceof Element)) return;
            const alerts = [...(node.matches('[role="alert"]') ? [node] : []), ...node.querySelectorAll('[role="alert"]')];
            for (const alert of alerts) w.e2eAlerts?.push((alert.textContent ?? '').trim());
          });
        }
      });
      w.e2eObserver.observe(document.body, { childList: true, subtree: true });
    }
  });
}

/** The texts of the alerts put in the page since the last `markMessages`, in order (each one an announcement). */
export async function announcements(page: Page): Promise<string[]> {
  return page.evaluate(() => [...((window as unknown as { e2eAlerts?: string[] }).e2eAlerts ?? [])]);
}

/**
 * The texts status regions (role="status", or aria-live="polite" / "assertive") already in the
 * page took since the last `markMessages`, in order: each one an announcement (see markMessages
 * for what counts) — a success told twice shows here twice.
 */
export async function statusAnnouncements(page: Page): Promise<string[]> {
  return page.evaluate(() => [...((window as unknown as { e2eStatuses?: string[] }).e2eStatuses ?? [])]);
}

/**
 * Presses `button` and checks the success that follows where the form or the button stays:
 * announced once by a status region already in the page (its text `message`, or matching it),
 * no alert, and focus left on the button pressed (`focused`: on that element instead). Called
 * again with the same message, it checks a repeated success is announced again.
 */
export async function expectSuccessAnnounced(button: Locator, message: string | RegExp, options: { focused?: Locator } = {}): Promise<void> {
  const page = button.page();
  await markMessages(page);
  await button.click();
  await expect.poll(() => statusAnnouncements(page), { timeout: 15_000 }).toHaveLength(1);
  const told = await statusAnnouncements(page);
  if (typeof message === 'string') expect(told[0]).toBe(message);
  else expect(told[0]).toMatch(message);
  expect(await announcements(page)).toEqual([]);
  expect(await (options.focused ?? button).evaluate((element) => element === document.activeElement)).toBe(true);
}

/**
 * Checks a ChoiceGroup refused with `message`: every input aria-invalid="true" and described by
 * the message alone, a message mounted anew since the last `markMessages` (so announced again);
 * `announced` (default): the message is the form's announcement (role="alert") and focus is on
 * the group's first input — false for a group whose form announces elsewhere (an error summary,
 * an earlier field in error): no live role, and focus left to `focused` when given.
 */
export async function expectGroupRefused(group: Locator, message: string, options: { announced?: boolean; focused?: boolean } = {}): Promise<void> {
  const announced = options.announced ?? true;
  const focused = options.focused ?? announced;
  const state = await choiceGroupState(group);
  expect(state.inputs.length).toBeGreaterThan(0);
  for (const input of state.inputs) expect(input).toMatchObject({ invalid: 'true', describedBy: message, live: announced ? 'alert' : '', marked: false });
  if (focused) expect(state.focused).toBe(state.inputs[0].label);
}

/**
 * Submits a refused form again as it is (`submit`: its button) and checks the refusal is told
 * again: `messages` field messages (default 1) mounted anew inside `scope` (a group, a form), so
 * announced again, `check` passing (default: `expectGroupRefused(scope, announced)`, focus back
 * on the group), and `announced` the one announcement of the submission.
 */
export async function expectRefusedAgain(submit: Locator, scope: Locator, announced: string, options: { messages?: number; check?: () => Promise<void> } = {}): Promise<void> {
  const page = submit.page();
  await markMessages(page);
  await submit.click();
  await expect.poll(() => scope.locator('.field-error:not([data-e2e-marked])').count()).toBe(options.messages ?? 1);
  await (options.check ?? (() => expectGroupRefused(scope, announced)))();
  expect(await announcements(page)).toEqual([announced]);
}

/** Checks a ChoiceGroup no longer refused: no input aria-invalid, none described by a message. */
export async function expectGroupCleared(group: Locator): Promise<void> {
  const state = await choiceGroupState(group);
  expect(state.inputs.length).toBeGreaterThan(0);
  for (const input of state.inputs) expect(input).toMatchObject({ invalid: null, describedBy: '' });
}

/**
 * Presses `button` and checks the refusal that follows has no field to mend (a 409, a 503): one
 * alert put in the page (announced once; `message`, when given, is its text or matches it) and
 * focus left on the button pressed. Called again, it checks the same refusal is announced again.
 */
export async function expectRefusalAnnounced(button: Locator, message?: string | RegExp): Promise<void> {
  const page = button.page();
  await markMessages(page);
  await button.click();
  await expect.poll(() => page.locator('[role="alert"]:not([data-e2e-marked])').count()).toBe(1);
  const told = await announcements(page);
  expect(told).toHaveLength(1);
  if (message !== undefined) expect(told[0]).toMatch(message);
  expect(await button.evaluate((element) => element === document.activeElement)).toBe(true);
}

/**
 * What has focus in `page`: « body » when focus is on the page itself (where a phone screen
 * reader starts reading again from the top), else the element's tag and its accessible text
 * (aria-label, else its text), e.g. « button: Retirer mon consentement ».
 */
export async function focusedElement(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'body';
    return `${element.tagName.toLowerCase()}: ${(element.getAttribute('aria-label') ?? element.textContent ?? '').replace(/\s+/g, ' ').trim()}`;
  });
}

/**
 * Presses `button` — a success after which the button goes away, is replaced or stays disabled —
 * waits for `done` (the success seen on the page), then checks focus lands on `landing` (the
 * result that replaced the form, the next logical control, the list's heading) and so is not on
 * the page itself (document.body), and still is a moment later (nothing took it away). The rule:
 * README, portal section (FocusKeeper, useFocusOnChange, Button's focusableWhenDisabled).
 */
export async function expectFocusLands(button: Locator, done: () => Promise<unknown>, landing: Locator): Promise<void> {
  const page = button.page();
  await button.click();
  await done();
  const expected = await landing.evaluate((element) => `${element.tagName.toLowerCase()}: ${(element.getAttribute('aria-label') ?? element.textContent ?? '').replace(/\s+/g, ' ').trim()}`);
  await expect.poll(() => focusedElement(page), { timeout: 5_000 }).toBe(expected);
  await page.waitForTimeout(300);
  expect(await landing.evaluate((element) => element === document.activeElement)).toBe(true);
  expect(await focusedElement(page)).not.toBe('body');
}
