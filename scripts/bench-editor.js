#!/usr/bin/env node
// Measures the callflow editor with a 200-step callflow, against a running
// release server and its sandbox Kazoo (nothing is built here):
//   1. puts a 200-step callflow into the sandbox, signs in (which reads the
//      routing) and opens it as a draft;
//   2. the server's render time of /drafts/<id> (30 GETs after 3 warm-ups);
//   3. in Chromium, the time from submitting the selected step's form to
//      the JSON preview showing the new text (20 edits);
//   4. the WASM's size, raw and gzip -9.
// Usage: node scripts/bench-editor.js http://127.0.0.1:3400
// Env: SANDBOX_URL (default http://127.0.0.1:8400), SITE_ROOT (default
// /tmp/trial/site), CHROMIUM (default /usr/bin/chromium).
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { execFileSync } = require('child_process');
const { chromium } = require(path.join(__dirname, '..', 'end2end', 'node_modules', 'playwright-core'));

const BASE = (process.argv[2] || 'http://127.0.0.1:3400').replace(/\/$/, '');
const SANDBOX = (process.env.SANDBOX_URL || 'http://127.0.0.1:8400').replace(/\/$/, '');
const SITE_ROOT = process.env.SITE_ROOT || '/tmp/trial/site';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const API_KEY = '5a1dbc0e7f3a4c2b9e8d7c6b5a493827160f5e4d3c2b1a0f9e8d7c6b5a493827';
const ACCOUNT = '4b0e2c1d9a7f4e3c8b6a5d4c3b2a1f00';
const MENU_ID = 'e0000000000000000000000000000002'; // the sandbox's "After hours menu"
const STEPS = 200;
const WARMUPS = 3;
const RENDERS = 30;
const EDITS = 20;

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  // nearest rank
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x) => x.toFixed(1);

/** 200 steps: tts "Step 1" → tts "Step 2" → a menu (Press 1…0) with a chain
 * of tts steps on each key, 197 in all. A single 200-step `_` chain nests
 * ~400 JSON levels, past serde_json's recursion limit of 128 (the sandbox
 * refuses it with "recursion limit exceeded"); this keeps the depth at 23. */
function buildFlow() {
  let n = 0;
  const tts = (children = {}) => ({ module: 'tts', data: { text: `Step ${++n}` }, children });
  const chain = (len) => {
    const nodes = Array.from({ length: len }, () => tts());
    for (let i = 0; i < len - 1; i++) nodes[i].children = { _: nodes[i + 1] };
    return nodes[0];
  };
  const root = tts();
  const second = tts();
  const menu = { module: 'menu', data: { id: MENU_ID }, children: {} };
  root.children = { _: second };
  second.children = { _: menu };
  const rest = STEPS - 3;
  const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];
  keys.forEach((k, i) => {
    const len = Math.floor(rest / keys.length) + (i < rest % keys.length ? 1 : 0);
    menu.children[k] = chain(len);
  });
  return { flow: root, count: n + 1 };
}

async function kazoo(method, url, token, body) {
  const res = await fetch(SANDBOX + url, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { 'X-Auth-Token': token } : {}) },
    body: body && JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function main() {
  // 1. The callflow in the sandbox.
  const { auth_token: token } = await kazoo('PUT', '/v2/api_auth', null, { data: { api_key: API_KEY } });
  const { flow, count } = buildFlow();
  const name = `Bench 200 steps ${Date.now()}`;
  const number = `+14155559${String(Date.now() % 1000).padStart(3, '0')}`;
  const created = await kazoo('PUT', `/v2/accounts/${ACCOUNT}/callflows`, token, {
    data: { name, numbers: [number], patterns: [], flow },
  });
  const callflowId = created.data.id;
  console.log(`callflow ${callflowId}: ${count} steps ("${name}", ${number})`);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const context = await browser.newContext({ baseURL: BASE });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    let t0 = performance.now();
    await page.goto('/login');
    await page.getByLabel('Account name').fill('sandbox');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password', { exact: true }).fill('sandbox');
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith('/login')),
      page.getByRole('button', { name: 'Sign in', exact: true }).click(),
    ]);
    console.log(`signed in (form to next page, incl. routing read): ${fmt(performance.now() - t0)} ms`);

    const opened = await page.request.post(`/callflows/${callflowId}/draft`, {
      form: {},
      maxRedirects: 0,
      headers: { 'Sec-Fetch-Site': 'same-origin' },
    });
    const location = opened.headers()['location'];
    if (!location || !/^\/drafts\/[0-9a-f-]+/.test(location)) {
      throw new Error(`POST /callflows/${callflowId}/draft: ${opened.status()} location=${location}`);
    }
    const draft = location.split('?')[0];
    console.log(`draft ${draft}`);

    // 2. Server render time: plain GETs with the session cookie.
    const cookies = (await context.cookies(BASE)).map((c) => `${c.name}=${c.value}`).join('; ');
    const get = async () => {
      const t = performance.now();
      const res = await fetch(BASE + draft, { headers: { cookie: cookies }, redirect: 'manual' });
      const body = await res.text();
      const ms = performance.now() - t;
      if (res.status !== 200) throw new Error(`GET ${draft}: ${res.status}`);
      return { ms, bytes: Buffer.byteLength(body) };
    };
    for (let i = 0; i < WARMUPS; i++) await get();
    const renders = [];
    let bytes = 0;
    for (let i = 0; i < RENDERS; i++) {
      const r = await get();
      renders.push(r.ms);
      bytes = r.bytes;
    }
    console.log(
      `server render GET ${draft} (${RENDERS} after ${WARMUPS} warm-ups, ${(bytes / 1024).toFixed(0)} KiB HTML): ` +
        `median ${fmt(median(renders))} ms, p95 ${fmt(quantile(renders, 0.95))} ms, ` +
        `min ${fmt(Math.min(...renders))}, max ${fmt(Math.max(...renders))}`,
    );

    // 3. Preview update in Chromium.
    t0 = performance.now();
    await page.goto(`${draft}?node=%2F_`);
    await page.locator('body[data-hydrated="true"]').waitFor({ timeout: 60_000 });
    console.log(`editor page loaded and hydrated: ${fmt(performance.now() - t0)} ms`);
    const form = page.getByRole('form', { name: 'Step settings' });
    const field = form.getByLabel(/^Text to say( \(required\))?$/);
    await field.waitFor();
    await form.getByRole('button', { name: 'Apply changes' }).waitFor();
    const fieldId = await field.getAttribute('id');
    const edits = [];
    for (let i = 0; i < EDITS; i++) {
      const text = `Bench text ${i} ${Math.random().toString(36).slice(2, 8)}`;
      const ms = await page.evaluate(
        ({ fieldId, text }) =>
          new Promise((resolve, reject) => {
            const input = document.getElementById(fieldId);
            const stepForm = input.form;
            const button = [...stepForm.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Apply changes');
            input.value = text;
            input.dispatchEvent(new Event('input', { bubbles: true }));
            const shows = () => {
              const pre = document.querySelector('pre[aria-label="Callflow JSON"]');
              return pre && pre.textContent.includes(text);
            };
            if (shows()) return reject(new Error('the preview already shows the text'));
            let start;
            const observer = new MutationObserver(() => {
              if (shows()) {
                const end = performance.now();
                observer.disconnect();
                clearTimeout(timer);
                resolve(end - start);
              }
            });
            const timer = setTimeout(() => {
              observer.disconnect();
              reject(new Error(`the preview did not show "${text}" in 10 s`));
            }, 10_000);
            observer.observe(document.body, { subtree: true, childList: true, characterData: true });
            start = performance.now();
            stepForm.requestSubmit(button);
          }),
        { fieldId, text },
      );
      edits.push(ms);
      // Let the page settle (any background save) before the next edit.
      await page.waitForTimeout(300);
    }
    console.log(
      `preview update (${EDITS} edits of "Text to say" at ?node=/_): ` +
        `median ${fmt(median(edits))} ms, p95 ${fmt(quantile(edits, 0.95))} ms, ` +
        `min ${fmt(Math.min(...edits))}, max ${fmt(Math.max(...edits))}`,
    );
    console.log(`  samples: ${edits.map(fmt).join(', ')}`);
    if (errors.length) console.log(`page errors: ${errors.join('; ')}`);
  } finally {
    await browser.close();
  }

  // 4. WASM size.
  const pkg = path.join(SITE_ROOT, 'pkg');
  for (const f of fs.readdirSync(pkg).filter((f) => f.endsWith('.wasm'))) {
    const file = path.join(pkg, f);
    const raw = fs.statSync(file).size;
    let gz;
    try {
      gz = execFileSync('gzip', ['-9', '-c', file], { maxBuffer: 1 << 30 }).length;
    } catch {
      gz = zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
    }
    console.log(`${file}: ${raw} bytes (${(raw / 1024).toFixed(0)} KiB), gzip -9 ${gz} bytes (${(gz / 1024).toFixed(0)} KiB)`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
