// Moving numbers off Twilio, with and without JavaScript: upload a Twilio
// numbers export file with a mix (two numbers on their own TwiML server
// with a fallback URL and a status callback, a Studio flow, a TwiML Bin, a
// SIP trunk, a number the account lacks), see the group and its flags and
// why the rest does not move, create the drafts, open the one made: its
// fallback is the second server. Each project has its own export and
// numbers (both run at once against one sandbox).
import AxeBuilder from '@axe-core/playwright';
import path from 'node:path';
import { expect, Page, test } from '@playwright/test';
import { signIn, waitForHydration } from './helpers';

/** What each project's export file holds. */
const mine = (project: string) => {
  const p = project === 'hydrate' ? 'hydrate' : 'ssr';
  const [a, b, studio, bin, trunk, lacking] =
    p === 'hydrate' ? ['0110', '0111', '0112', '0113', '0114', '0998'] : ['0115', '0116', '0117', '0118', '0119', '0997'];
  return {
    file: path.join(__dirname, 'fixtures', `twilio-numbers-${p}.json`),
    group: `ivr.example.com/${p}/voice`,
    voiceUrl: `https://ivr.example.com/${p}/voice`,
    fallbackUrl: `https://backup.example.com/${p}/voice`,
    cdrUrl: `https://ivr.example.com/${p}/status`,
    moving: [`+1 415 555 ${a}`, `+1 415 555 ${b}`],
    movingE164: [`+1415555${a}`, `+1415555${b}`],
    sms: `+1 415 555 ${b}`,
    studio: `+1 415 555 ${studio}`,
    bin: `+1 415 555 ${bin}`,
    trunk: `+1 415 555 ${trunk}`,
    lacking: `+1 415 555 ${lacking}`,
  };
};

async function live(page: Page) {
  if (test.info().project.name === 'hydrate') await waitForHydration(page);
}

/** No sideways scrolling at 390 px; with JavaScript, axe finds nothing at 1280 and 390 px. */
async function fits(page: Page, what: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scroll, `${what} is ${scroll} px wide at ${width} px`).toBeLessThanOrEqual(width);
    if (test.info().project.name !== 'hydrate') continue;
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    const found = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    expect(found, `${what} at ${width} px`).toEqual([]);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('a Twilio export becomes pivot drafts: preview, flags, create, open one', async ({ page }, info) => {
  test.slow();
  const m = mine(info.project.name);
  await signIn(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Move from Twilio' }).click();
  await expect(page.getByRole('heading', { name: 'Move numbers from Twilio', level: 1 })).toBeVisible();
  await live(page);
  await fits(page, 'the upload form');

  await page.getByLabel('Export file').setInputFiles(m.file);
  await page.getByRole('button', { name: 'Preview the move' }).click();
  await expect(page).toHaveURL(/\/migrate\/twilio\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: 'Twilio import', level: 1 })).toBeVisible();
  await expect(page.getByText(/^6 numbers read from the REST API's JSON \(1 page\) by .*: 2 move in 1 draft, 4 do not\.$/)).toBeVisible();

  // The group: one draft for both numbers, its settings and caveats.
  const groups = page.getByRole('table', { name: 'One pivot draft per voice configuration' });
  const group = groups.getByRole('row').filter({ hasText: m.group });
  await expect(group).toHaveCount(1);
  await expect(group).toContainText(m.voiceUrl);
  await expect(group).toContainText('POST');
  await expect(group).toContainText(`GET ${m.fallbackUrl}`);
  await expect(group).toContainText(m.cdrUrl);
  for (const n of m.moving) await expect(group).toContainText(n);
  await expect(group.locator('[data-flag="cdr_url"]')).toContainText('requested once, when the call ends');
  await expect(group.locator('[data-flag="fallback"]')).toContainText('second pivot node');
  await expect(group.locator('[data-flag="sms"]')).toContainText(m.sms);

  // What does not move, and why.
  const rest = page.getByRole('table', { name: 'Numbers that do not move, and why' });
  const row = (number: string) => rest.getByRole('row').filter({ hasText: number });
  await expect(row(m.studio)).toContainText('Studio flow');
  await expect(row(m.studio).getByRole('link', { name: 'Rebuild it in the callflow editor' })).toHaveAttribute('href', '/callflows/new');
  await expect(row(m.bin)).toContainText('TwiML Bin');
  await expect(row(m.bin).getByRole('link', { name: 'Check its TwiML in the checker' })).toHaveAttribute('href', '/checker');
  await expect(row(m.trunk)).toContainText('SIP trunk');
  await expect(row(m.trunk)).toContainText('Not a Pivot route');
  await expect(row(m.lacking)).toContainText('Not in the Kazoo account');
  await expect(row(m.lacking)).toContainText('add or port it to Kazoo first');
  await fits(page, 'the preview');

  // Create drafts: the group's draft, made now when no draft has this
  // project's numbers yet (a fresh sandbox and database), else found (a
  // rerun against the same server); nothing for the rest.
  const before = await page.request.get('/api/v1/drafts');
  expect(before.status()).toBe(200);
  const drafted = JSON.stringify(await before.json());
  const fresh = !m.movingE164.some((n) => drafted.includes(n));
  await live(page);
  await page.getByRole('button', { name: 'Create drafts' }).click();
  await expect(page).toHaveURL(/notice=created/);
  await expect(page.getByRole('status')).toContainText(fresh ? '1 draft was made' : 'Nothing new was made');
  const result = groups.getByRole('row').filter({ hasText: m.group });
  const draft = result.getByRole('link', { name: m.group });
  await expect(draft).toBeVisible();
  await expect(result).toContainText(fresh ? 'Draft made' : 'Already in draft');
  await fits(page, 'the result');

  // The CSV download: every number with its draft.
  const csv = await page.request.get(`${new URL(page.url()).pathname}/result.csv`);
  expect(csv.status()).toBe(200);
  const text = await csv.text();
  expect(text.split('\n')[0]).toBe('number,friendly_name,class,reason,group,draft_id,draft_link');
  expect(text).toContain(`${m.moving[0].replace(/ /g, '')},Front desk,movable,`);
  expect(text).toContain(`${m.studio.replace(/ /g, '')},Studio IVR,studio,`);

  // The draft: an ordinary pivot draft whose fallback is the second server.
  await draft.click();
  await expect(page).toHaveURL(/\/drafts\/[0-9a-f-]{36}/);
  await live(page);
  await expect(page.getByLabel('Voice URL', { exact: true })).toHaveValue(m.voiceUrl);
  await expect(page.getByLabel('CDR URL')).toHaveValue(m.cdrUrl);
  await expect(page.getByRole('radio', { name: 'Ask a fallback server' })).toBeChecked();
  await expect(page.getByLabel('Fallback server URL')).toHaveValue(m.fallbackUrl);
  const preview = page.locator('.preview pre');
  await expect(preview).toContainText(`"voice_url": "${m.fallbackUrl}"`);
  await expect(preview).toContainText(`"cdr_url": "${m.cdrUrl}"`);
});

test('a file that is not an export is refused with what is wrong, and nothing is made', async ({ page }, info) => {
  await signIn(page);
  await page.goto('/migrate/twilio');
  await live(page);
  await page.getByLabel('Or paste the export').fill(`{"calls": [{"sid": "CA1", "to": "+14155550110"}], "page": 0, "project": "${info.project.name}"}`);
  await page.getByRole('button', { name: 'Preview the move' }).click();
  await expect(page).toHaveURL(/\/migrate\/twilio$/);
  await expect(page.getByRole('alert')).toContainText('a Twilio "calls" list, not phone numbers');
  // The pasted text is kept to fix.
  await expect(page.getByLabel('Or paste the export')).toHaveValue(/"calls"/);
});
