// The pivot action story, with and without JavaScript: Numbers Routing →
// Create new pivot action → fill the form (watching the preview when
// JavaScript runs) → save the draft → sync → the number is routed there.
import { expect, test } from '@playwright/test';
import { signIn, waitForHydration } from './helpers';

test('bad URL and missing number give inline errors and save nothing', async ({ page }, info) => {
  const name = `Broken ${info.project.name}`;
  await signIn(page);
  await page.getByRole('link', { name: 'Create new pivot action' }).click();
  await expect(page.getByRole('heading', { name: 'Create new pivot action' })).toBeVisible();
  if (info.project.name === 'hydrate') await waitForHydration(page);

  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Voice URL').fill('ftp://nope');
  await page.getByRole('button', { name: 'Save draft' }).click();

  await expect(page).toHaveURL(/\/pivot\/new$/);
  await expect(page.getByText('Nothing was saved: fix the highlighted fields.')).toBeVisible();
  await expect(page.locator('#voice_url-error')).toContainText('must start with http:// or https://');
  await expect(page.locator('#numbers-error')).toHaveText('Pick or type at least one number.');
  await expect(page.getByLabel('Voice URL')).toHaveValue('ftp://nope');
  // The focus is on the summary of what to fix; each entry leads to its
  // field (with JavaScript, once the app runs the page: not the browser's
  // own fragment focus).
  if (info.project.name === 'hydrate') await waitForHydration(page);
  const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'What to fix' }) });
  await expect(summary).toBeFocused();
  await summary.getByRole('link', { name: /^Voice URL: / }).click();
  await expect(page.getByLabel('Voice URL')).toBeFocused();
  await summary.getByRole('link', { name: /^Numbers: / }).click();
  await expect(page.getByLabel('Numbers to route')).toBeFocused();
  await page.goto('/drafts');
  await expect(page.getByText(name)).toHaveCount(0);
});

test('create a pivot action, save it, sync it and see the number routed', async ({ page }, info) => {
  const hydrate = info.project.name === 'hydrate';
  const number = hydrate ? '+14155550130' : '+14155550131';
  const name = `Orders line ${info.project.name}`;
  const url = `https://orders.example.com/${info.project.name}/voice`;
  await signIn(page);
  await expect(page.getByRole('heading', { name: 'Numbers Routing' })).toBeVisible();
  await page.getByRole('link', { name: 'Create new pivot action' }).click();
  if (hydrate) await waitForHydration(page);

  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Numbers to route').fill(number.slice(2));
  await page.getByLabel('Voice URL').fill(url);
  await page.getByLabel('POST', { exact: true }).check();
  await page.getByLabel('TwiML', { exact: true }).check();
  const preview = page.getByLabel('Callflow JSON');
  if (hydrate) {
    // The preview follows every keystroke, in the browser.
    await expect(preview).toContainText(`"voice_url": "${url}"`);
    await expect(preview).toContainText(`"${number}"`);
    await page.getByLabel('Voice URL').press('End');
    await page.getByLabel('Voice URL').type('?v=2');
    await expect(preview).toContainText(`"voice_url": "${url}?v=2"`);
    await page.getByLabel('Voice URL').fill(url);
    await expect(preview).toContainText(`"voice_url": "${url}"`);
  }
  // Only the field the chosen fallback needs shows (CSS, so with or without JavaScript).
  await expect(page.getByLabel('Message callers hear')).toBeHidden();
  await page.getByLabel('Say a message').check();
  await expect(page.getByLabel('Forward to number')).toBeHidden();
  await page.getByLabel('Message callers hear').fill('Sorry, please call again later.');
  await page.getByRole('button', { name: 'Save draft' }).click();

  await expect(page.getByRole('status')).toHaveText('Draft saved. Nothing is sent to Kazoo until you sync.');
  await expect(page.getByRole('heading', { name })).toBeVisible();
  // Rendered on the server too: the preview shows without JavaScript.
  await expect(preview).toContainText(`"voice_url": "${url}"`);
  await expect(preview).toContainText('"req_format": "twiml"');
  await expect(preview).toContainText('"method": "post"');
  await expect(preview).toContainText('"text": "Sorry, please call again later."');

  await page.getByRole('button', { name: 'Sync to Kazoo' }).click();
  await expect(page.getByRole('status')).toHaveText('Synced: Kazoo now routes these numbers to your server.');
  await expect(page.locator('.draft-status')).toContainText('Synced');
  await expect(page.locator('.sync-log')).toContainText('create');

  await page.getByRole('link', { name: 'Back to Numbers Routing' }).click();
  await page.getByLabel('Search numbers').fill(number.slice(-4));
  await page.getByRole('button', { name: 'Search' }).click();
  const row = page.locator('table.numbers tbody tr').filter({ hasText: number });
  await expect(row).toContainText('Pivot');
  await expect(row).toContainText(url);
  await expect(row).toContainText('POST · TwiML');
  await expect(row).toContainText('Synced');
});
