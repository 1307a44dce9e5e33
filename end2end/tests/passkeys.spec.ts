import type { CDPSession, Page } from '@playwright/test';
import { test, expect, hydrated, promoteToAdmin, registeredUser, setUpApp, signIn } from './fixtures';

/**
 * A virtual authenticator in Chromium (DevTools' WebAuthn domain): a
 * platform authenticator that keeps discoverable credentials and verifies
 * its user (as a fingerprint would) without asking. It answers the email
 * field's passkey autofill at once, as a person picking the suggestion.
 */
class Authenticator {
  private id = '';
  private credentials: unknown[] = [];

  private constructor(private cdp: CDPSession) {}

  static async on(page: Page): Promise<Authenticator> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const authenticator = new Authenticator(cdp);
    await authenticator.plugIn();
    return authenticator;
  }

  async plugIn(): Promise<void> {
    const { authenticatorId } = await this.cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    this.id = authenticatorId;
    for (const credential of this.credentials) {
      await this.cdp.send('WebAuthn.addCredential', { authenticatorId, credential } as never);
    }
  }

  /** Takes the device away (its passkeys kept): no autofill can answer. */
  async unplug(): Promise<void> {
    const { credentials } = await this.cdp.send('WebAuthn.getCredentials', { authenticatorId: this.id });
    this.credentials = credentials;
    await this.cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: this.id });
  }
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

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
}

test('register a passkey from the profile, sign out, and sign in with it without a password', async ({ page }) => {
  const authenticator = await Authenticator.on(page);
  const email = await registeredUser(page, 'passkey');
  await hydrated(page);
  await signIn(page, email);
  await expect(page).toHaveURL(/\/profile$/);
  await addPasskey(page, 'Test laptop');

  // "Sign in with a passkey", no password typed.
  await authenticator.unplug();
  await signOut(page);
  await hydrated(page);
  await expect(page.getByLabel('Email')).toHaveAttribute('autocomplete', 'username webauthn');
  await authenticator.plugIn();
  await page.getByTestId('passkey-sign-in').click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByText(email).first()).toBeVisible();

  // The email field's autofill: the passkey picked there signs in too,
  // right after the sign-in page loads (too fast to catch the page itself).
  const signedInByAutofill = page.waitForResponse(
    (response) => response.url().endsWith('/rpc/auth/passkey/finish') && response.status() === 200,
  );
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signedInByAutofill;
  await expect(page).toHaveURL(/\/profile$/);

  await page.goto('/profile/activity');
  await expect(page.getByText('Signed in with a passkey')).toHaveCount(2);
});

test('a passkey is the second step after a password', async ({ page }) => {
  const authenticator = await Authenticator.on(page);
  const email = await registeredUser(page, 'passkey-2fa');
  await hydrated(page);
  await signIn(page, email);
  await expect(page).toHaveURL(/\/profile$/);
  await setUpApp(page);
  await addPasskey(page, 'Security key');

  // The password this time (no passkey in the autofill), then the passkey.
  await authenticator.unplug();
  await signOut(page);
  await hydrated(page);
  await signIn(page, email);
  await expect(page).toHaveURL(/\/login\/second-step$/);
  await hydrated(page);
  await authenticator.plugIn();
  await page.getByTestId('passkey-second-step').click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByText(email).first()).toBeVisible();
  await page.goto('/profile/activity');
  await expect(page.getByText('Finished signing in with a passkey')).toHaveCount(1);
});

test('an admin removes a user\'s passkey, which then signs in no more', async ({ page, browser }) => {
  const authenticator = await Authenticator.on(page);
  const email = await registeredUser(page, 'passkey-admin-target');
  await hydrated(page);
  await signIn(page, email);
  await expect(page).toHaveURL(/\/profile$/);
  await addPasskey(page, 'Lost phone');

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  const adminEmail = await registeredUser(admin, 'passkey-admin');
  promoteToAdmin(adminEmail);
  await hydrated(admin);
  await signIn(admin, adminEmail);
  await expect(admin).toHaveURL(/\/profile$/);
  await setUpApp(admin);
  await admin.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  await admin.getByTestId('user-row').getByRole('link').click();
  await expect(admin.getByTestId('user-detail')).toContainText(email);
  await hydrated(admin);
  const passkeys = admin.getByTestId('admin-passkeys');
  await expect(passkeys).toContainText('Lost phone');
  await passkeys.getByRole('button', { name: 'Remove' }).click();
  const dialog = admin.getByRole('dialog');
  await expect(dialog.getByRole('heading')).toHaveText(/Remove the passkey “Lost phone” from/);
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(admin.getByRole('status')).toHaveText('Done.');
  await expect(admin.getByTestId('admin-passkeys')).toHaveCount(0);
  await adminContext.close();

  // The device still holds the passkey; the portal no longer takes it.
  await authenticator.unplug();
  await signOut(page);
  await hydrated(page);
  await authenticator.plugIn();
  await page.getByTestId('passkey-sign-in').click();
  await expect(page.getByRole('alert')).toContainText('This passkey is not registered here');
  await expect(page).toHaveURL(/\/login$/);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the sign-in page says passkeys need JavaScript and offers the other ways', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByTestId('passkeys-need-js')).toContainText('Passkeys need JavaScript');
    await expect(page.getByTestId('passkey-sign-in')).toHaveCount(0);
    await expect(page.getByLabel('Password', { exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Email me a code' })).toBeVisible();
  });
});
