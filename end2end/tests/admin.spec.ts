import { test, expect, hydrated, promoteToAdmin, registeredUser, setUpApp, signIn, signUp, uniqueEmail } from './fixtures';

test('an admin finds a user and deactivates them; their other browser is signed out at its next click', async ({ page, browser }) => {
  const admin = await registeredUser(page, 'admin');
  promoteToAdmin(admin);

  const victimContext = await browser.newContext();
  const victim = await victimContext.newPage();
  const victimEmail = uniqueEmail('victim');
  await victim.goto('/signup');
  await hydrated(victim);
  await signUp(victim, victimEmail);
  await expect(victim).toHaveURL(/\/profile$/);

  await hydrated(page);
  await signIn(page, admin);
  await expect(page).toHaveURL(/\/profile$/);
  // MFA_REQUIRED_FOR_ADMINS is on in this run.
  await setUpApp(page);
  await page.getByRole('link', { name: 'Admin' }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await page.getByRole('link', { name: 'Users' }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await page.getByLabel('Search').fill(victimEmail);
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/q=victim/);
  const rows = page.getByTestId('user-row');
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText(victimEmail);
  await expect(page.getByTestId('page-count')).toHaveText('Page 1 of 1 (1 in all)');
  await rows.getByRole('link').click();
  await expect(page.getByTestId('user-detail')).toContainText(victimEmail);
  await hydrated(page);

  await page.getByRole('button', { name: 'Deactivate' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
  await expect(page.getByRole('status')).toHaveText('Done.');
  await expect(page.getByTestId('user-detail')).toContainText('Inactive');

  await victim.getByRole('link', { name: 'Devices' }).click();
  await expect(victim).toHaveURL(/\/login\?next=\/profile\/devices$/);
  await victimContext.close();
});

test('the dashboard draws its charts on the server', async ({ page }) => {
  const admin = await registeredUser(page, 'charts');
  promoteToAdmin(admin);
  await hydrated(page);
  await signIn(page, admin);
  await expect(page).toHaveURL(/\/profile$/);
  await setUpApp(page);

  await page.goto('/admin');

  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(page.getByTestId('totals')).toContainText('Users');
  const charts = page.getByTestId('chart');
  await expect(charts).toHaveCount(3);
  await expect(charts.first().locator('rect').first()).toBeAttached();
  await expect(page.getByRole('img', { name: /Sign-ins per day/ })).toBeVisible();
  // The charts are in the HTML itself, not drawn by a script.
  const html = await (await page.request.get('/admin')).text();
  expect(html).toContain('<svg');
});

test('a user who is not an admin gets 403 from the panel', async ({ page }) => {
  const email = await registeredUser(page, 'not-admin');
  await hydrated(page);
  await signIn(page, email);
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);

  const response = await page.goto('/admin/users');
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId('forbidden')).toBeVisible();
});
