// With JavaScript only: what the browser downloads. Static files come
// precompressed with hashed names that browsers keep a year; a page the
// first load did not need (a lazy route) brings its own WASM chunk when the
// admin goes there client-side.
import { expect, test } from '@playwright/test';
import { signIn, waitForHydration } from './helpers';

test('static files come compressed, with names browsers keep a year', async ({ page, request }) => {
  const files = new Set<string>();
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/pkg/')) files.add(r.url());
  });
  await page.goto('/login');
  await waitForHydration(page);

  const kinds = [...files].map((url) => url.split('.').pop());
  expect(kinds).toEqual(expect.arrayContaining(['css', 'js', 'wasm']));
  for (const url of files) {
    const answer = await request.get(url, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(answer.status(), url).toBe(200);
    expect(answer.headers()['content-encoding'], url).toBe('br');
    expect(answer.headers()['cache-control'], url).toBe('public, max-age=31536000, immutable');
  }
  // Pages are compressed too, and never kept.
  const login = await request.get('/login', { headers: { 'accept-encoding': 'gzip' } });
  expect(login.headers()['content-encoding']).toBe('gzip');
  expect(login.headers()['cache-control']).toBe('no-store');
});

test('a page outside the first load loads its own chunk when opened client-side', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

  await signIn(page);
  await waitForHydration(page);
  const wasm: string[] = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url()); });
  await page.evaluate(() => { (window as any).__samePage = true; });

  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Callflows', exact: true }).click();
  await expect(page).toHaveURL(/\/callflows$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Callflows');
  expect(wasm.length).toBeGreaterThan(0);

  await nav.getByRole('link', { name: 'Numbers Routing', exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator('table.numbers')).toBeVisible();
  // One page all along: no full load.
  expect(await page.evaluate(() => (window as any).__samePage)).toBe(true);
  expect(errors).toEqual([]);
});
