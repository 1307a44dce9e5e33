import type { CDPSession, Page } from '@playwright/test';
import { test, expect, hydrated, registeredUser, setUpApp, signIn } from './fixtures';

/**
 * A virtual authenticator in Chromium (DevTools' WebAuthn domain): a
 * platform authenticator that keeps discoverable credentials and verifies
 * its user (as a fingerprint would) without asking.
 */
async function virtualAuthenticator(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return cdp;
}

/** Adds a passkey named `name` from the profile (the sign-in is recent). */
async function addPasskey(page: Page, name: string): Promise<void> {
  await page.goto('/profile/passkeys');
  await hydrated(page);
  await expect(page.getByTestId('no-passkeys')).toBeVisible();
  await page.getByLabel('Name (optional)').fill(name);
  await page.getByTestId('add-passkey').click();
  await expect(page).toHaveURL(/\/profile\/passkeys\?added=1$/);
  await expect(page.getByTestId('passkey-name')).toHaveText([name]);
}

test('register a passkey from the profile, sign out, and sign in with it without a password', async ({ page }) => {
  await virtualAuthenticator(page);
  const email = await registeredUser(page, 'passkey');
  await hydrated(page);
  await signIn(page, email);
  await expect(page).toHaveURL(/\/profile$/);
  await addPasskey(page, 'Test laptop');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await hydrated(page);
  // The email field offers passkeys in its autofill too.
  await expect(page.getByLabel('Email')).toHaveAttribute('autocomplete', 'username webauthn');
  await page.getByTestId('passkey-sign-in').click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByText(email).first()).toBeVisible();

  await page.goto('/profile/activity');
  await expect(page.getByText('Signed in with a passkey').first()).toBeVisible();
});

test('a passkey is the second step after a password', async ({ page }) => {
  await virtualAuthenticator(page);
  const email = await registeredUser(page, 'passkey-2fa');
  await hydrated(page);
  await signIn(page, email);
  await expect(page).toHaveURL(/\/profile$/);
  await setUpApp(page);
  await addPasskey(page, 'Security key');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await hydrated(page);
  await signIn(page, email);
  await expect(page).toHaveURL(/\/login\/second-step$/);
  await hydrated(page);
  await page.getByTestId('passkey-second-step').click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByText(email).first()).toBeVisible();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the sign-in page says passkeys need JavaScript and offers the other ways', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByTestId('passkeys-need-js')).toContainText('Passkeys need JavaScript');
    await expect(page.getByTestId('passkey-sign-in')).toHaveCount(0);
    await expect(page.getByLabel('Password')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Email me a code' })).toBeVisible();
  });
});
