/** Signing staff in through the sign-in page. */
import type { Page } from 'playwright-core';

/** Signs `login` in on the sign-in page (any language) and waits for the staff page. */
export async function signIn(page: Page, login: string, next = '/staff'): Promise<void> {
  await page.goto(`/signin?next=${encodeURIComponent(next)}`);
  await page.locator('#signin-login').first().fill(login);
  await page.locator('#signin-password').fill('demo-password');
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === next);
}
