import { expect, Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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

/** Runs `fn` alone among the workers: refresh.spec slows the shared
 * sandbox down (the other project runs it too, and would set the latency
 * back to 0 under it, or leave a refresh nearly done for it to join), and
 * a story that expects Refresh from Kazoo to finish within its 2 s must
 * not run under that latency. A lock directory beside the run. */
export async function alone(fn: () => Promise<void>) {
  const sandboxPort = process.env.E2E_SANDBOX_PORT ?? '8100';
  const lock = path.join(os.tmpdir(), `pivot-console-e2e-refresh-${sandboxPort}`);
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // A lock left by a run that was killed is stale after a minute.
      const held = fs.statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 60_000) fs.rmSync(lock, { recursive: true, force: true });
      expect(Date.now() - started, 'waited for the other slow story').toBeLessThan(60_000);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
