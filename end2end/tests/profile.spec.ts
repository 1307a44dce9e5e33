import { test, expect, hydrated, PASSWORD, signIn, signUp, uniqueEmail } from './fixtures';
import type { Browser, Page } from '@playwright/test';

const NEW_PASSWORD = 'Marmalade-Comet-77?';

/** A signed-up user on the profile, in `page`. */
async function signedUp(page: Page, prefix: string): Promise<string> {
  const email = uniqueEmail(prefix);
  await page.goto('/signup');
  await hydrated(page);
  await signUp(page, email);
  await expect(page).toHaveURL(/\/profile$/);
  return email;
}

/** The same user signed in from a second browser (its own cookies). */
async function secondBrowser(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/login');
  await hydrated(page);
  await signIn(page, email);
  await expect(page).toHaveURL(/\/profile$/);
  return page;
}

test('edit the name on the profile', async ({ page }) => {
  await signedUp(page, 'rename');

  await page.getByLabel('First name').fill('Augusta');
  await page.getByLabel('Last name').fill('King');
  await page.getByRole('button', { name: 'Save name' }).click();

  await expect(page.getByRole('status')).toHaveText('Your name is saved.');
  await expect(page.getByTestId('profile-name')).toHaveText('Augusta King');
  await expect(page.getByTestId('signed-in-as')).toContainText('Augusta King');
  await page.reload();
  await expect(page.getByTestId('profile-name')).toHaveText('Augusta King');
});

test('change the password: the other browser is signed out, the new password signs in', async ({ page, browser }) => {
  const email = await signedUp(page, 'password');
  const other = await secondBrowser(browser, email);

  await page.getByRole('link', { name: 'Password & email' }).click();
  await expect(page).toHaveURL(/\/profile\/security$/);
  const form = page.getByRole('region', { name: 'Change your password' });
  await form.getByLabel('Current password').fill(PASSWORD);
  await form.getByLabel('New password').fill(NEW_PASSWORD);
  await form.getByRole('button', { name: 'Change password' }).click();

  await expect(page).toHaveURL(/changed=password/);
  await expect(page.getByRole('status')).toContainText('Your password is changed');
  await expect(page.getByTestId('signed-in-as')).toBeVisible();

  await other.reload();
  await expect(other).toHaveURL(/\/login\?next=\/profile$/);
  await hydrated(other);
  await signIn(other, email, PASSWORD);
  await expect(other.getByRole('alert')).toHaveText('Invalid email or password.');
  await signIn(other, email, NEW_PASSWORD);
  await expect(other).toHaveURL(/\/profile$/);
  await other.context().close();
});

test('sign out another browser from the devices list', async ({ page, browser }) => {
  const email = await signedUp(page, 'devices');
  const other = await secondBrowser(browser, email);

  await page.getByRole('link', { name: 'Devices' }).click();
  await expect(page).toHaveURL(/\/profile\/devices$/);
  const devices = page.getByTestId('device');
  await expect(devices).toHaveCount(2);
  await expect(devices.filter({ hasText: 'This device' })).toHaveCount(1);
  await expect(devices.first()).toContainText('on Linux');
  await devices.filter({ hasNotText: 'This device' }).getByRole('button', { name: 'Sign out' }).click();
  await expect(devices).toHaveCount(1);

  // The other browser finds out at its next click.
  await other.getByRole('link', { name: 'Activity' }).click();
  await expect(other).toHaveURL(/\/login\?next=\/profile\/activity$/);
  await page.reload();
  await expect(page.getByTestId('device')).toHaveCount(1);
  await other.context().close();
});

test('recent activity lists the sign-in', async ({ page }) => {
  await signedUp(page, 'activity');
  await page.getByRole('link', { name: 'Activity' }).click();
  await expect(page.getByTestId('activity')).toContainText('Created the account');
});

test('delete the account: signed out, and signing in only offers to restore it', async ({ page }) => {
  const email = await signedUp(page, 'delete');

  await page.getByRole('link', { name: 'Your data' }).click();
  await expect(page).toHaveURL(/\/profile\/data$/);
  await page.getByLabel('Type your email address to confirm').fill(email);
  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Delete my account' }).click();

  await expect(page).toHaveURL(/\/login\?deleted=1$/);
  await expect(page.getByRole('status')).toContainText('Your account is deleted');
  await signIn(page, email);
  await expect(page).toHaveURL(/\/restore-account$/);
  await expect(page.getByTestId('restore-offer')).toContainText('This account was deleted');
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/login\?next=\/profile$/);
});
