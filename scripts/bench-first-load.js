#!/usr/bin/env node
// Measures what a browser downloads to show a page, against a running
// release server and its sandbox Kazoo (nothing is built here):
//   - the first load of /login and of / (Numbers Routing, signed in as the
//     sandbox's admin), each in a fresh browser context (empty cache):
//     every byte received for the page, its CSS, JS and WASM (chunks too),
//     headers included, as Chromium counts them (CDP encodedDataLength),
//     after the page has hydrated and the network is idle;
//   - a repeat visit of each in the same context (a new tab): what is
//     downloaded again (only the page itself when the static files are
//     cached).
// Usage: node scripts/bench-first-load.js http://127.0.0.1:3000
// Prints one line per load, then the same figures as one JSON line (for
// scripts). Env: CHROMIUM (default /usr/bin/chromium).
'use strict';
const path = require('path');
const { chromium } = require(path.join(__dirname, '..', 'end2end', 'node_modules', 'playwright-core'));

const BASE = (process.argv[2] || 'http://127.0.0.1:3000').replace(/\/$/, '');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SIGN_IN = { method: 'password', account_name: 'sandbox', username: 'admin', password: 'sandbox' };

/** The kind of a response, for the breakdown. */
function kind(url, mimeType) {
  if (url.endsWith('.wasm') || mimeType === 'application/wasm') return 'wasm';
  if (mimeType.includes('javascript')) return 'js';
  if (mimeType === 'text/css') return 'css';
  if (mimeType === 'text/html') return 'html';
  return 'other';
}

/** Opens `url` in a new tab of `context`; resolves with the bytes received
 * per kind once the page is hydrated and the network has been idle. */
async function load(context, url) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const kinds = new Map();
  const bytes = { html: 0, css: 0, js: 0, wasm: 0, other: 0 };
  const files = [];
  cdp.on('Network.responseReceived', (e) => kinds.set(e.requestId, kind(e.response.url, e.response.mimeType)));
  cdp.on('Network.loadingFinished', (e) => {
    const k = kinds.get(e.requestId) || 'other';
    bytes[k] += e.encodedDataLength;
    if (e.encodedDataLength > 0) files.push(k);
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.locator('body[data-hydrated="true"]').waitFor({ timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  await page.close();
  const total = Object.values(bytes).reduce((a, b) => a + b, 0);
  return { total, ...bytes, downloads: files.length };
}

function line(label, r) {
  const kb = (n) => (n / 1024).toFixed(1);
  return `${label.padEnd(22)} ${kb(r.total).padStart(8)} KiB  ` +
    `(html ${kb(r.html)}, css ${kb(r.css)}, js ${kb(r.js)}, wasm ${kb(r.wasm)}, other ${kb(r.other)}; ` +
    `${r.downloads} downloads)`;
}

async function main() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
  });
  const results = {};
  try {
    const anonymous = await browser.newContext();
    results.login = await load(anonymous, `${BASE}/login`);
    results.login_repeat = await load(anonymous, `${BASE}/login`);
    await anonymous.close();

    const admin = await browser.newContext();
    // Signs in without opening a page: the context keeps the cookie, and
    // its cache stays empty.
    const signIn = await admin.request.post(`${BASE}/login`, { form: SIGN_IN, maxRedirects: 0 });
    if (signIn.status() !== 303 && signIn.status() !== 302) {
      throw new Error(`sign-in answered ${signIn.status()}`);
    }
    results.numbers = await load(admin, `${BASE}/`);
    results.numbers_repeat = await load(admin, `${BASE}/`);
    await admin.close();
  } finally {
    await browser.close();
  }
  console.log(line('first load /login', results.login));
  console.log(line('repeat visit /login', results.login_repeat));
  console.log(line('first load /', results.numbers));
  console.log(line('repeat visit /', results.numbers_repeat));
  console.log(JSON.stringify(results));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
