import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The server under test: the release binary that `cargo leptos build --release`
// made, on a fresh SQLite database of its own.
const root = resolve(__dirname, '..');
const port = Number(process.env.E2E_PORT ?? 3100);
// `localhost`, not 127.0.0.1: passkeys need a domain name for their site
// (an IP address cannot be a WebAuthn relying party), and Chromium treats
// localhost as a secure context.
const baseURL = `http://localhost:${port}`;
// Workers re-read this file: keep the one data dir the main process chose.
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'portcullis-e2e-'));
const dataDir = process.env.E2E_DATA_DIR;
// The SMTP server the portal delivers to, and where the tests read its inbox.
const smtpPort = port + 25;
const mailSinkURL = `http://127.0.0.1:${port + 26}`;
// A real OpenID provider standing in for Google.
const providerURL = `http://127.0.0.1:${port + 27}`;

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: [
    {
      command: `node ${join(__dirname, 'support/oidc-provider.mjs')} ${port + 27} portcullis-e2e e2e-secret ${baseURL}/auth/google/callback`,
      url: `${providerURL}/test/health`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `node ${join(__dirname, 'smtp-sink.mjs')} ${smtpPort} ${port + 26}`,
      url: `${mailSinkURL}/health`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: process.env.PORTCULLIS_BIN ?? join(root, 'target/release/portcullis'),
      url: `http://127.0.0.1:${port}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        DATABASE_URL: `sqlite://${dataDir}/portcullis.db`,
        DATA_DIR: dataDir,
        LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
        LEPTOS_SITE_ROOT: process.env.LEPTOS_SITE_ROOT ?? join(root, 'target/site'),
        PUBLIC_URL: baseURL,
        RUST_LOG: process.env.E2E_RUST_LOG ?? 'warn',
        // Every test comes from 127.0.0.1; the limit has its own Rust test.
        AUTH_RATE_LIMIT_PER_MINUTE: '10000',
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtpPort),
        SMTP_TLS: 'none',
        MAIL_POLL_SECONDS: '1',
        // Not the default 8: the pages must show the configured rule.
        PASSWORD_MIN_LENGTH: '10',
        // As in production: admins set up a second factor before the panel opens.
        MFA_REQUIRED_FOR_ADMINS: 'true',
      GOOGLE_CLIENT_ID: 'portcullis-e2e',
      GOOGLE_CLIENT_SECRET: 'e2e-secret',
      GOOGLE_DISCOVERY_URL: `${providerURL}/test/discovery`,
      },
    },
  ],
});
