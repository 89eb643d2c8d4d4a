// Bulk sync, with and without JavaScript: tick drafts on the Drafts page
// and Sync selected; the job's page shows its progress (live with
// JavaScript, on reload without) and each draft's outcome; a draft whose
// number another callflow holds fails with the reason in words, and Retry
// failed syncs it once the number is free. "Select all matching" and Sync
// all changed post what they say. The jobs list and the navigation link
// to the job. Every page passes axe and fits 390 px.
import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import { signIn, waitForHydration } from './helpers';
import { Kazoo } from './kazoo';

/** Each project's own numbers (both run at once against one sandbox; no
 * other story uses these). */
const numbers = (project: string) =>
  project === 'hydrate'
    ? { first: '+14155550154', second: '+14155550155', blocked: '+14155550156', quiet: '+14155550144' }
    : { first: '+14155550157', second: '+14155550158', blocked: '+14155550159', quiet: '+14155550145' };

/** With JavaScript, waits until the page is live. */
async function live(page: Page) {
  if (test.info().project.name === 'hydrate') await waitForHydration(page);
}

/** Makes a pivot draft through the JSON API with the page's session; its id. */
async function draft(page: Page, name: string, number: string): Promise<string> {
  const res = await page.request.post('/api/v1/drafts', {
    data: { name, numbers: [number], voice_url: 'https://bulk.example.com/voice' },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).id;
}

/** Searches the Drafts page. */
async function searchDrafts(page: Page, q: string) {
  await page.goto('/drafts');
  await live(page);
  await page.getByLabel('Search drafts').fill(q);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/q=/);
}

/** Waits until the job's page says `text`: by itself with JavaScript (the
 * page follows the job), by reloading without. */
async function until(page: Page, text: string | RegExp) {
  const counts = page.locator('.job-progress .counts');
  if (test.info().project.name === 'hydrate') {
    await expect(counts).toContainText(text, { timeout: 15_000 });
  } else {
    await expect(async () => {
      await page.reload();
      await expect(counts).toContainText(text, { timeout: 500 });
    }).toPass({ timeout: 15_000 });
  }
}

/** axe (WCAG 2.x A/AA and best practices) at 1280 and 390 px, and no
 * sideways scrolling at 390 px. */
async function check(page: Page, what: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    if (test.info().project.name === 'hydrate') {
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
        .analyze();
      const found = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`);
      expect(found, `${what} at ${width} px`).toEqual([]);
    }
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scroll, `${what} is ${scroll} px wide at ${width} px`).toBeLessThanOrEqual(width);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('Sync selected runs a job; a taken number fails in words and Retry failed syncs it once free', async ({ page }, info) => {
  const mine = numbers(info.project.name);
  const tag = `Bulk ${info.project.name}`;
  const kazoo = await Kazoo.signIn();
  // Another tool holds the third number in Kazoo.
  const blocker = {
    name: `${tag} blocker`,
    numbers: [mine.blocked],
    flow: { module: 'pivot', data: { voice_url: 'https://blocker.example.com/voice', method: 'post', req_format: 'twiml' }, children: {} },
  };
  const blockerId = await kazoo.putCallflow(blocker);
  await signIn(page);
  await draft(page, `${tag} one`, mine.first);
  await draft(page, `${tag} two`, mine.second);
  await draft(page, `${tag} clash`, mine.blocked);

  // Nothing ticked: back to Drafts, saying so, and nothing runs.
  await searchDrafts(page, tag);
  await expect(page.getByLabel('Select all 3 drafts matching')).not.toBeChecked();
  await check(page, 'Drafts with bulk sync');
  await page.getByRole('button', { name: 'Sync selected' }).click();
  await expect(page.getByRole('alert')).toHaveText('Select at least one draft to sync. Nothing was synced.');
  await expect(page).toHaveURL(new RegExp(`/drafts\\?q=${encodeURIComponent(tag)}$`));

  // Two ticked.
  await live(page);
  await page.getByRole('checkbox', { name: `Select ${tag} one` }).check();
  await page.getByRole('checkbox', { name: `Select ${tag} two` }).check();
  await page.getByRole('button', { name: 'Sync selected' }).click();
  await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: 'Sync drafts', level: 1 })).toBeVisible();
  await until(page, '2 of 2 done · 0 failed · 0 left');
  await expect(page.locator('.job-facts')).toContainText('Done');
  await expect(page.getByLabel('2 of 2 items finished')).toHaveAttribute('value', '2');
  const rows = page.locator('table.job-items tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: `${tag} one` })).toContainText('Done');
  await expect(page.getByRole('button', { name: 'Cancel job' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Reload' })).toHaveCount(0);
  await live(page);
  await check(page, 'a finished job');
  const done = page.url();

  // The drafts read Synced, and the draft links lead there.
  await rows.filter({ hasText: `${tag} one` }).getByRole('link').click();
  await expect(page.getByRole('heading', { name: `${tag} one` })).toBeVisible();
  await expect(page.locator('.draft-status')).toContainText('Synced');
  await searchDrafts(page, tag);
  const drafts = page.locator('table.drafts tbody tr');
  await expect(drafts.filter({ hasText: `${tag} two` })).toContainText('Synced');
  await expect(drafts.filter({ hasText: `${tag} clash` })).toContainText('Draft');

  // The clash: it fails, says why, and Retry failed syncs it once the
  // number is free in Kazoo.
  await live(page);
  await page.getByRole('checkbox', { name: `Select ${tag} clash` }).check();
  await page.getByRole('button', { name: 'Sync selected' }).click();
  await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]{36}$/);
  await until(page, '0 of 1 done · 1 failed · 0 left');
  const failed = page.locator('table.job-items tbody tr').first();
  await expect(failed).toContainText(`${tag} clash`);
  await expect(failed).toContainText('Failed');
  await expect(failed).toContainText(`${mine.blocked} is already used by the callflow “${tag} blocker”`);
  await live(page);
  await check(page, 'a job with a failed item');
  // (Kazoo wants a number or a pattern, each in one callflow: this
  // project's own, which matches no number.)
  await kazoo.postCallflow(blockerId, { ...blocker, numbers: [], patterns: [`^no-number-${info.project.name}$`] });
  await page.getByRole('button', { name: 'Retry failed' }).click();
  await expect(page.getByRole('status')).toHaveText('The failed items run again.');
  await until(page, '1 of 1 done · 0 failed · 0 left');
  await expect(page.getByRole('button', { name: 'Retry failed' })).toHaveCount(0);
  await expect(page.locator('table.job-items tbody tr').first()).toContainText('Done');

  // The jobs list, from the navigation bar, links to both.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
  await expect(page.getByRole('heading', { name: 'Jobs', level: 1 })).toBeVisible();
  await expect(page.locator(`a[href="${new URL(done).pathname}"]`)).toHaveText('Sync drafts');
  await live(page);
  await check(page, 'the jobs list');
  await page.locator(`a[href="${new URL(done).pathname}"]`).click();
  await expect(page.locator('.job-progress .counts')).toContainText('2 of 2 done');
});

test('a finished job’s page stops asking for news', async ({ page }, info) => {
  test.skip(info.project.name !== 'hydrate', 'only a page with JavaScript asks');
  const mine = numbers(info.project.name);
  await signIn(page);
  const id = await draft(page, `Quiet ${info.project.name}`, mine.quiet);
  const res = await page.request.post('/jobs/sync', { form: { draft: id }, maxRedirects: 0 });
  expect(res.status()).toBe(303);
  const job = res.headers()['location'];
  let asked = 0;
  page.on('request', (r) => {
    if (r.url().includes('/api/jobs/get')) asked += 1;
  });
  await page.goto(job);
  await until(page, '1 of 1 done');
  await waitForHydration(page);
  const before = asked;
  await page.waitForTimeout(2_500);
  expect(asked, 'no request once the job ended').toBe(before);
});

test('Select all matching and Sync all changed post what they say', async ({ page }, info) => {
  const tag = `Matching ${info.project.name}`;
  await signIn(page);
  // The posts are stopped before the server: Sync all changed takes every
  // changed draft of the sandbox account these stories share, other
  // stories' included (the server's tests cover what the handler starts).
  const a = await draft(page, `${tag} a`, numbers(info.project.name).first);
  const b = await draft(page, `${tag} b`, numbers(info.project.name).second);
  const posted: string[] = [];
  await page.route('**/jobs/sync', async (route) => {
    posted.push(route.request().postData() ?? '');
    await route.fulfill({ status: 200, contentType: 'text/html', body: '<title>posted</title><h1>Posted</h1>' });
  });
  await searchDrafts(page, tag);
  await page.getByLabel('Select all 2 drafts matching').check();
  await page.getByRole('button', { name: 'Sync selected' }).click();
  await expect(page.getByRole('heading', { name: 'Posted' })).toBeVisible();
  let form = new URLSearchParams(posted.pop());
  expect(form.getAll('scope').sort()).toEqual(['matching', 'selected']);
  expect(form.get('q')).toBe(tag);
  expect(form.getAll('draft')).toEqual([]);

  await searchDrafts(page, tag);
  await page.getByRole('checkbox', { name: `Select ${tag} a` }).check();
  await page.getByRole('button', { name: 'Sync all changed' }).click();
  await expect(page.getByRole('heading', { name: 'Posted' })).toBeVisible();
  form = new URLSearchParams(posted.pop());
  expect(form.getAll('scope')).toEqual(['changed']);
  expect(form.getAll('draft')).toEqual([a]);
  expect(b).not.toEqual(a);
});
