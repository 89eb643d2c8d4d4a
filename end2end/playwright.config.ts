// Browser tests: Debian's Chromium driven by Playwright against the real
// server (release build) with the built-in Kazoo sandbox and a real
// Postgres database that scripts/test.sh creates fresh for each run.
// Every test runs twice: with JavaScript (hydrated) and without (pure SSR).
import { defineConfig } from '@playwright/test';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const port = process.env.E2E_PORT ?? '3100';
const sandboxPort = process.env.E2E_SANDBOX_PORT ?? '8100';
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(root, 'target');

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  retries: 0,
  workers: 2,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
  },
  projects: [
    // The inputs, put into the sandbox before the stories run.
    { name: 'seed', testMatch: /.*\.setup\.ts/ },
    { name: 'hydrate', use: { javaScriptEnabled: true }, dependencies: ['seed'] },
    { name: 'ssr', use: { javaScriptEnabled: false }, testIgnore: /.*\.hydrate\.spec\.ts/, dependencies: ['seed'] },
  ],
  webServer: {
    command: path.join(targetDir, 'release', 'server'),
    cwd: root,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: path.join(root, 'target', 'site'),
      SANDBOX_ADDR: `127.0.0.1:${sandboxPort}`,
      // 60 DIDs + the seeded extension 1001: two pages of 50.
      SANDBOX_NUMBERS: '60',
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pivot_console_e2e',
      KAZOO_SCHEMAS_DIR: path.resolve(root, '..', 'shared', 'kazoo', 'schemas'),
      RUST_LOG: 'warn',
      // Every test signs in as sandbox/admin from 127.0.0.1, dozens of
      // times a minute: far past the sign-in limits meant for people (the
      // limits have their own integration test).
      SIGN_IN_ATTEMPTS_PER_ACCOUNT: '10000',
      SIGN_IN_ATTEMPTS_PER_ADDRESS: '10000',
      // The checker's tests serve TwiML from this machine (checker.spec.ts).
      CHECKER_ALLOWED_RANGES: '127.0.0.0/8',
    },
  },
});
