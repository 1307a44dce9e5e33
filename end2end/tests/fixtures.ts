import { test as base, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { join, resolve } from 'node:path';

/**
 * Every test fails if the browser saw a page error, a console error, a 5xx or
 * a failed request. Chromium logs each 4xx answer as a console error; those
 * are expected when they answer a server function (a wrong password is a 401)
 * or are the page itself (the 404 page), and only those are let through.
 */
export const test = base.extend<{ problems: string[] }>({
  problems: [
    async ({ page, javaScriptEnabled }, use) => {
      const problems: string[] = [];
      const expectedClientErrors = new Set<string>();
      page.on('response', (response) => {
        const status = response.status();
        const path = new URL(response.url()).pathname;
        const isDocument = response.request().resourceType() === 'document';
        if (status >= 500) problems.push(`${status} from ${path}`);
        else if (status >= 400 && (path.startsWith('/rpc/') || isDocument)) expectedClientErrors.add(response.url());
        else if (status >= 400) problems.push(`${status} from ${path} (${response.request().method()})`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        const expected =
          message.text().startsWith('Failed to load resource: the server responded with a status of 4') &&
          expectedClientErrors.has(message.location().url);
        if (!expected) problems.push(`console error: ${message.text()} (${message.location().url})`);
      });
      page.on('requestfailed', (request) => {
        const error = request.failure()?.errorText;
        // A navigation that replaces a pending request aborts it, and a browser
        // without JavaScript refuses to preload scripts: neither is a failure.
        const harmless = error === 'net::ERR_ABORTED' || (!javaScriptEnabled && error === 'csp');
        if (!harmless) problems.push(`request failed: ${request.url()} ${error}`);
      });
      await use(problems);
      expect(problems, 'the browser reported problems').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export const PASSWORD = 'Tangerine-Orbit-42!';

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

/** Waits until the WASM bundle has taken over the page (JavaScript runs only). */
export async function hydrated(page: Page): Promise<void> {
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
}

export async function signUp(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.getByLabel('First name').fill('Ada');
  await page.getByLabel('Last name').fill('Lovelace');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** An account made through the sign-up page, left signed out on /login. */
export async function registeredUser(page: Page, prefix: string): Promise<string> {
  const email = uniqueEmail(prefix);
  await page.goto('/signup');
  await signUp(page, email);
  await expect(page).toHaveURL(/\/profile$/);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  return email;
}

/** The SMTP sink the portal delivers to in the end-to-end run (see playwright.config.ts). */
const MAIL_SINK = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 26}`;

/** The newest of the first `count` messages to `email`, once they arrived. */
export async function mailTo(email: string, count = 1): Promise<{ raw: string; code: string; token: string }> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await fetch(`${MAIL_SINK}/messages?to=${encodeURIComponent(email)}`);
    const messages: { raw: string }[] = await response.json();
    if (messages.length >= count) {
      const raw = messages[count - 1].raw;
      return {
        raw,
        code: raw.match(/code: (\d{6})/i)?.[1] ?? '',
        token: raw.match(/token=([A-Za-z0-9_-]+)/)?.[1] ?? '',
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`fewer than ${count} messages to ${email} arrived`);
}

/** What `portcullis admin promote` does, run against the portal's database. */
export function promoteToAdmin(email: string): void {
  const root = resolve(__dirname, '../..');
  const dataDir = process.env.E2E_DATA_DIR!;
  execFileSync(process.env.PORTCULLIS_BIN ?? join(root, 'target/release/portcullis'), ['admin', 'promote', '--email', email, '--allow-unverified'], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: `sqlite://${dataDir}/portcullis.db`,
      DATA_DIR: dataDir,
      RUST_LOG: 'warn',
    },
    input: '',
  });
}

/** The 6-digit code an authenticator app shows for `secret` (RFC 6238: SHA-1, 30 s) at `at`. */
export function totp(secret: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of secret.replace(/[\s=]/g, '').toUpperCase()) {
    bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  }
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(binary % 1_000_000).padStart(6, '0');
}

/**
 * Sets up an authenticator app for the signed-in user (signed in recently),
 * computing its code from the secret the page shows. Returns the secret and
 * the recovery codes shown once.
 */
export async function setUpApp(page: Page): Promise<{ secret: string; recoveryCodes: string[] }> {
  await page.goto('/profile/two-step/app');
  await expect(page.getByTestId('qr').locator('svg')).toBeAttached();
  const secret = (await page.getByTestId('app-secret').textContent())!.trim();
  await page.getByLabel('Code from the app').fill(totp(secret));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page).toHaveURL(/\/profile\/two-step\/recovery-codes$/);
  // With JavaScript the URL changes before the codes have loaded, and
  // allTextContents() does not wait: wait for them first.
  await expect(page.getByTestId('recovery-code')).toHaveCount(10);
  const recoveryCodes = (await page.getByTestId('recovery-code').allTextContents()).map((code) => code.trim());
  await page.getByRole('button', { name: 'I saved them' }).click();
  await expect(page).toHaveURL(/\/profile\/two-step$/);
  await expect(page.getByTestId('two-step-state')).toHaveText('On');
  return { secret, recoveryCodes };
}
