// API tokens, with and without JavaScript: a new token is shown once, in
// the page that answers the form (never kept for a later page load).
import { expect, test } from '@playwright/test';
import { signIn, waitForHydration } from './helpers';

test('a new API token is shown once, then only its name is listed', async ({ page }, info) => {
  const name = `deploy ${info.project.name}`;
  await signIn(page);
  await page.getByRole('link', { name: 'API tokens' }).click();
  await expect(page.getByRole('heading', { name: 'API tokens' })).toBeVisible();

  await page.getByLabel('Token name').fill(name);
  const answer = page.waitForResponse((r) => r.url().endsWith('/api-tokens') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Create API token' }).click();
  expect((await answer).headers()['cache-control']).toBe('no-store');
  const token = page.getByLabel('New API token');
  await expect(token).toHaveText(/^pct_[0-9a-f]{64}$/);
  if (info.project.name === 'hydrate') await waitForHydration(page);
  await expect(page.getByRole('cell', { name, exact: true })).toBeVisible();

  await page.goto('/api-tokens');
  await expect(page.getByRole('cell', { name, exact: true })).toBeVisible();
  await expect(page.getByLabel('New API token')).toHaveCount(0);

  // Revoking asks first, naming the token, and can be cancelled.
  await page.getByRole('button', { name: new RegExp(`^Revoke ${name} ?…$`) }).click();
  await expect(page.getByRole('heading', { name: `Revoke the token “${name}”?` })).toBeVisible();
  await page.getByRole('link', { name: 'Cancel: change nothing' }).click();
  await expect(page.getByRole('heading', { name: `Revoke the token “${name}”?` })).toHaveCount(0);
  await expect(page.getByRole('cell', { name, exact: true })).toBeVisible();
  await page.getByRole('button', { name: new RegExp(`^Revoke ${name} ?…$`) }).click();
  await page.getByRole('button', { name: 'Revoke token', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Token revoked: the JSON API refuses it from now on.');
  await expect(page.getByRole('cell', { name, exact: true })).toHaveCount(0);
});

test('a token name with only invisible characters is refused', async ({ page }) => {
  await signIn(page);
  await page.goto('/api-tokens');
  await page.getByLabel('Token name').fill('\u200B\u200B');
  await page.getByRole('button', { name: 'Create API token' }).click();
  await expect(page.getByRole('alert')).toContainText('Give the token a name of 1 to 80 characters');
  await expect(page.getByLabel('New API token')).toHaveCount(0);
});
