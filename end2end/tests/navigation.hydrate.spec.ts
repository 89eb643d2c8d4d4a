// With JavaScript only: the WASM hydrates the server-rendered page and
// searching is handled in the browser, without a full page load.
import { expect, test } from '@playwright/test';
import { signIn, waitForHydration } from './helpers';

test('search runs client-side after hydration', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

  await signIn(page);
  await waitForHydration(page);
  await page.evaluate(() => { (window as any).__samePage = true; });

  await page.getByLabel('Search numbers').fill('support');
  await page.getByRole('button', { name: 'Search' }).click();

  await expect(page).toHaveURL(/q=support/);
  await expect(page.locator('table.numbers tbody tr')).toHaveCount(1);
  await expect(page.locator('table.numbers')).toContainText('Support menu');
  expect(await page.evaluate(() => (window as any).__samePage)).toBe(true);
  expect(errors).toEqual([]);
});
