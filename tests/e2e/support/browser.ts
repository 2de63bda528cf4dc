import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Headless Chromium (Debian's, `CHROMIUM_PATH` to use another) signed in to the admin panel
 * at `origin` as `email`: the browser to close after the tests, and its page.
 */
export async function signedInAdminPanel(origin: string, email: string, password = 'Admin-Passw0rd-de-test'): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1500, height: 1100 } });
  await page.goto(`${origin}/admin/auth/login`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
  await page.waitForURL(/\/admin(\/)?$/, { timeout: 60_000 });
  return { browser, page };
}
