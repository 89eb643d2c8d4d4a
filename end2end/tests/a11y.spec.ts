// axe-core (WCAG 2.0 and 2.1, A and AA, plus best practices) on every page
// and the states an admin meets there, 1280 and 390 px wide, with the
// app's JavaScript running (hydrated) and without it: in the `ssr` project
// the app's scripts are blocked, so axe checks exactly the server-rendered
// page that a browser without JavaScript shows (axe itself needs scripts).
import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import { alone, signIn, waitForHydration } from './helpers';
import { Kazoo } from './kazoo';

test.use({ javaScriptEnabled: true });

const WIDTHS = [1280, 390];

test.beforeEach(async ({ page }, info) => {
  // Sixteen axe runs and the hydration waits of a test share two cores.
  test.slow();
  // Without JavaScript the browser still loads the styles: block only the
  // app's scripts and WASM, so axe sees the styled server-rendered page.
  if (info.project.name === 'ssr') await page.route(/\/pkg\/.*\.(js|wasm)$/, (route) => route.abort());
});

/** Checks the page as it is now at every width; fails listing each violation. */
async function check(page: Page, what: string, hydrate: boolean) {
  if (hydrate) await waitForHydration(page);
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    const found = results.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
    );
    expect(found, `${what} at ${width} px`).toEqual([]);
  }
}

/** Opens `path` and checks it. */
async function visit(page: Page, path: string, what: string, hydrate: boolean) {
  await page.goto(path);
  await check(page, what, hydrate);
}

/** Posts like a form with the page's session; returns where it redirects. */
async function post(page: Page, path: string, form: Record<string, string> = {}) {
  const res = await page.request.post(path, { form, maxRedirects: 0 });
  expect(res.status(), await res.text()).toBe(303);
  return res.headers()['location'];
}

test('sign-in page, before and after a refused sign-in', async ({ page }, info) => {
  const hydrate = info.project.name === 'hydrate';
  await visit(page, '/login', 'sign-in', hydrate);
  await signIn(page, 'not-the-password');
  await expect(page.getByRole('alert')).toBeVisible();
  await check(page, 'sign-in refused', hydrate);
});

test('Numbers Routing: list, search, no match, filter, second page', async ({ page }, info) => {
  const hydrate = info.project.name === 'hydrate';
  await signIn(page);
  await check(page, 'Numbers Routing', hydrate);
  await visit(page, '/?q=012', 'search (pattern routes)', hydrate);
  await visit(page, '/?q=no-such-number', 'search with no match', hydrate);
  await visit(page, '/?route=none', 'filter', hydrate);
  await visit(page, '/?page=2', 'second page', hydrate);
  await visit(page, '/?page=99', 'page past the end', hydrate);
});

test('pivot form: new, refused save, saved and synced draft, confirmations', async ({ page }, info) => {
  const hydrate = info.project.name === 'hydrate';
  await signIn(page);
  await visit(page, '/pivot/new', 'new pivot action', hydrate);
  await visit(page, '/pivot/new?number=%2B14155550121', 'new pivot action for a pattern’s number', hydrate);

  await page.getByLabel('Voice URL').fill('ftp://nope');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('heading', { name: 'What to fix' })).toBeVisible();
  await check(page, 'refused save', hydrate);

  await page.getByLabel('Name', { exact: true }).fill(`Checked ${info.project.name}`);
  // The pattern's number came ticked in the number picker: route another one.
  await page.getByRole('checkbox', { name: /^\+1 415 555 0121 / }).uncheck();
  await page.getByLabel('Numbers to route').fill(hydrate ? '4155550146' : '4155550147');
  await page.getByLabel('Voice URL').fill('https://checked.example.com/voice');
  await page.getByLabel('Say a message').check();
  await page.getByLabel('Message callers hear').fill('Sorry.');
  await page.getByRole('button', { name: 'Sync to Kazoo' }).click();
  await expect(page.locator('.sync-log')).toBeVisible();
  await check(page, 'synced draft with its sync log', hydrate);
  const draft = new URL(page.url()).pathname;

  for (const action of ['remove', 'discard']) {
    await visit(page, `${draft}/confirm?action=${action}`, `confirm ${action}`, hydrate);
  }
  await visit(page, `${draft}/compare`, 'compare, the same', hydrate);
  await visit(page, '/drafts', 'drafts', hydrate);
});

test('a draft of a live callflow: read-only callflow, changed in Kazoo, compare', async ({ page }, info) => {
  const hydrate = info.project.name === 'hydrate';
  const kazoo = await Kazoo.signIn();
  await signIn(page);

  // A menu: shown read-only until the editor exists.
  const menu = (await kazoo.findCallflow('Support menu'))!;
  const menuDraft = await post(page, `/callflows/${menu}/draft`);
  await visit(page, menuDraft, 'callflow draft (read-only)', hydrate);

  // A pivot changed in Kazoo after its draft was made: refused, compared.
  const number = hydrate ? '+14155550148' : '+14155550149';
  const doc = (url: string) => ({
    name: `Moved ${info.project.name}`,
    numbers: [number],
    flow: { module: 'pivot', data: { voice_url: url, method: 'post', req_format: 'twiml' }, children: {} },
  });
  const id = await kazoo.putCallflow(doc('https://a.example.com/voice'));
  await page.goto('/');
  await alone(async () => {
    await page.getByRole('button', { name: 'Refresh from Kazoo' }).click();
    await expect(page.getByRole('status')).toHaveText('Routing refreshed from Kazoo.');
  });
  const draft = await post(page, `/callflows/${id}/draft`);
  await kazoo.postCallflow(id, doc('https://b.example.com/voice'));
  await page.goto(draft);
  await page.getByLabel('Voice URL').fill('https://c.example.com/voice');
  await page.getByRole('button', { name: 'Sync to Kazoo' }).click();
  await expect(page.getByRole('alert').first()).toContainText('changed in Kazoo');
  await check(page, 'draft in conflict', hydrate);
  await visit(page, `${draft}/compare`, 'compare, with differences', hydrate);
  await visit(page, `${draft}/confirm?action=sync-anyway`, 'confirm sync anyway', hydrate);
});

test('API tokens: list, new token shown once', async ({ page }, info) => {
  const hydrate = info.project.name === 'hydrate';
  await signIn(page);
  await visit(page, '/api-tokens', 'API tokens', hydrate);
  await page.getByLabel('Token name').fill(`axe ${info.project.name}`);
  await page.getByRole('button', { name: 'Create API token' }).click();
  await expect(page.getByLabel('New API token')).toBeVisible();
  await check(page, 'new API token', hydrate);
});
