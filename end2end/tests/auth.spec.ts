import { test, expect, hydrated, registeredUser, signIn, signUp, uniqueEmail } from './fixtures';

test.describe('with JavaScript', () => {
  test('sign up, land on the profile, sign out, sign in, back on the profile', async ({ page }) => {
    const email = uniqueEmail('journey');
    await page.goto('/signup');
    await hydrated(page);

    await signUp(page, email);
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByTestId('profile-name')).toHaveText('Ada Lovelace');
    await expect(page.getByTestId('profile-email')).toHaveText(email);
    await expect(page.getByTestId('signed-in-as')).toContainText('Ada Lovelace');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole('link', { name: 'Sign up' })).toBeVisible();

    await signIn(page, email);
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByTestId('profile-email')).toHaveText(email);
  });

  test('a wrong password shows the error and keeps the user on the form', async ({ page }) => {
    const email = await registeredUser(page, 'wrong');
    await hydrated(page);

    await signIn(page, email, 'Not-The-Password-1!');

    await expect(page.getByRole('alert')).toHaveText('Invalid email or password.');
    await expect(page).toHaveURL(/\/login$/);
  });

  test('sign-up errors are shown next to their fields', async ({ page }) => {
    await page.goto('/signup');
    await hydrated(page);

    await signUp(page, uniqueEmail('weak'), 'Password123!');

    const password = page.getByLabel('Password', { exact: true });
    await expect(password).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#field-password-error')).toContainText('common or easy-to-guess');
    await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'false');
  });

  test('the profile sends a signed-out visitor to sign in and back', async ({ page }) => {
    const email = await registeredUser(page, 'next');

    await page.goto('/profile');
    await expect(page).toHaveURL(/\/login\?next=\/profile$/);
    await hydrated(page);
    await signIn(page, email);

    await expect(page).toHaveURL(/\/profile$/);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('sign up, sign out and sign in with plain form posts', async ({ page }) => {
    const email = uniqueEmail('nojs');
    await page.goto('/signup');

    await signUp(page, email);
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByTestId('profile-email')).toHaveText(email);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);

    await signIn(page, email);
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByTestId('profile-name')).toHaveText('Ada Lovelace');
  });

  test('a wrong password comes back as an error on the page', async ({ page }) => {
    const email = await registeredUser(page, 'nojs-wrong');

    await signIn(page, email, 'Not-The-Password-1!');

    await expect(page.getByRole('alert')).toHaveText('Invalid email or password.');
    await expect(page.getByLabel('Email')).toHaveValue(email);
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  });

  test('sign-up errors come back next to their fields', async ({ page }) => {
    await page.goto('/signup');

    await signUp(page, uniqueEmail('nojs-weak'), 'Welcome1!');

    await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#field-password-error')).toContainText('common or easy-to-guess');
  });
});

test('every page loads without errors in the console', async ({ page }) => {
  const pages = ['/', '/login', '/signup', '/login?next=/profile', '/login/code', '/forgot-password'];
  for (const path of [...pages, '/reset-password?token=x', '/verify-email', '/verify-email?token=x']) {
    await page.goto(path);
    await hydrated(page);
    await expect(page.locator('h1')).toBeVisible();
  }
});

test('an unknown address shows the styled 404 page', async ({ page }) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

