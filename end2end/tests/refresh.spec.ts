// The routing refresh as a background job, with and without JavaScript:
// Refresh from Kazoo comes back after 2 s while the refresh still runs,
// the pages say "Refreshing from Kazoo… n of m" over the routing read
// before, and then show the new routing (with JavaScript by themselves,
// without on a reload).
import { expect, Page, request, test } from '@playwright/test';
import { alone, signIn, waitForHydration } from './helpers';
import { Kazoo } from './kazoo';

const sandboxPort = process.env.E2E_SANDBOX_PORT ?? '8100';

/** Sets the sandbox's latency on every Kazoo request. */
async function setLatency(ms: number) {
  const http = await request.newContext();
  const res = await http.put(`http://127.0.0.1:${sandboxPort}/sandbox/faults`, { data: { latency_ms: ms } });
  expect(res.status(), await res.text()).toBe(200);
  await http.dispose();
}

/** Runs `fn` with every Kazoo request slowed down by `ms`. */
async function withLatency(ms: number, fn: () => Promise<void>) {
  await setLatency(ms);
  try {
    await fn();
  } finally {
    await setLatency(0);
  }
}

const progress = (page: Page) => page.getByText(/Refreshing from Kazoo… \d+ of \d+/);
/** The banner of any refresh, before Kazoo's listing came too. */
const anyRefresh = (page: Page) => page.getByText(/Refreshing from Kazoo…/);

/** The callflow count in the Callflows page's summary. */
async function callflowCount(page: Page): Promise<number> {
  const text = await page.getByText(/\d[\d,]* callflows? ·/).innerText();
  return Number(text.match(/([\d,]+) callflows?/)![1].replace(/,/g, ''));
}

/** Clicks Refresh from Kazoo on the Callflows page; the refresh outlasts
 * the button's 2 s wait, so the pages show its progress. */
async function clickRefresh(page: Page, js: boolean) {
  await page.getByRole('button', { name: 'Refresh from Kazoo' }).click();
  await expect(page).toHaveURL(/\/callflows\?notice=refreshing/);
  await expect(progress(page)).toBeVisible();
  await expect(page.getByText(/Until it ends, this is the routing read at .*; Refresh from Kazoo joins it\./)).toBeVisible();
  if (js) {
    // The page follows the refresh itself: no advice to reload.
    await waitForHydration(page);
    await expect(page.getByText('reload to see its progress')).toHaveCount(0);
  } else {
    await expect(page.getByRole('status')).toHaveText(
      'The refresh runs in the background; reload to see its progress.',
    );
  }
  // Numbers Routing shows the same refresh over the routing read before.
  const numbers = await page.context().newPage();
  await numbers.goto('/');
  await expect(progress(numbers)).toBeVisible();
  await expect(numbers.locator('table.numbers tbody tr').first()).toBeVisible();
  await numbers.close();
}

test('Refresh from Kazoo runs in the background and the pages follow it', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const js = testInfo.project.name === 'hydrate';
  // Names and patterns of this run only (Kazoo refuses a pattern twice),
  // listed after the others (stories look for theirs on page 1).
  const run = `${js ? 1 : 2}${String(Date.now()).slice(-6)}`;
  const name = `Zulu refresh probe ${run}`;
  await signIn(page);
  await expect(page.getByRole('heading', { name: 'Numbers Routing' })).toBeVisible();

  await page.goto('/callflows');
  const before = await callflowCount(page);
  // Callflows made behind the console's back, with patterns only (other
  // stories count the numbers): enough that, at 250 ms a Kazoo request,
  // the refresh outlasts the button's 2 s wait.
  const kazoo = await Kazoo.signIn();
  for (let i = 0; i < 40; i++) {
    await kazoo.putCallflow({
      name: `${name} ${String(i).padStart(2, '0')}`,
      patterns: [`^\\*9${run}${String(i).padStart(2, '0')}$`],
      flow: { module: 'hangup', data: {} },
    });
  }

  await alone(async () => {
    // No refresh runs (one nearly done would be joined and end at once).
    await expect(async () => {
      await page.goto('/callflows');
      await expect(anyRefresh(page)).toHaveCount(0, { timeout: 500 });
    }).toPass({ timeout: 30_000 });
    await withLatency(250, () => clickRefresh(page, js));
  });

  if (js) {
    // Without a reload: the banner goes, the list is read again.
    await expect(page.getByText('Callflows refreshed from Kazoo.')).toBeVisible({ timeout: 30_000 });
    await expect(anyRefresh(page)).toHaveCount(0);
  } else {
    // (Another story's sign-in may start the next refresh meanwhile.)
    await expect(async () => {
      await page.reload();
      await expect(anyRefresh(page)).toHaveCount(0, { timeout: 500 });
    }).toPass({ timeout: 30_000 });
  }
  expect(await callflowCount(page)).toBeGreaterThanOrEqual(before + 40);
  await page.getByLabel('Search callflows').fill(`${name} 07`);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.locator('tbody tr').filter({ hasText: `${name} 07` })).toHaveCount(1);
});
