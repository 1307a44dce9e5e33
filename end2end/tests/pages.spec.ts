import type { Page } from '@playwright/test';
import { test, expect, hydrated, mailTo, PASSWORD, promoteToAdmin, registeredUser, setUpApp, signIn, signUp, uniqueEmail } from './fixtures';

/** An admin with an app set up, on the detail page of a fresh user; returns that user's address. */
async function adminOnUserPage(page: Page, prefix: string, javaScript: boolean): Promise<string> {
  const target = await registeredUser(page, `${prefix}-target`);
  const admin = await registeredUser(page, `${prefix}-admin`);
  promoteToAdmin(admin);
  if (javaScript) await hydrated(page);
  await signIn(page, admin);
  await expect(page).toHaveURL(/\/profile$/);
  await setUpApp(page);
  await page.goto(`/admin/users?q=${encodeURIComponent(target)}`);
  await page.getByTestId('user-row').getByRole('link').click();
  await expect(page.getByTestId('user-detail')).toContainText(target);
  return target;
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('deleting a user leads to a confirmation page, and nothing happens before its form is sent', async ({ page }) => {
    const target = await adminOnUserPage(page, 'confirm-nojs', false);
    const detail = page.url();

    await page.getByRole('button', { name: 'Delete' }).click();
    await expect(page).toHaveURL(/\/admin\/users\/[^/]+\/confirm\?action=delete$/);
    const confirmation = page.getByTestId('confirmation');
    await expect(confirmation.getByRole('heading')).toHaveText('Delete Ada Lovelace?');
    await expect(confirmation).toContainText('This cannot be undone.');

    // Going back: the user is still there.
    await page.getByRole('link', { name: 'Cancel' }).click();
    await expect(page).toHaveURL(detail);
    await expect(page.getByTestId('user-detail')).toContainText('Active');

    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByTestId('confirmation').getByRole('button', { name: 'Delete' }).click();
    await expect(page).toHaveURL(/\/admin\/users\?deleted=1$/);
    await page.goto(`/admin/users?q=${encodeURIComponent(target)}`);
    await expect(page.getByTestId('empty')).toHaveText('No users match these filters.');
  });

  test('the password rules are the configured ones, and the password can be shown by reloading the page', async ({ page }) => {
    await page.goto('/signup');
    const rules = page.getByTestId('password-rules');
    await expect(rules).toContainText('Use at least 10 characters.');
    await expect(rules).toContainText("Don't use your name or email address in your password.");
    const password = page.getByLabel('Password', { exact: true });
    await expect(password).toHaveAttribute('type', 'password');
    // The checkbox needs a script; the link stands in for it.
    await expect(page.getByLabel('Show password')).toBeHidden();

    await page.getByRole('link', { name: 'Show password' }).click();
    await expect(page).toHaveURL(/\/signup\?show-password=1$/);
    await expect(password).toHaveAttribute('type', 'text');
    await page.getByRole('link', { name: 'Hide password' }).click();
    await expect(page).toHaveURL(/\/signup$/);
    await expect(password).toHaveAttribute('type', 'password');

    // A reset link's token stays in the address.
    await page.goto('/reset-password?token=abc');
    await page.getByRole('link', { name: 'Show password' }).click();
    await expect(page).toHaveURL(/\/reset-password\?token=abc&show-password=1$/);
  });
});

test.describe('with JavaScript', () => {
  test('a destructive action asks in a dialog; Cancel does nothing and a double click sends once', async ({ page }) => {
    await adminOnUserPage(page, 'confirm-js', true);
    await hydrated(page);
    let sent = 0;
    page.on('request', (request) => {
      if (request.url().includes('/rpc/admin/act')) sent++;
    });

    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('heading')).toHaveText('Sign Ada Lovelace out everywhere?');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();

    await page.getByRole('button', { name: 'Deactivate' }).click();
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Deactivate' }).dblclick();
    await expect(page.getByRole('status')).toHaveText('Done.');
    await expect(page.getByTestId('user-detail')).toContainText('Inactive');
    expect(sent).toBe(1);
  });

  test('the password rules are ticked off as the password is typed, and it can be shown', async ({ page }) => {
    await page.goto('/signup');
    await hydrated(page);
    const password = page.getByLabel('Password', { exact: true });
    const rule = (text: string) => page.getByTestId('password-rules').locator('li', { hasText: text });

    await password.pressSequentially('abc');
    await expect(rule('Use at least 10 characters.')).toHaveAttribute('data-kept', 'false');
    await expect(rule('Add a lower-case letter.')).toHaveAttribute('data-kept', 'true');
    await password.fill('Tangerine-Orbit-42!');
    for (const text of ['Use at least 10 characters.', 'Add an upper-case letter.', 'Add a digit.', 'Add a symbol, like ! or #.']) {
      await expect(rule(text)).toHaveAttribute('data-kept', 'true');
    }
    await expect(password).toHaveAttribute('type', 'password');
    await expect(page.getByRole('link', { name: 'Show password' })).toBeHidden();
    await page.getByLabel('Show password').check();
    await expect(password).toHaveAttribute('type', 'text');
  });

  test('after a failed submit the focus lands on the first invalid field, and the summary links to it', async ({ page }) => {
    await page.goto('/signup');
    await hydrated(page);
    await signUp(page, uniqueEmail('focus'), 'short');

    const password = page.getByLabel('Password', { exact: true });
    await expect(password).toBeFocused();
    const summary = page.getByTestId('error-summary');
    await expect(summary.getByRole('link', { name: 'Use at least 10 characters.' })).toHaveAttribute('href', '#field-password');
  });

  test('times are shown in the viewer\'s time zone, named', async ({ browser }) => {
    const context = await browser.newContext({ timezoneId: 'Asia/Tokyo' });
    const page = await context.newPage();
    const email = await registeredUser(page, 'tokyo');
    await hydrated(page);
    await signIn(page, email);
    await expect(page).toHaveURL(/\/profile$/);
    await hydrated(page);
    const since = page.locator('dt:has-text("Member since") + dd time');
    await expect(since).toHaveAttribute('datetime', /Z|\+00:00$/);
    await expect(since).toContainText('GMT+9');
    await context.close();
  });
});

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'languages, with JavaScript' : 'languages, without JavaScript', () => {
    test.use({ javaScriptEnabled, locale: 'de-DE' });

    test('a German browser gets the sign-in page in German, and the footer switches it to English', async ({ page }) => {
      await page.goto('/login');
      if (javaScriptEnabled) await hydrated(page);
      await expect(page.locator('html')).toHaveAttribute('lang', 'de');
      await expect(page.getByRole('heading', { name: 'Anmelden' })).toBeVisible();
      await expect(page.getByRole('link', { name: 'Passwort vergessen?' })).toBeVisible();
      await expect(page.getByTestId('password-rules')).toHaveCount(0);

      await page.getByLabel('Sprache', { exact: true }).selectOption('en');
      await page.getByRole('button', { name: 'Sprache wechseln' }).click();
      await expect(page).toHaveURL(/\/login$/);
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
      await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

      // The sign-up page's rules follow, in the server's words for the picked language.
      await page.goto('/signup');
      await expect(page.getByTestId('password-rules')).toContainText('Use at least 10 characters.');
    });

    test('a language picked in one browser is followed by another browser already signed in', async ({ browser }) => {
      const laptop = await browser.newContext({ javaScriptEnabled, locale: 'en-GB' });
      const phone = await browser.newContext({ javaScriptEnabled, locale: 'en-GB' });
      const onLaptop = await laptop.newPage();
      const onPhone = await phone.newPage();
      const email = await registeredUser(onLaptop, javaScriptEnabled ? 'follow-js' : 'follow-nojs');
      await signIn(onLaptop, email);
      await expect(onLaptop).toHaveURL(/\/profile$/);
      await onPhone.goto('/login');
      if (javaScriptEnabled) await hydrated(onPhone);
      await signIn(onPhone, email);
      await expect(onPhone.getByRole('heading', { name: 'Your profile' })).toBeVisible();

      if (javaScriptEnabled) await hydrated(onLaptop);
      const picker = onLaptop.getByTestId('profile-language');
      await picker.getByRole('combobox', { name: 'Language' }).selectOption('de');
      await picker.getByRole('button', { name: 'Change language' }).click();
      await expect(onLaptop.locator('html')).toHaveAttribute('lang', 'de');

      await onPhone.reload();
      await expect(onPhone.locator('html')).toHaveAttribute('lang', 'de');
      await expect(onPhone.getByRole('heading', { name: 'Ihr Profil' })).toBeVisible();
      await laptop.close();
      await phone.close();
    });

    test('a German sign-up gets German pages and a German mail, and verifies with its code', async ({ page }) => {
      const email = uniqueEmail(javaScriptEnabled ? 'de-js' : 'de-nojs');
      await page.goto('/signup');
      if (javaScriptEnabled) await hydrated(page);
      await expect(page.getByRole('heading', { name: 'Konto erstellen' })).toBeVisible();
      await expect(page.getByTestId('password-rules')).toContainText('Mindestens 10 Zeichen verwenden.');
      await page.getByLabel('Vorname').fill('Ada');
      await page.getByLabel('Nachname').fill('Lovelace');
      await page.getByLabel('E-Mail').fill(email);
      await page.getByLabel('Passwort', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Konto erstellen' }).click();
      await expect(page).toHaveURL(/\/profile$/);
      await expect(page.getByRole('heading', { name: 'Ihr Profil' })).toBeVisible();
      await expect(page.getByTestId('profile-email-verified')).toContainText('Noch nicht');

      const mail = await mailTo(email);
      expect(mail.raw).toContain('Hallo Ada,');
      expect(mail.raw).toContain('Bestätigen Sie die E-Mail-Adresse Ihres Portcullis-Kontos');
      expect(mail.code).toMatch(/^\d{6}$/);

      await page.goto('/verify-email');
      if (javaScriptEnabled) await hydrated(page);
      await page.getByLabel('E-Mail').fill(email);
      await page.getByLabel('Code aus der Nachricht').fill(mail.code);
      await page.getByRole('button', { name: 'Bestätigen' }).click();
      await expect(page.getByText('Ihre E-Mail-Adresse ist bestätigt.')).toBeVisible();
    });
  });
}
