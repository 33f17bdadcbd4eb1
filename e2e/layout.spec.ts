import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { pickMethod, setRequest, statusBadge } from './workbench-page';

/**
 * The window at the sizes people use: every control is on screen, or reachable by scrolling the
 * pane it is in — never cut off by a pane that does not scroll.
 */
async function expectReachable(control: Locator): Promise<void> {
  await control.scrollIntoViewIfNeeded();
  await expect(control).toBeInViewport({ ratio: 1 });
}

for (const viewport of [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
  { width: 800, height: 600 },
]) {
  test(`every control is reachable at ${viewport.width}×${viewport.height}`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await expect(page.getByRole('navigation', { name: 'Services' })).toContainText('user.v1.UserService');
    await pickMethod(page, 'GetUser');
    await setRequest(page, '{"id": "u1"}');
    const send = page.getByRole('button', { name: 'Send', exact: true });
    await expectReachable(send);
    await send.click();
    await expect(statusBadge(page)).toContainText('0 OK');
    await expectReachable(page.getByRole('button', { name: /^Export all 1 as NDJSON/ }));
    await expectReachable(page.getByRole('button', { name: 'Collapse message 0' }));
    await expectReachable(page.getByRole('form', { name: 'Connection' }).getByRole('button', { name: 'Connect' }));
    await expectReachable(page.getByRole('tab', { name: 'Load balancing' }));
    await page.screenshot({ path: test.info().outputPath(`layout-${viewport.width}x${viewport.height}.png`) });
  });
}
