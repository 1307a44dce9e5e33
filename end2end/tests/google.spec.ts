import { test, expect, hydrated, mailTo, registeredUser, signIn, uniqueEmail } from './fixtures';

// The local OpenID provider (end2end/support/oidc-provider.mjs) plays Google.
async function signInAtProvider(page: import('@playwright/test').Page, email: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Sign in to the test provider' })).toBeVisible();
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

test('continue with Google, sign in at the provider, land on the profile', async ({ page }) => {
  const email = uniqueEmail('google');
  await page.goto('/login');
  await hydrated(page);

  await page.getByRole('link', { name: 'Continue with Google' }).click();
  await signInAtProvider(page, email);

  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByTestId('profile-email')).toHaveText(email);
  await expect(page.getByTestId('profile-email-verified')).toContainText('Yes');
  await expect(page.getByTestId('google-connection')).toContainText('Linked');
});

test('link Google from the profile, then unlink it', async ({ page }) => {
  const email = await registeredUser(page, 'google-link');
  await hydrated(page);
  await signIn(page, email);
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByTestId('google-connection')).toContainText('Not linked');

  await page.getByRole('button', { name: 'Link', exact: true }).click();
  await signInAtProvider(page, uniqueEmail('elsewhere'));
  await expect(page).toHaveURL(/\/profile\?linked=google$/);
  await hydrated(page);
  await expect(page.getByTestId('google-connection')).toContainText('Linked');

  await page.getByRole('button', { name: 'Unlink' }).click();
  await expect(page.getByTestId('google-connection')).toContainText('Not linked');
});

test('an account made with Google sets a password with an emailed code', async ({ page }) => {
  const email = uniqueEmail('google-password');
  await page.goto('/login');
  await hydrated(page);
  await page.getByRole('link', { name: 'Continue with Google' }).click();
  await signInAtProvider(page, email);
  await expect(page).toHaveURL(/\/profile$/);

  await page.getByRole('link', { name: 'Password & email' }).click();
  await hydrated(page);
  const section = page.getByRole('region', { name: 'Set a password' });
  await section.getByRole('button', { name: 'Email me a code' }).click();
  await expect(section.getByRole('status')).toContainText('Sent');
  const { code } = await mailTo(email);
  await section.getByLabel('Code from the email').fill(code);
  await section.getByLabel('New password').fill('Marmalade-Comet-77?');
  await section.getByRole('button', { name: 'Set password' }).click();

  await expect(page).toHaveURL(/changed=password/);
  await expect(page.getByRole('region', { name: 'Change your password' })).toBeVisible();
});
