import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { pickMethod, setRequest, statusBadge } from './workbench-page';

declare global {
  interface Window {
    longTasks: number[];
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * A ~30 MB response: GetUser with a 22,000,000-byte avatar, 29 MiB of base64 in its JSON (the
 * lab's avatar_size, proto-samples/lab/user-service.ts).
 */
async function sendLargeResponse(page: Page): Promise<void> {
  await pickMethod(page, 'GetUser');
  await setRequest(page, '{"id": "u1", "avatarSize": 22000000}');
  await page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
  });
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(statusBadge(page)).toContainText('0 OK', { timeout: 60_000 });
}

test('a 30 MB response opens with every key, the huge value truncated with its size and Copy', async ({ page }) => {
  await sendLargeResponse(page);
  const messages = page.getByRole('region', { name: 'Messages' });
  const avatar = messages.locator('.json-line', { has: page.locator('.json-key', { hasText: '"avatar"' }) });
  await expect(avatar).toContainText(/29,333,336 characters \(28 MiB\), truncated/);
  await expect(avatar.getByRole('button', { name: 'Copy value' })).toBeVisible();
  // The whole value comes from the host on demand.
  const download = page.waitForEvent('download');
  await avatar.getByRole('button', { name: 'Save value' }).click();
  expect(statSync(await (await download).path()).size).toBe(29_333_336);
  await expect(messages.locator('.json-key', { hasText: '"externalId"' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('large-message.png') });
});

test('Copy puts the whole 30 MB message on the clipboard, indented, and Copy value the whole value', async ({
  page,
  context,
  workbench,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: workbench.baseUrl });
  await sendLargeResponse(page);
  const messages = page.getByRole('region', { name: 'Messages' });
  const expectedAvatar = sha256(Buffer.alloc(22_000_000, 0xab).toString('base64'));
  // Read back in the page: only a summary of the 30 MB text crosses to the test.
  const clipboard = () =>
    page.evaluate(async () => {
      const text = await navigator.clipboard.readText();
      const hex = async (value: string) =>
        [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value)))]
          .map((byte) => byte.toString(16).padStart(2, '0'))
          .join('');
      if (!text.startsWith('{')) return { length: text.length, sha256: await hex(text) };
      const message = JSON.parse(text) as Record<string, unknown>;
      return {
        indented: text === JSON.stringify(message, null, 2),
        keys: Object.keys(message),
        id: message.id,
        avatar: await hex(String(message.avatar)),
      };
    });

  await messages.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(messages.getByRole('button', { name: 'Copied', exact: true })).toBeVisible({ timeout: 60_000 });
  const copied = await clipboard();
  expect(copied).toMatchObject({ indented: true, id: 'u1', avatar: expectedAvatar });
  expect(copied.keys).toContain('externalId');

  const avatar = messages.locator('.json-line', { has: page.locator('.json-key', { hasText: '"avatar"' }) });
  await avatar.getByRole('button', { name: 'Copy value' }).click();
  await expect(avatar.getByRole('button', { name: 'Copied' })).toBeVisible({ timeout: 60_000 });
  expect(await clipboard()).toEqual({ length: 29_333_336, sha256: expectedAvatar });
});

test.describe('timed', () => {
  // The one timed check of the e2e suite (issue 11 asks for it). On a machine whose cores are all
  // busy, Chromium's main thread can be preempted mid-task and a short task reads as long; a page
  // that really blocks (the 2 s task this guards against) fails every attempt.
  test.describe.configure({ retries: 2 });

  test('a 30 MB response never blocks the page for more than 50 ms', async ({ page }) => {
    // The huge string stays in the host (shared/api/large-values.ts): the page receives its head,
    // so nothing parses or lays out 29 MB on the main thread. While the tasks are counted the test
    // only polls with querySelector: Playwright's role queries walk the whole DOM in the page and
    // would be counted as the page's own long tasks.
    await pickMethod(page, 'GetUser');
    await setRequest(page, '{"id": "u1", "avatarSize": 22000000}');
    const send = page.getByRole('button', { name: 'Send', exact: true });
    await expect(send).toBeEnabled();
    await send.evaluate((button) => {
      window.longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.longTasks.push(entry.duration);
      }).observe({ type: 'longtask' });
      (button as HTMLButtonElement).click();
    });
    await page.waitForFunction(() => document.querySelector('.json-long') !== null, null, {
      timeout: 60_000,
      polling: 100,
    });
    // Lets the observer deliver the last entries.
    await page.waitForTimeout(500);
    const longTasks = await page.evaluate(() => window.longTasks);
    expect(longTasks.filter((duration) => duration > 50)).toEqual([]);
    await expect(statusBadge(page)).toContainText('0 OK');
  });
});
