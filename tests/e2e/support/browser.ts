import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './portal';

/**
 * Headless Chromium (Debian's, `CHROMIUM_PATH` to use another) signed in to the admin panel
 * at `origin` as `email`: the browser to close after the tests, and its page.
 */
export async function signedInAdminPanel(origin: string, email: string, password = 'Admin-Passw0rd-de-test'): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1500, height: 1100 } });
  await page.goto(`${origin}/admin/auth/login`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
  await page.waitForURL(/\/admin(\/)?$/, { timeout: 60_000 });
  return { browser, page };
}
