import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { test, expect, hydrated, promoteToAdmin, registeredUser, setUpApp, signIn } from './fixtures';

const PUBLIC = ['/', '/login', '/signup', '/login/code', '/forgot-password', '/reset-password?token=x', '/verify-email', '/no-such-page'];
const SIGNED_IN = ['/profile', '/profile/security', '/profile/devices', '/profile/passkeys', '/profile/two-step', '/profile/activity', '/profile/data'];
const ADMIN = ['/admin', '/admin/users', '/admin/audit', '/admin/audit?action=account_erased'];

const SIZES = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];

/** axe-core's WCAG 2 A and AA rules: no serious or critical finding. */
async function scan(page: Page, path: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const findings = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${path}: ${violation.id} (${violation.impact}) at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(findings, `accessibility findings on ${path}`).toEqual([]);
}

/** Scans each page and keeps a full-page screenshot at each size. */
async function visit(page: Page, paths: string[], theme: string, testInfo: TestInfo, problems: string[]): Promise<void> {
  for (const path of paths) {
    await page.goto(path);
    await hydrated(page);
    expect(problems, `the browser reported problems on ${path}`).toEqual([]);
    await scan(page, path);
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      const name = `${theme}-${size.name}${path.replace(/[^a-z0-9]+/gi, '-')}.png`;
      await page.screenshot({ path: testInfo.outputPath(name), fullPage: true });
    }
    await page.setViewportSize(SIZES[0]);
  }
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('every page passes the accessibility scan, and is kept as screenshots', async ({ page, problems }, testInfo) => {
      test.setTimeout(120_000);
      await visit(page, PUBLIC, colorScheme, testInfo, problems);

      const admin = await registeredUser(page, `axe-${colorScheme}`);
      promoteToAdmin(admin);
      await hydrated(page);
      await signIn(page, admin);
      await expect(page).toHaveURL(/\/profile$/);
      await setUpApp(page);
      await visit(page, [...SIGNED_IN, ...ADMIN], colorScheme, testInfo, problems);

      await page.goto(`/admin/users?q=${encodeURIComponent(admin)}`);
      await page.getByTestId('user-row').getByRole('link').click();
      await expect(page.getByTestId('user-detail')).toContainText(admin);
      const detail = new URL(page.url()).pathname;
      await visit(page, [detail, `${detail}/confirm?action=revoke_sessions`], colorScheme, testInfo, problems);
      // The in-page dialog, open.
      await page.goto(detail);
      await hydrated(page);
      await page.getByRole('button', { name: 'Sign out everywhere' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await scan(page, `${detail} (dialog)`);
    });
  });
}
