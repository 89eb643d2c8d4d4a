// The callflow editor's acceptance story, with and without JavaScript:
// from a blank "New callflow", build the IVR of the 2600Hz "Switching from
// Twilio" guide with Kazoo's own modules, sync it, and read the callflow,
// its two menus and their greetings back from the sandbox (each valid
// under Kazoo's schemas, the menu ids pointing at the menus, the greetings
// as typed). Then open the live "Support menu", change nothing, sync: the
// sandbox document is byte for byte what it was.
import { expect, Page, test } from '@playwright/test';
import { signIn, waitForHydration } from './helpers';
import { Kazoo } from './kazoo';
import { haveSchemas, problems } from './schemas';

const MAIN = 'Welcome. For sandwiches, press 1. For the operator, press 0.';
const SUB = 'For caprese, press 1. For banh mi, press 2.';
const BYE = 'Good choice, good bye';

/** The step form of the selected step. */
const stepForm = (page: Page) => page.getByRole('form', { name: 'Step settings' });

/** Selects a step in the tree by (part of) its summary. */
async function select(page: Page, summary: string | RegExp) {
  await page.getByRole('tree', { name: 'Callflow steps' }).getByRole('link', { name: summary }).first().click();
  await expect(page.getByRole('form', { name: 'Step settings' })).toBeVisible();
}

/** Adds a step running `module` under the selected one, on `branch`. */
async function addUnder(page: Page, module: string, branch: string) {
  const add = page.getByRole('form', { name: 'Add a step under this one' });
  await add.getByLabel('What it does').selectOption(module);
  await add.getByLabel('On the branch').selectOption({ label: branch });
  await add.getByRole('button', { name: 'Add step' }).click();
}

/** Fills the selected step's form and applies it. */
async function fill(page: Page, fields: [string, string][]) {
  const form = stepForm(page);
  for (const [label, value] of fields) {
    // A required field's label ends with "(required)".
    const input = form.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\(required\\))?$`));
    if ((await input.evaluate((el) => el.tagName)) === 'SELECT') await input.selectOption({ label: value });
    else await input.fill(value);
  }
  await form.getByRole('button', { name: 'Apply changes' }).click();
}

test('build the guide’s IVR from a blank callflow, sync it, read it back from Kazoo', async ({ page }, info) => {
  test.slow();
  const hydrate = info.project.name === 'hydrate';
  const name = `Sandwich line ${info.project.name}`;
  const number = hydrate ? '555-113-0451' : '555-113-0453';
  await signIn(page);
  await page.goto('/callflows/new');
  await page.getByRole('link', { name: 'Blank' }).click();
  if (hydrate) await waitForHydration(page);

  const panel = page.locator('section.panel');
  await panel.getByLabel('Name', { exact: true }).fill(name);
  await panel.getByLabel('Numbers to route').fill(number);
  await panel.getByRole('button', { name: 'Apply name and numbers' }).click();
  if (!hydrate) await expect(page).toHaveURL(/\/drafts\/[0-9a-f-]+\?notice=saved/);

  const first = page.getByRole('form', { name: 'Add the first step' });
  await first.getByLabel('What it does').selectOption('menu');
  await first.getByRole('button', { name: 'Add step' }).click();
  await fill(page, [['Menu name', `${name} main`], ['Text to speak', MAIN]]);
  await expect(page.getByRole('tree')).toContainText(`Menu: ${name} main`);

  await addUnder(page, 'transfer', 'Press 0');
  await fill(page, [['Transfer to', '+1 555 113 0452']]);

  await select(page, `Menu: ${name} main`);
  await addUnder(page, 'menu', 'Press 1');
  await fill(page, [['Menu name', `${name} sandwiches`], ['Text to speak', SUB]]);

  await addUnder(page, 'tts', 'Press 1');
  await fill(page, [['Text to say', BYE]]);
  await addUnder(page, 'notification', 'Otherwise');
  await fill(page, [['Send to', 'orders@example.com']]);

  await select(page, `Menu: ${name} sandwiches`);
  await addUnder(page, 'tts', 'Press 2');
  await fill(page, [['Text to say', BYE]]);

  await select(page, `Menu: ${name} sandwiches`);
  await addUnder(page, 'callflow', 'No key pressed');
  await fill(page, [['Callflow', 'This callflow (start it again)']]);

  // The tree says it in the admin's words; the preview is what sync sends.
  const tree = page.getByRole('tree', { name: 'Callflow steps' });
  await expect(tree).toContainText('No key pressed');
  await expect(tree).toContainText(`Say: ${BYE}`);
  await expect(page.getByLabel('Callflow JSON')).toContainText('"module": "notification"');

  if (hydrate) {
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page).toHaveURL(/\/drafts\/[0-9a-f-]+\?notice=saved/);
    await waitForHydration(page);
  }
  await page.getByRole('button', { name: 'Sync to Kazoo' }).click();
  await expect(page).toHaveURL(/notice=synced/);
  await expect(page.getByText('Synced: Kazoo now has this callflow and its menus.')).toBeVisible();

  // Read back from the sandbox.
  const kazoo = await Kazoo.signIn();
  const [callflow] = await kazoo.named('callflows', name);
  expect(callflow, 'one callflow').toBeTruthy();
  expect(await kazoo.named('callflows', name)).toHaveLength(1);
  const menus = await kazoo.named('menus', name);
  expect(menus).toHaveLength(2);
  const media = await kazoo.named('media', name);
  expect(media).toHaveLength(2);
  if (haveSchemas) {
    expect(problems('callflows', callflow)).toEqual([]);
    for (const m of menus) expect(problems('menus', m)).toEqual([]);
    for (const m of media) expect(problems('media', m)).toEqual([]);
  }
  const flow = callflow.flow;
  const menu = (id: string) => menus.find((m) => m.id === id)!;
  const greeting = (m: any) => media.find((x) => x.id === m.media.greeting)!.tts.text;
  expect(greeting(menu(flow.data.id))).toBe(MAIN);
  expect(greeting(menu(flow.children['1'].data.id))).toBe(SUB);
  expect(flow.children['0'].data.target).toBe('+15551130452');
  const sub = flow.children['1'].children;
  expect(sub['1'].data.text).toBe(BYE);
  expect(sub['1'].children['_'].data.recipients).toEqual([{ type: 'email', id: 'orders@example.com' }]);
  expect(sub['2'].data.text).toBe(BYE);
  expect(sub.timeout.data.id).toBe(callflow.id);
});

test('a live callflow opened and synced with no change is byte for byte what it was', async ({ page }, info) => {
  const hydrate = info.project.name === 'hydrate';
  const kazoo = await Kazoo.signIn();
  const id = (await kazoo.findCallflow('Support menu'))!;
  const before = await kazoo.rawData('callflows', id);
  await signIn(page);
  await page.goto('/callflows');
  await page.getByRole('row').filter({ hasText: 'Support menu' }).getByRole('button', { name: /^Edit/ }).click();
  await expect(page).toHaveURL(/\/drafts\/[0-9a-f-]+/);
  if (hydrate) await waitForHydration(page);
  await expect(page.getByRole('tree', { name: 'Callflow steps' })).toContainText('Menu: Support menu');
  // Both projects share this draft: a sync of the other may be running.
  await expect(async () => {
    await page.getByRole('button', { name: 'Sync to Kazoo' }).click();
    await expect(page).toHaveURL(/notice=synced/, { timeout: 5_000 });
  }).toPass({ timeout: 30_000 });
  expect(await kazoo.rawData('callflows', id)).toBe(before);
});
