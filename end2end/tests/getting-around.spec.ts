// Getting around, with and without JavaScript: the navigation bar on every
// page, the Callflows list (search, Edit, Duplicate), Edit on Numbers
// Routing for any callflow, Import JSON (good and bad input), the number
// picker of the pivot form, and every page at 390 px without sideways
// scrolling.
import { expect, Page, test } from '@playwright/test';
import { signIn, waitForHydration } from './helpers';
import { Kazoo } from './kazoo';

/** Each project's own numbers (both run at once against one sandbox). */
const numbers = (project: string) =>
  project === 'hydrate'
    ? { live: '+14155550150', picked: '0152', extension: '2150' }
    : { live: '+14155550151', picked: '0153', extension: '2151' };

const NAV = ['Numbers Routing', 'Callflows', 'Drafts', 'Jobs', 'Pivot checker', 'Move from Twilio', 'API tokens'];

/** With JavaScript, waits until the page is live (text typed before could be reset). */
async function live(page: Page) {
  if (test.info().project.name === 'hydrate') await waitForHydration(page);
}

/** Posts like a form with the page's session; returns where it redirects. */
async function post(page: Page, path: string, form: Record<string, string> = {}) {
  const res = await page.request.post(path, { form, maxRedirects: 0 });
  expect(res.status(), await res.text()).toBe(303);
  return res.headers()['location'];
}

test('the navigation bar is on every page and says where you are', async ({ page }) => {
  await signIn(page);
  await expect(page.getByRole('heading', { name: 'Numbers Routing', level: 1 })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  const pages = [
    ['/', 'Numbers Routing', 'Numbers Routing'],
    ['/callflows', 'Callflows', 'Callflows'],
    ['/callflows/import', 'Import JSON', 'Callflows'],
    ['/drafts', 'Drafts', 'Drafts'],
    ['/jobs', 'Jobs', 'Jobs'],
    ['/checker', 'Pivot checker', 'Pivot checker'],
    ['/api-tokens', 'API tokens', 'API tokens'],
    ['/migrate/twilio', 'Move numbers from Twilio', 'Move from Twilio'],
    ['/pivot/new', 'Create new pivot action', 'Numbers Routing'],
  ];
  for (const [path, heading, current] of pages) {
    await page.goto(path);
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
    await expect(nav.getByRole('link')).toHaveText(NAV);
    await expect(nav.locator('[aria-current="page"]')).toHaveText(current);
    // The signed-in account beside it.
    await expect(page.getByRole('navigation', { name: 'Account' })).toContainText('sandbox · admin');
  }

  // Following the links (with JavaScript, without reloading the page).
  await page.goto('/');
  await live(page);
  for (const name of ['Callflows', 'Drafts', 'Pivot checker', 'API tokens', 'Numbers Routing']) {
    await nav.getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
    await expect(nav.getByRole('link', { name })).toHaveAttribute('aria-current', 'page');
    await expect(nav.locator('[aria-current="page"]')).toHaveCount(1);
  }
});

test('Callflows: every live callflow searched; Edit opens its draft, as on Numbers Routing; Duplicate copies it without numbers', async ({ page }, info) => {
  const mine = numbers(info.project.name);
  const name = `Getting around ${info.project.name}`;
  const kazoo = await Kazoo.signIn();
  if (!(await kazoo.findCallflow(name))) {
    await kazoo.putCallflow({
      name,
      numbers: [mine.live],
      flow: { module: 'tts', data: { text: 'Hello' }, children: { _: { module: 'hangup', data: {} } } },
    });
  }
  await signIn(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Callflows' }).click();
  await expect(page.getByRole('heading', { name: 'Callflows', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'New callflow' })).toHaveAttribute('href', '/callflows/new');
  const rows = page.locator('table.callflows tbody tr');
  const support = rows.filter({ hasText: 'Support menu' });
  await expect(support).toContainText('Menu');
  await expect(support).toContainText('+1 415 555 0101');
  await expect(support.getByRole('button', { name: /^Edit/ })).toBeVisible();
  await expect(support.getByRole('button', { name: /^Duplicate/ })).toBeVisible();

  // The other project's sign-in may have read the routing before this
  // callflow was made: read it again until it is listed.
  const search = page.getByLabel('Search callflows');
  const row = rows.filter({ hasText: name });
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh from Kazoo' }).click();
    await expect(page.getByRole('status')).toHaveText('Callflows refreshed from Kazoo.');
    await live(page);
    await search.fill(mine.live.slice(2).replace(/(\d{3})(\d{3})(\d{4})/, '($1) $2-$3'));
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(row).toHaveCount(1, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(rows).toHaveCount(1);
  await expect(row).toContainText('Say');
  await expect(row).toContainText('Hang up');
  await search.fill('no such callflow anywhere');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText('No callflow matches “no such callflow anywhere”.')).toBeVisible();

  // Numbers Routing offers Edit on a callflow that is not a pivot action.
  await page.goto(`/?q=${mine.live.slice(-4)}`);
  const routed = page.locator('table.numbers tbody tr').filter({ hasText: mine.live });
  await expect(routed).toContainText(name);
  await routed.getByRole('button', { name: /^Edit/ }).click();
  await expect(page).toHaveURL(/\/drafts\/[0-9a-f-]+$/);
  const draft = page.url();

  // Edit on Callflows opens that same draft.
  await page.goto(`/callflows?q=${encodeURIComponent(name)}`);
  await row.getByRole('button', { name: /^Edit/ }).click();
  await expect(page).toHaveURL(draft);

  // Duplicate: a new draft, named "(copy)", routing no number.
  await page.goto(`/callflows?q=${encodeURIComponent(name)}`);
  await row.getByRole('button', { name: /^Duplicate/ }).click();
  await expect(page).toHaveURL(/\/drafts\/[0-9a-f-]+\?notice=duplicated$/);
  expect(page.url().split('?')[0]).not.toBe(draft);
  await page.goto(`/drafts?q=${encodeURIComponent(`${name} (copy)`)}`);
  const copy = page.locator('table.drafts tbody tr').first();
  await expect(copy).toContainText(`${name} (copy)`);
  await expect(copy).toContainText('Callflow');
  await expect(copy).toContainText('No numbers');
});

test('Import JSON: bad input is kept with what is wrong; an API body becomes a draft', async ({ page }, info) => {
  const hydrate = info.project.name === 'hydrate';
  await signIn(page);
  await page.goto('/callflows');
  await page.getByRole('link', { name: 'Import JSON' }).click();
  await expect(page.getByRole('heading', { name: 'Import JSON', level: 1 })).toBeVisible();
  await live(page);
  const box = page.getByLabel('Callflow JSON');
  const send = page.getByRole('button', { name: 'Import as a new draft' });

  await box.fill('{"name": "Half');
  await send.click();
  await expect(page).toHaveURL(/\/callflows\/import$/);
  await expect(page.getByRole('alert')).toContainText('Nothing was saved. This is not JSON');
  await expect(box).toHaveValue('{"name": "Half');
  await expect(box).toHaveAttribute('aria-invalid', 'true');

  await live(page);
  await box.fill('{"name": "No flow", "numbers": ["1001"]}');
  await send.click();
  await expect(page.getByRole('alert')).toContainText('The callflow has no "flow"');
  await expect(box).toHaveValue('{"name": "No flow", "numbers": ["1001"]}');

  // Past 256 KiB: with JavaScript refused before it is sent (the text
  // stays); without it, the body limit's page says so.
  await live(page);
  const big = JSON.stringify({ name: 'Big', flow: { module: 'tts', data: { text: 'x'.repeat(300 * 1024) } } });
  await box.fill(big);
  await send.click();
  if (hydrate) {
    await expect(page.locator('#document-error')).toContainText('a callflow document may be at most 256 KiB');
    await expect(page).toHaveURL(/\/callflows\/import$/);
    expect((await box.inputValue()).length).toBe(big.length);
  } else {
    await expect(page.getByRole('heading', { name: 'That was too much to send' })).toBeVisible();
  }

  // The 2600Hz guide's PUT body: a new draft, numbers as Kazoo stores them.
  const name = `Imported ${info.project.name}`;
  await page.goto('/callflows/import');
  await live(page);
  const body = {
    data: {
      name,
      numbers: ['555-113-0451'],
      flow: { module: 'tts', data: { text: 'Welcome.' }, children: {} },
    },
  };
  await box.fill(JSON.stringify(body, null, 2));
  await send.click();
  await expect(page).toHaveURL(/\/drafts\/[0-9a-f-]+\?notice=imported$/);
  await page.goto(`/drafts?q=${encodeURIComponent(name)}`);
  const row = page.locator('table.drafts tbody tr').first();
  await expect(row).toContainText(name);
  await expect(row).toContainText('Callflow');
  await expect(row).toContainText('+5551130451');
});

test('the pivot form’s number picker: the account’s numbers with what answers them, ticked or typed', async ({ page }, info) => {
  const hydrate = info.project.name === 'hydrate';
  const mine = numbers(info.project.name);
  await signIn(page);
  await page.goto('/pivot/new');
  await expect(page.getByRole('heading', { name: 'Create new pivot action' })).toBeVisible();
  await live(page);
  const picks = page.getByRole('group', { name: 'The account’s numbers' });
  await expect(picks.getByRole('checkbox', { name: '+1 415 555 0101 used by Support menu' })).toBeVisible();
  await expect(picks.getByRole('checkbox', { name: /^\+1 415 555 012[0-4] caught by a pattern of Overflow block$/ }).first()).toBeVisible();
  const pick = picks.getByRole('checkbox', { name: `+1 415 555 ${mine.picked} free` });
  await expect(pick).toBeVisible();
  await expect(pick).not.toBeChecked();

  const find = page.getByLabel('Find a number');
  if (hydrate) {
    await find.fill('support');
    await expect(picks.getByRole('checkbox')).toHaveCount(1);
    await find.fill(`(415) 555-${mine.picked}`);
    await expect(picks.getByRole('checkbox')).toHaveCount(1);
    // Enter filters; it does not send the form.
    await find.press('Enter');
    await expect(page).toHaveURL(/\/pivot\/new$/);
  } else {
    // Without JavaScript there is nothing to filter with: the whole list shows.
    await expect(find).toBeHidden();
  }
  await pick.check();
  await page.getByLabel('Numbers to route').fill(mine.extension);
  if (hydrate) {
    const preview = page.getByLabel('Callflow JSON');
    await expect(preview).toContainText(`"+1415555${mine.picked}"`);
    await expect(preview).toContainText(`"${mine.extension}"`);
  }
  await page.getByLabel('Name', { exact: true }).fill(`Picked ${info.project.name}`);
  await page.getByLabel('Voice URL').fill('https://voice.example.com/picked');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page).toHaveURL(/\/drafts\/[0-9a-f-]+\?notice=saved$/);
  // Saved as one list: the ticked number ticked, the typed one typed.
  await expect(picks.getByRole('checkbox', { name: `+1 415 555 ${mine.picked} free` })).toBeChecked();
  await expect(page.getByLabel('Numbers to route')).toHaveValue(mine.extension);
});

test('every page fits 390 px wide: no sideways scrolling, the pivot preview before its buttons', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page);
  // A pivot draft and a callflow draft, to visit their pages.
  const pivot = await post(page, '/callflows/import', {
    document: JSON.stringify({
      name: 'Narrow pivot',
      numbers: [],
      flow: { module: 'pivot', data: { voice_url: 'https://voice.example.com/narrow-screen/with/a/long/path?and=query' } },
    }),
  });
  const callflow = await post(page, '/callflows/import', {
    document: JSON.stringify({ name: 'Narrow menu', flow: { module: 'tts', data: { text: 'Hi' } } }),
  });
  // A checker report of a long-lined answer, and a walk (of an address the
  // checker refuses: nothing is requested).
  const report = await post(page, '/checker/paste', {
    answer: `<Response><Say voice="alice">${'A long sentence without a break. '.repeat(12)}</Say><Play>https://media.example.com/a/very/long/path/to/a/greeting/file/that/goes/on.mp3</Play></Response>`,
    content_type: 'text/xml',
    status: '200',
  });
  const walk = await post(page, '/checker/walks', {
    voice_url: 'http://10.0.0.1/a/long/path/for/a/narrow/screen?with=query&and=more',
    method: 'post',
    req_format: 'twiml',
    req_body_format: 'form',
  });
  const paths = [
    '/',
    '/?route=callflow',
    '/checker',
    report.split('#')[0],
    walk,
    '/callflows',
    '/callflows/import',
    '/callflows/new',
    '/drafts',
    '/api-tokens',
    '/pivot/new',
    pivot.split('?')[0],
    `${pivot.split('?')[0]}/compare`,
    `${pivot.split('?')[0]}/confirm?action=discard`,
    callflow.split('?')[0],
  ];
  for (const path of paths) {
    await page.goto(path);
    await live(page);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${path} is ${width} px wide`).toBeLessThanOrEqual(390);
  }
  // The pivot form in one column: its JSON preview comes before its buttons.
  await page.goto('/pivot/new');
  const preview = await page.getByRole('heading', { name: 'JSON preview' }).boundingBox();
  const save = await page.getByRole('button', { name: 'Save draft' }).boundingBox();
  expect(preview!.y).toBeLessThan(save!.y);
});
