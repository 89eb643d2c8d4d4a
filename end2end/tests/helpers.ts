import { expect, Page } from '@playwright/test';

export const SANDBOX = { account: 'sandbox', user: 'admin', password: 'sandbox' };

/** Signs in through the form, as an admin would. */
export async function signIn(page: Page, password = SANDBOX.password) {
  await page.goto('/login');
  await page.getByLabel('Account name').fill(SANDBOX.account);
  await page.getByLabel('Username').fill(SANDBOX.user);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Waits until the WASM has taken over the page (JavaScript runs only).
 * Generous: two workers and axe share two cores, and this is a wait, not a
 * measure of speed (those live in BENCHMARKS.md). */
export async function waitForHydration(page: Page) {
  try {
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true', { timeout: 15_000 });
  } catch (e) {
    // Say what the page said: a panic, a blocked script, a failed fetch.
    const said = (await page.consoleMessages()).map((m) => `${m.type()}: ${m.text()}`);
    const errors = (await page.pageErrors()).map((err) => `page error: ${err.message}`);
    throw new Error(`not hydrated at ${page.url()}\n${[...said, ...errors].join('\n')}\n${e}`);
  }
}
