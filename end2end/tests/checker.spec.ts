// The Pivot checker, with and without JavaScript: paste a TwiML document
// and see the line Kazoo would hang up on flagged; request a TwiML server
// (started here, on 127.0.0.1, which the test server's
// CHECKER_ALLOWED_RANGES allows) as Kazoo Pivot does; walk its menu with
// keys to goodbye; open the checker from a pivot draft; axe on each state.
import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { signIn, waitForHydration } from './helpers';

const MENU = `<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Gather action="/menu" numDigits="1">
    <Say>Welcome. Press 1 for sales.</Say>
  </Gather>
  <Say>We did not get that.</Say>
  <Hangup/>
</Response>`;
const SALES = '<Response><Gather action="/bye" numDigits="1"><Say>Sales. Press 9 to hang up.</Say></Gather></Response>';
const BYE = '<Response><Say>Goodbye.</Say><Hangup/></Response>';

let server: http.Server;
let base = '';

/** A customer's TwiML server: /ivr, /menu (Digits 1), /bye. */
test.beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const params = new URLSearchParams(body);
      const digits = params.get('Digits') ?? url.searchParams.get('Digits');
      const xml = (text: string) => {
        res.writeHead(200, { 'Content-Type': 'text/xml' });
        res.end(text);
      };
      if (url.pathname === '/ivr') return xml(MENU);
      if (url.pathname === '/menu' && digits === '1') return xml(SALES);
      if (url.pathname === '/bye') return xml(BYE);
      res.writeHead(404);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function live(page: Page) {
  if (test.info().project.name === 'hydrate') await waitForHydration(page);
}

/** axe (WCAG 2.x A/AA and best practices) at 1280 and 390 px, with JavaScript. */
async function axe(page: Page, what: string) {
  if (test.info().project.name !== 'hydrate') return;
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    const found = results.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
    );
    expect(found, `${what} at ${width} px`).toEqual([]);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('a pasted TwiML document with <Say voice="alice"> has its line flagged', async ({ page }) => {
  await signIn(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pivot checker' }).click();
  await expect(page.getByRole('heading', { name: 'Pivot checker', level: 1 })).toBeVisible();
  await live(page);
  await axe(page, 'checker');

  await page.getByLabel('Answer to check').fill('<Response>\n  <Say voice="alice">Thanks for calling.</Say>\n</Response>');
  await expect(page.getByLabel('Content-Type')).toHaveValue('text/xml');
  await page.getByRole('button', { name: 'Check this answer' }).click();

  await expect(page).toHaveURL(/\/checker\?report=/);
  const report = page.getByRole('region', { name: 'Report' });
  await expect(report.getByText('TwiML only')).toBeVisible();
  await expect(report.getByText('Kazoo hangs up', { exact: true })).toBeVisible();
  const row = report.locator('table.findings tbody tr').filter({ hasText: 'voice="alice"' });
  await expect(row).toHaveCount(1);
  await expect(row.locator('td').first()).toHaveText(/^2:\d+$/);
  await expect(row).toContainText('Say');
  await expect(row).toContainText('hangs up');
  // The flagged line in the answer's text.
  const line = page.locator('#answer-line-2');
  await expect(line).toHaveClass(/flagged/);
  await expect(line).toContainText('<Say voice="alice">');
  await expect(page.locator('#answer-line-1')).not.toHaveClass(/flagged/);
  // A reload shows the same report; the form keeps the text.
  await page.reload();
  await expect(page.locator('#answer-line-2')).toHaveClass(/flagged/);
  await expect(page.getByLabel('Answer to check')).toHaveValue(/voice="alice"/);
  await live(page);
  await axe(page, 'checker report');
});

test('a refused form keeps what was typed and says why', async ({ page }) => {
  await signIn(page);
  await page.goto('/checker');
  await live(page);
  await page.getByLabel('Voice URL').fill('voice.example.com/twiml');
  await page.getByLabel('Timeout (ms)').fill('9000');
  await page.getByRole('button', { name: 'Check this server' }).click();
  await expect(page.getByText('Nothing was checked: please fix the fields marked below.')).toBeVisible();
  await expect(page.locator('#url-voice-url-error')).toHaveText('A voice URL starts with http:// or https://.');
  await expect(page.locator('#url-timeout-error')).toContainText('from 1 to 5000');
  await expect(page.getByLabel('Voice URL')).toHaveValue('voice.example.com/twiml');
  await live(page);
  await axe(page, 'refused check');
});

test('a server is requested as Kazoo does, then a call is walked to goodbye', async ({ page }) => {
  await signIn(page);
  await page.goto('/checker');
  await live(page);
  await page.getByLabel('Voice URL').fill(`${base}/ivr`);
  await page.getByLabel('Method').selectOption('post');
  await page.getByLabel('Request format').selectOption('twiml');
  await page.getByRole('button', { name: 'Check this server' }).click();

  const report = page.getByRole('region', { name: 'Report' });
  await expect(report.getByText(`POST ${base}/ivr`, { exact: true })).toBeVisible();
  await expect(report.getByText(/Answered in \d+ ms, within the 5000 ms timeout/)).toBeVisible();
  await expect(report.getByText('TwiML only (for text/xml)')).toBeVisible();
  await expect(report.getByText('Says: “Welcome. Press 1 for sales.”')).toBeVisible();

  // Walk a call, from the same form (filled with what was checked).
  await expect(page.getByLabel('Voice URL')).toHaveValue(`${base}/ivr`);
  await page.getByRole('button', { name: 'Walk a call' }).click();
  await expect(page.getByRole('heading', { name: 'Walk a call', level: 1 })).toBeVisible();
  const transcript = page.getByRole('region', { name: 'Transcript' });
  await expect(transcript).toContainText('First request of the call');
  await expect(transcript).toContainText('“Welcome. Press 1 for sales.”');
  await live(page);
  await axe(page, 'walk waiting for keys');

  await page.getByLabel('Press keys').fill('1');
  await page.getByRole('button', { name: 'Send keys' }).click();
  await expect(transcript).toContainText('Pressed 1');
  await expect(transcript).toContainText('“Sales. Press 9 to hang up.”');

  await page.getByLabel('Press keys').fill('9');
  await page.getByRole('button', { name: 'Send keys' }).click();
  await expect(transcript).toContainText('“Goodbye.”');
  await expect(page.getByRole('heading', { name: 'The call ended' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send keys' })).toHaveCount(0);
  await live(page);
  await axe(page, 'walk ended');

  // Walk again, and press nothing: the document goes on after the Gather.
  await page.getByRole('button', { name: 'Walk again from the start' }).click();
  await expect(page.getByRole('button', { name: 'Press nothing' })).toBeVisible();
  await page.getByRole('button', { name: 'Press nothing' }).click();
  await expect(transcript).toContainText('Pressed nothing');
  await expect(transcript).toContainText('“We did not get that.”');
  await expect(page.getByRole('heading', { name: 'The call ended' })).toBeVisible();
});

test('Check this server opens the checker with a pivot draft’s values', async ({ page }, info) => {
  await signIn(page);
  const res = await page.request.post('/api/v1/drafts', {
    data: {
      name: `Checker link ${info.project.name}`,
      numbers: [info.project.name === 'hydrate' ? '4155550172' : '4155550173'],
      voice_url: 'https://voice.example.com/checker-link',
      method: 'get',
      req_format: 'kazoo',
      req_timeout_ms: '3000',
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const draft = await res.json();
  await page.goto(`/drafts/${draft.id}`);
  await live(page);
  await page.getByRole('link', { name: 'Check this server' }).click();
  await expect(page.getByRole('heading', { name: 'Pivot checker', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Voice URL')).toHaveValue('https://voice.example.com/checker-link');
  await expect(page.getByLabel('Method')).toHaveValue('get');
  await expect(page.getByLabel('Request format')).toHaveValue('kazoo');
  await expect(page.getByLabel('Timeout (ms)')).toHaveValue('3000');
  await page.request.delete(`/api/v1/drafts/${draft.id}?version=${draft.version}&confirm=true`);
});
