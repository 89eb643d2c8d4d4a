// What destroys something asks first, names what it affects and can be
// cancelled — with and without JavaScript: removing a number's routing
// from Kazoo (and refusing it when Kazoo changed the callflow since the
// draft was based on it) and discarding a draft.
import { expect, Page, test } from '@playwright/test';
import { signIn } from './helpers';
import { Kazoo } from './kazoo';

/** Numbers no other story uses, one set per project. */
const numbers = (project: string) =>
  project === 'hydrate'
    ? { remove: '+14155550140', changed: '+14155550141' }
    : { remove: '+14155550142', changed: '+14155550143' };

const pivot = (name: string, number: string, url: string) => ({
  name,
  numbers: [number],
  flow: { module: 'pivot', data: { voice_url: url, method: 'post', req_format: 'twiml' }, children: {} },
});

/** Signs in (which reads the routing) and opens a draft of the number's live callflow. */
async function openLive(page: Page, number: string, name: string) {
  await signIn(page);
  const row = page.locator('table.numbers tbody tr').filter({ hasText: number });
  // The other project's sign-in may have stored a routing read just before
  // the callflow was made: read it again until it shows.
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh from Kazoo' }).click();
    await page.getByLabel('Search numbers').fill(number.slice(-4));
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(row).toContainText(name, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await row.getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
}

test('remove routing asks first, names the callflow and its numbers, and can be cancelled', async ({ page }, info) => {
  const kazoo = await Kazoo.signIn();
  const number = numbers(info.project.name).remove;
  const name = `Temporary line ${info.project.name}`;
  const id = await kazoo.putCallflow(pivot(name, number, 'https://temp.example.com/voice'));
  await openLive(page, number, name);

  await page.getByRole('button', { name: 'Remove routing from Kazoo…' }).click();
  await expect(page.getByRole('heading', { name: `Remove the routing of “${name}” from Kazoo?` })).toBeVisible();
  await expect(page.locator('.confirm .lead')).toContainText(`This deletes the callflow “${name}” (${id}) in Kazoo.`);
  await expect(page.locator('.numbers-affected')).toHaveText(number);
  await page.getByRole('link', { name: 'Cancel: change nothing' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  expect(await kazoo.hasCallflow(id)).toBe(true);

  await page.getByRole('button', { name: 'Remove routing from Kazoo…' }).click();
  await page.getByRole('button', { name: 'Remove routing from Kazoo', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Routing removed from Kazoo. The draft is kept.');
  expect(await kazoo.hasCallflow(id)).toBe(false);
});

test('remove routing is refused when Kazoo changed the callflow, and the change can be compared', async ({ page }, info) => {
  const kazoo = await Kazoo.signIn();
  const number = numbers(info.project.name).changed;
  const name = `Changed line ${info.project.name}`;
  const id = await kazoo.putCallflow(pivot(name, number, 'https://before.example.com/voice'));
  await openLive(page, number, name);
  // Someone changes it in Kazoo after the draft was based on it.
  await kazoo.postCallflow(id, pivot(name, number, 'https://changed-in-kazoo.example.com/voice'));

  await page.getByRole('button', { name: 'Remove routing from Kazoo…' }).click();
  await page.getByRole('button', { name: 'Remove routing from Kazoo', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('changed in Kazoo after this draft was based on it, so nothing was deleted');
  expect(await kazoo.hasCallflow(id)).toBe(true);

  await page.getByRole('link', { name: 'Compare it with Kazoo’s callflow' }).click();
  await expect(page.getByText('Kazoo’s callflow was changed after this draft was based on it.')).toBeVisible();
  const differs = page.getByRole('table', { name: 'What differs' });
  const voiceUrl = differs.getByRole('row').filter({ hasText: 'flow.data.voice_url' });
  await expect(voiceUrl).toContainText('https://changed-in-kazoo.example.com/voice');
  await expect(voiceUrl).toContainText('https://before.example.com/voice');

  // Removing anyway asks again, then deletes what Kazoo has now.
  await page.getByRole('link', { name: 'Remove anyway…' }).click();
  await expect(page.getByRole('heading', { name: `Remove “${name}” from Kazoo, with the changes made there?` })).toBeVisible();
  await page.getByRole('button', { name: 'Remove anyway' }).click();
  await expect(page.getByRole('status')).toHaveText('Routing removed from Kazoo. The draft is kept.');
  expect(await kazoo.hasCallflow(id)).toBe(false);
});

test('discard asks first and can be cancelled', async ({ page }, info) => {
  const name = `Short-lived ${info.project.name}`;
  await signIn(page);
  await page.getByRole('link', { name: 'Create new pivot action' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Numbers to route').fill(info.project.name === 'hydrate' ? '4155550144' : '4155550145');
  await page.getByLabel('Voice URL').fill('https://short.example.com/voice');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();

  await page.getByRole('button', { name: 'Discard draft…' }).click();
  await expect(page.getByRole('heading', { name: `Discard the draft “${name}”?` })).toBeVisible();
  await expect(page.locator('.confirm .lead')).toContainText('this draft was never synced, so nothing in Kazoo routes it');
  await page.getByRole('link', { name: 'Cancel: change nothing' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();

  await page.getByRole('button', { name: 'Discard draft…' }).click();
  await page.getByRole('button', { name: 'Discard draft', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Draft discarded.');
  await page.goto('/drafts');
  await expect(page.getByText(name)).toHaveCount(0);
});
