// With JavaScript only: every page hydrates under its Content-Security-
// Policy (scripts with the page's nonce, WebAssembly compiled), and the
// browser reports no violation.
import { expect, test } from '@playwright/test';
import { signIn, waitForHydration } from './helpers';

test('pages hydrate under their nonce policy without violations', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });

  const login = await page.goto('/login');
  const policy = login!.headers()['content-security-policy'];
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9_-]{16,}' 'wasm-unsafe-eval'/);
  expect(policy).toContain("frame-ancestors 'none'");
  await waitForHydration(page);

  await signIn(page);
  await waitForHydration(page);
  for (const path of ['/', '/drafts', '/api-tokens', '/pivot/new']) {
    const response = await page.goto(path);
    expect(response!.headers()['content-security-policy']).toContain("'nonce-");
    await waitForHydration(page);
  }
  // The live preview runs in the WASM.
  await page.getByLabel('Voice URL').fill('https://csp.example.com/voice');
  await expect(page.getByLabel('Callflow JSON')).toContainText('"voice_url": "https://csp.example.com/voice"');
  expect(problems).toEqual([]);
});
