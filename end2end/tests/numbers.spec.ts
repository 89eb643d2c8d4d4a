// The foundation story, with and without JavaScript: sign in, see the
// seeded numbers and their routing, page, search, filter, sign out.
import { expect, test } from '@playwright/test';
import { alone, SANDBOX, signIn } from './helpers';

test('wrong password gives a clear message and keeps what was typed', async ({ page }) => {
  await signIn(page, 'not-the-password');

  await expect(page).toHaveURL(/\/login\?error=credentials/);
  await expect(page.getByRole('alert')).toHaveText('Kazoo did not accept that account name, username and password.');
  await expect(page.getByLabel('Account name')).toHaveValue(SANDBOX.account);
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
});

test('pages need a session', async ({ page }) => {
  await page.goto('/?q=sales');
  await expect(page).toHaveURL(/\/login\?next=%2F%3Fq%3Dsales/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByText('Sandbox: account sandbox')).toBeVisible();
});

test('sign in, see the routing, search, page and sign out', async ({ page }) => {
  await signIn(page);

  await expect(page.getByRole('heading', { name: 'Numbers Routing' })).toBeVisible();
  await expect(page.getByText('Sandbox', { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Create new pivot action' })).toBeVisible();
  const rows = page.locator('table.numbers tbody tr');
  await expect(rows).toHaveCount(50);
  // 60 DIDs and extension 1001, plus any number a story running beside
  // this one has just routed (the editor's IVR routes 555-113-045x).
  await expect(page.getByText(/\b6\d numbers ·/)).toBeVisible();
  await expect(page.getByText(/Showing 1–50 of 6\d · page 1 of 2/)).toBeVisible();
  const main = rows.filter({ hasText: '+14155550100' });
  await expect(main).toContainText('Pivot');
  await expect(main).toContainText('https://twiml.example.com/voice');
  await expect(main).toContainText('POST · TwiML');
  await expect(rows.filter({ hasText: '+14155550101' })).toContainText('Support menu');
  await expect(rows.filter({ hasText: '+14155550104' })).toContainText('Not routed');

  await page.getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThanOrEqual(11);
  await expect(rows.last()).toContainText('1001');
  await expect(rows.last()).toContainText('Reception desk');
  await page.getByRole('link', { name: 'Previous page' }).click();
  await expect(rows).toHaveCount(50);

  await page.getByLabel('Search numbers').fill('sales');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/q=sales/);
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('+14155550102');
  await expect(page.getByLabel('Search numbers')).toHaveValue('sales');

  await page.getByLabel('Search numbers').fill('no-such-number');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText('No number matches “no-such-number”.')).toBeVisible();

  await page.getByRole('link', { name: 'Clear search' }).click();
  await expect(page.getByLabel('Search numbers')).toHaveValue('');
  await expect(rows).toHaveCount(50);
  await page.getByLabel('Routed to').selectOption({ label: 'Not routed' });
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/route=none/);
  await expect(rows.filter({ hasText: 'Pivot' })).toHaveCount(0);
  await expect(rows.first()).toContainText('Not routed');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login\?notice=signed_out/);
  await expect(page.getByRole('status')).toHaveText('You have signed out.');
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
});

test('refresh from Kazoo says so', async ({ page }) => {
  await signIn(page);
  await alone(async () => {
    await page.getByRole('button', { name: 'Refresh from Kazoo' }).click();
    await expect(page.getByRole('status')).toHaveText('Routing refreshed from Kazoo.');
  });
  await expect(page.locator('table.numbers tbody tr')).toHaveCount(50);
});
