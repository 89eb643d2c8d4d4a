// The three inputs (put into the sandbox by seed.setup.ts), as an
// admin meets them on Numbers Routing, with and without JavaScript.
import { expect, Locator, Page, test } from '@playwright/test';
import { signIn, waitForHydration } from './helpers';
import { Kazoo } from './kazoo';

async function search(page: Page, q: string) {
  // Typed before the app takes over the page, the text could be reset by
  // hydration: with JavaScript, wait for it first.
  if (test.info().project.name === 'hydrate') await waitForHydration(page);
  await page.getByLabel('Search numbers').fill(q);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(new RegExp(`q=${q}`));
}

/** Opens the row's draft, or makes one from the live callflow ("Edit"). */
async function openDraft(page: Page, row: Locator) {
  // The other project may have opened it first: then it has a draft.
  const open = row.getByRole('link', { name: 'Open draft' });
  if (await open.count()) await open.click();
  else await row.getByRole('button', { name: 'Edit' }).click();
  await expect(page).toHaveURL(/\/drafts\//);
}

const row = (page: Page, number: string) => page.locator('table.numbers tbody tr').filter({ hasText: number });

test('numbers a pattern answers are routed by it, and routing one here says what it takes away', async ({ page }, info) => {
  await signIn(page);
  await search(page, '012');
  for (const n of [120, 121, 122, 123, 124]) {
    const r = row(page, `+14155550${n}`);
    await expect(r).toContainText('Pivot');
    await expect(r).toContainText('Overflow block');
    await expect(r).toContainText('By pattern ^\\+1415555012[0-4]$');
    await expect(r).toContainText('https://overflow.example.com/twiml');
    await expect(r).not.toContainText('Not routed');
  }
  // 0125 is past the pattern's range.
  await expect(row(page, '+14155550125')).toContainText('Not routed');

  await row(page, '+14155550121').getByRole('link', { name: 'Route this number' }).click();
  await expect(page.getByRole('heading', { name: 'Create new pivot action' })).toBeVisible();
  if (info.project.name === 'hydrate') await waitForHydration(page);
  // An account number is ticked in the number picker (other numbers are typed).
  await expect(page.getByRole('checkbox', { name: /^\+1 415 555 0121 / })).toBeChecked();
  await expect(page.getByLabel('Numbers to route')).toHaveValue('');
  const warning = page.locator('#numbers-warning');
  await expect(warning).toContainText('Overflow block');
  await expect(warning).toContainText('out of that pattern');
});

test('a switched-off pivot is passed over: calls reach its fallback', async ({ page }) => {
  await signIn(page);
  await search(page, '0107');
  const r = row(page, '+14155550107');
  await expect(r).toContainText('IVR moved');
  await expect(r).toContainText('https://new-ivr.example.com/voice');
  await expect(r).not.toContainText('https://old-ivr.example.com/voice');
  await expect(r).toContainText('Passed over (switched off with skip_module): pivot');

  // Editing it says, at the voice URL, that this node never runs.
  await openDraft(page, r);
  await expect(page.getByRole('heading', { name: 'IVR moved' })).toBeVisible();
  await expect(page.locator('#voice_url-warning')).toContainText('switched off (skip_module is true)');
});

test('opening a document made elsewhere and saving it unchanged changes nothing', async ({ page }) => {
  const kazoo = await Kazoo.signIn();
  const id = (await kazoo.findCallflow('Made elsewhere'))!;
  const before = await kazoo.getCallflow(id);
  expect(before.flow).toMatchObject({ data: { req_body_format: 'form', req_timeout: '5' } });

  await signIn(page);
  await search(page, '0106');
  const r = row(page, '+14155550106');
  await expect(r).toContainText('https://legacy.example.com/twiml.php');
  await expect(r).toContainText('GET · TwiML');
  await openDraft(page, r);

  await expect(page.getByRole('heading', { name: 'Made elsewhere' })).toBeVisible();
  await expect(page.locator('.draft-status')).toContainText('based on the live callflow read at');
  await expect(page.locator('.draft-status')).toContainText('Same as live');
  await expect(page.getByLabel('Voice URL')).toHaveValue('https://legacy.example.com/twiml.php');
  await expect(page.getByLabel('GET', { exact: true })).toBeChecked();
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('status')).toHaveText(
    'Nothing changed: the draft is as it was, and no version was added.',
  );

  await page.getByRole('link', { name: 'Compare with Kazoo' }).click();
  await expect(page.getByText('The draft and Kazoo’s callflow are the same.')).toBeVisible();
  // The draft keeps what the other tool wrote and Kazoo's stored defaults.
  await expect(page.getByRole('region', { name: 'In this draft' })).toContainText('"ui_metadata"');
  await expect(page.getByRole('region', { name: 'In this draft' })).toContainText('"req_body_format": "form"');
  // Opening and saving the draft wrote nothing to Kazoo.
  expect(await kazoo.getCallflow(id)).toEqual(before);
});
