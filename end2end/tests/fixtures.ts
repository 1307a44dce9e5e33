import { test as base, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
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
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
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
        code: raw.match(/code: (\d{6})/)?.[1] ?? '',
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
