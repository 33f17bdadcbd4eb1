import { expectAccessible, useTheme, type Theme } from './accessibility';
import { expect, test } from './fixtures';
import { connect, pickMethod, receivedCount, setRequest, statusBadge } from './workbench-page';

/**
 * Both themes meet WCAG 2 AA on every main screen: axe-core checks the main screen, an error
 * response, a stream and the lens after a burst, in light and in dark (the app picks dark when the
 * OS prefers it, so some users see dark on first start).
 */
// bypassCSP lets axe-core be injected past the page's strict CSP (security.spec.ts tests the CSP itself).
test.use({ viewport: { width: 1440, height: 900 }, bypassCSP: true });

for (const theme of ['light', 'dark'] as const satisfies readonly Theme[]) {
  test.describe(`the ${theme} theme`, () => {
    test.beforeEach(async ({ page }) => {
      await connect(page);
      await useTheme(page, theme);
    });

    test('the main screen with a unary response', async ({ page }) => {
      await pickMethod(page, 'GetUser');
      await setRequest(page, '{"id": "u42"}');
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(statusBadge(page)).toContainText('0 OK');
      await expectAccessible(page, `the main screen (${theme})`);
      await page.screenshot({ path: test.info().outputPath(`main-${theme}.png`) });
    });

    test('an error response', async ({ page }) => {
      await pickMethod(page, 'GetUser');
      await setRequest(page, '{"id": "u1", "fault": {"code": 14, "message": "backend draining"}}');
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(statusBadge(page)).toContainText('14 UNAVAILABLE');
      await expectAccessible(page, `an error response (${theme})`);
      await page.screenshot({ path: test.info().outputPath(`error-${theme}.png`) });
    });

    test('a server stream', async ({ page }) => {
      await pickMethod(page, 'ListUsers');
      await setRequest(page, '{"count": 5}');
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(receivedCount(page)).toHaveText('5 received');
      await expectAccessible(page, `a server stream (${theme})`);
      await page.screenshot({ path: test.info().outputPath(`stream-${theme}.png`) });
    });

    test('the lens after a burst', async ({ page }) => {
      await pickMethod(page, 'GetUser');
      await setRequest(page, '{"id": "u1"}');
      await page.getByRole('tab', { name: 'Load balancing' }).click();
      await page.getByLabel('Calls', { exact: true }).fill('30');
      await page.getByRole('button', { name: 'Run burst' }).click();
      const verdict = page.getByRole('region', { name: 'Verdict' });
      await expect(verdict).toContainText('Pinned');
      await expect(verdict).toContainText('30 of 30 calls');
      await expect(page.getByRole('region', { name: 'Channel', exact: true })).toContainText('READY');
      await expectAccessible(page, `the lens after a burst (${theme})`);
      await page.screenshot({ path: test.info().outputPath(`lens-${theme}.png`) });
    });
  });
}
