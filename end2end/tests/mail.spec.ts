import { test, expect, hydrated, mailTo, PASSWORD, registeredUser, signIn, signUp, uniqueEmail } from './fixtures';

const NEW_PASSWORD = 'Marmalade-Comet-77?';

test('sign up, read the code from the mail, and verify the address', async ({ page }) => {
  const email = uniqueEmail('verify');
  await page.goto('/signup');
  await hydrated(page);
  await signUp(page, email);
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByTestId('profile-email-verified')).toContainText('Not yet');

  const mail = await mailTo(email);
  expect(mail.code).toMatch(/^\d{6}$/);
  await page.goto('/verify-email');
  await hydrated(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Code from the message').fill(mail.code);
  await page.getByRole('button', { name: 'Verify' }).click();

  await expect(page.getByText('Your email address is verified.')).toBeVisible();
  await page.goto('/profile');
  await expect(page.getByTestId('profile-email-verified')).toContainText('Yes');
});

test('the link from the mail verifies the address after a click', async ({ page }) => {
  const email = uniqueEmail('verify-link');
  await page.goto('/signup');
  await hydrated(page);
  await signUp(page, email);
  await expect(page).toHaveURL(/\/profile$/);

  const { token } = await mailTo(email);
  await page.goto(`/verify-email?token=${token}`);
  await hydrated(page);
  await page.getByRole('button', { name: 'Confirm my email address' }).click();

  await expect(page.getByText('Your email address is verified.')).toBeVisible();
});

test('forgot password, reset it from the mail, and sign in with the new one', async ({ page }) => {
  const email = await registeredUser(page, 'reset');
  await hydrated(page);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await hydrated(page);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByText('If an account has this address')).toBeVisible();

  const { token } = await mailTo(email, 2);
  await page.goto(`/reset-password?token=${token}`);
  await hydrated(page);
  await page.getByLabel('New password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Change my password' }).click();
  await expect(page).toHaveURL(/\/login\?reset=1$/);
  await expect(page.getByText('Your password was changed.')).toBeVisible();

  await hydrated(page);
  await signIn(page, email, PASSWORD);
  await expect(page.getByRole('alert')).toContainText('Invalid email or password');
  await signIn(page, email, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/profile$/);
});

test('sign in with a code from the mail', async ({ page }) => {
  const email = await registeredUser(page, 'code');
  await hydrated(page);
  await page.getByRole('link', { name: 'Email me a code' }).click();
  await expect(page).toHaveURL(/\/login\/code$/);
  await hydrated(page);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Email me a code' }).click();
  await expect(page.getByText('we sent it a code')).toBeVisible();

  const { code } = await mailTo(email, 2);
  await hydrated(page);
  const input = page.getByLabel('Code');
  await expect(input).toHaveAttribute('inputmode', 'numeric');
  await expect(input).toHaveAttribute('autocomplete', 'one-time-code');
  await input.fill(code);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();

  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByTestId('profile-email')).toHaveText(email);
  await expect(page.getByTestId('profile-email-verified')).toContainText('Yes');
});

test('asking for too many codes is answered on the sign-in page in human time', async ({ page }) => {
  const email = uniqueEmail('many-codes');
  const ask = async () => {
    await page.goto('/login/code');
    await hydrated(page);
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Email me a code' }).click();
  };
  for (let n = 0; n < 3; n++) {
    await ask();
    await expect(page.getByText('we sent it a code')).toBeVisible();
  }

  await ask();

  const alert = page.getByRole('alert');
  await expect(alert).toContainText(
    /You've asked for several messages for this address\. Try again in about \d+ minutes\./,
  );
  await expect(alert).not.toContainText('seconds');
});

test("the owner's code sign-in to a pre-registered account signs the attacker's browser out", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail('pre-hijack');
  // The attacker registers the owner's address and stays signed in.
  const attackerContext = await browser.newContext();
  const attacker = await attackerContext.newPage();
  await attacker.goto('/signup');
  await hydrated(attacker);
  await signUp(attacker, email);
  await expect(attacker).toHaveURL(/\/profile$/);

  // The owner signs in with a code mailed to the address.
  await page.goto('/login/code');
  await hydrated(page);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Email me a code' }).click();
  await expect(page.getByText('we sent it a code')).toBeVisible();
  const { code } = await mailTo(email, 2);
  await hydrated(page);
  await page.getByLabel('Code').fill(code);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/profile$/);

  await attacker.goto('/profile');
  await expect(attacker).toHaveURL(/\/login/);
  await attackerContext.close();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a password is reset from the mailed link, the page\'s form posting as itself', async ({ page }) => {
    const email = await registeredUser(page, 'reset-nojs');
    await page.goto('/forgot-password');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await expect(page.getByText('If an account has this address')).toBeVisible();

    const { token } = await mailTo(email, 2);
    await page.goto(`/reset-password?token=${token}`);
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change my password' }).click();
    await expect(page).toHaveURL(/\/login\?reset=1$/);
    await signIn(page, email, NEW_PASSWORD);
    await expect(page).toHaveURL(/\/profile$/);
  });
});
