import { test, expect, hydrated, promoteToAdmin, registeredUser, setUpApp, signIn, totp } from './fixtures';

/** The code the app shows one step later: the one just used cannot be used again. */
const nextCode = (secret: string) => totp(secret, Date.now() + 30_000);

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled });

    test('set up an app from the shown secret, then sign in with password and app code, then with a recovery code', async ({ page }) => {
      const email = await registeredUser(page, javaScriptEnabled ? 'totp-js' : 'totp-nojs');
      if (javaScriptEnabled) await hydrated(page);
      await signIn(page, email);
      await expect(page).toHaveURL(/\/profile$/);
      const { secret, recoveryCodes } = await setUpApp(page);
      await expect(page.getByTestId('codes-left')).toHaveText('10');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await expect(page).toHaveURL(/\/login$/);
      if (javaScriptEnabled) await hydrated(page);
      await signIn(page, email);
      await expect(page).toHaveURL(/\/login\/second-step$/);
      await page.getByLabel('Code from your authenticator app').fill('000000');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect(page.getByText('That code is not right').first()).toBeVisible();
      await page.getByLabel('Code from your authenticator app').fill(nextCode(secret));
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect(page).toHaveURL(/\/profile$/);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await expect(page).toHaveURL(/\/login$/);
      if (javaScriptEnabled) await hydrated(page);
      await signIn(page, email);
      await expect(page).toHaveURL(/\/login\/second-step$/);
      await page.getByText('Use a recovery code').click();
      await page.getByLabel('Recovery code').fill(recoveryCodes[0]);
      await page.getByRole('button', { name: 'Sign in with a recovery code' }).click();
      await expect(page).toHaveURL(/\/profile$/);
      await page.goto('/profile/two-step');
      await expect(page.getByTestId('codes-left')).toHaveText('9');
    });
  });
}

test('an admin without a second factor is sent to set one up before the panel opens', async ({ page }) => {
  const admin = await registeredUser(page, 'mfa-admin');
  promoteToAdmin(admin);
  await hydrated(page);
  await signIn(page, admin);
  await expect(page).toHaveURL(/\/profile$/);
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/profile\/two-step\?required=1$/);
  await expect(page.getByTestId('two-step-required')).toBeVisible();
  await setUpApp(page);
  await page.goto('/admin');
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
});
