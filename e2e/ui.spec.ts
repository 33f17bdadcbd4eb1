import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { connect, connectionBar, pickMethod, receivedCount, setRequest, statusBadge } from './workbench-page';

/**
 * The workbench UI end to end: browser mode in Chromium, the real engine and the real demo lab.
 * Every test drives the page the way a person would (labels, roles, keyboard) and saves a
 * screenshot of the screen it ends on.
 */

const protosDir = join(import.meta.dirname, '..', 'proto-samples', 'protos');

test('connects by reflection to the preselected lab on open and calls a unary method', async ({ page, lab }) => {
  const target = connectionBar(page).getByRole('textbox', { name: 'Target' });
  await expect(target).toHaveValue(lab.target);
  // No Connect press: the page opens connected to the lab, its services listed.
  await expect(page.getByRole('navigation', { name: 'Services' })).toContainText('user.v1.UserService');
  await expect(page.getByTestId('channel-state')).toBeVisible();

  await pickMethod(page, 'GetUser');
  // The editor completes field names from the method's JSON Schema (Monaco's JSON worker, bundled).
  await setRequest(page, '{}');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ControlOrMeta+Space');
  await expect(page.locator('.suggest-widget')).toContainText('readMask');
  await page.keyboard.press('Escape');
  await setRequest(page, '{"id": "u42"}');
  await page.getByRole('button', { name: 'Send', exact: true }).click();

  await expect(statusBadge(page)).toContainText('0 OK');
  await expect(page.getByRole('region', { name: 'Headers' })).toContainText('x-backend');
  await expect(page.getByRole('region', { name: 'Trailers' })).toContainText('x-backend');
  await expect(receivedCount(page)).toHaveText('1 received');
  const messages = page.getByRole('region', { name: 'Messages' });
  await expect(messages).toContainText('"id":"u42"');
  // The one response is shown open, every key of it, as a coloured, foldable tree.
  await expect(messages.getByRole('button', { name: 'Collapse message 0' })).toBeVisible();
  await expect(messages.locator('.json-view .json-key', { hasText: '"externalId"' })).toBeVisible();
  await expect(page.getByTestId('channel-state')).toHaveText('READY');
  await page.screenshot({ path: test.info().outputPath('unary-call.png'), fullPage: true });
});

test('a server stream shows its messages as they arrive', async ({ page }) => {
  await connect(page);
  await pickMethod(page, 'ListUsers');
  await setRequest(page, '{"count": 25, "interval": "0.02s"}');
  // Ctrl/Cmd+Enter sends from the editor.
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(statusBadge(page)).toContainText('0 OK');
  await expect(receivedCount(page)).toHaveText('25 received');
  await expect(page.getByRole('region', { name: 'Messages' })).toContainText('#24');
  await page.screenshot({ path: test.info().outputPath('server-stream.png'), fullPage: true });
});

test('a client stream is fed by hand and ended with End stream', async ({ page }) => {
  await connect(page);
  await pickMethod(page, 'ImportUsers');
  // Send opens the stream with the editor content as its first message.
  await setRequest(page, '{"id": "u1", "name": "Ada", "roles": ["ROLE_ADMIN"]}');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const sendMessage = page.getByRole('button', { name: 'Send message' });
  await expect(sendMessage).toBeVisible();
  await expect(page.getByText('1 sent')).toBeVisible();
  // While the stream is open there is no Send that would restart it.
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toHaveCount(0);

  await setRequest(page, '{"id": "u2", "name": "Grace", "roles": ["ROLE_EDITOR"]}');
  await sendMessage.click();
  await expect(page.getByText('2 sent')).toBeVisible();
  await expect(statusBadge(page)).toContainText('Call open');

  await page.getByRole('button', { name: 'End stream' }).click();
  await expect(statusBadge(page)).toContainText('0 OK');
  const messages = page.getByRole('region', { name: 'Messages' });
  await expect(messages).toContainText('"importedCount":2');
  await expect(page.getByRole('button', { name: 'End stream' })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('client-stream.png'), fullPage: true });
});

test('a bidi stream answers each message and can be cancelled', async ({ page }) => {
  await connect(page);
  await pickMethod(page, 'Chat');
  await setRequest(page, '{"text": "hello"}');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(receivedCount(page)).toHaveText('1 received');
  await expect(page.getByRole('region', { name: 'Messages' })).toContainText('"text":"hello"');
  await setRequest(page, '{"text": "again"}');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(receivedCount(page)).toHaveText('2 received');
  await expect(page.getByRole('region', { name: 'Messages' })).toContainText('"text":"again"');

  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(statusBadge(page)).toContainText('1 CANCELLED');
  await expect(statusBadge(page)).toContainText('Do not retry');
  await expect(page.getByRole('button', { name: 'Send message' })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('bidi-cancelled.png'), fullPage: true });
});

test('a failing call shows its code, meaning and decoded details', async ({ page }) => {
  await connect(page);
  await pickMethod(page, 'GetUser');
  await setRequest(page, '{"id": "u1", "fault": {"code": 14, "message": "backend draining"}}');
  await page.getByRole('button', { name: 'Send', exact: true }).click();

  const status = statusBadge(page);
  await expect(status).toContainText('14 UNAVAILABLE');
  await expect(status).toContainText('backend draining');
  await expect(status).toContainText('safe-to-retry');
  const details = page.getByRole('region', { name: 'Error details' });
  await expect(details).toContainText('ErrorInfo');
  await expect(details).toContainText('FAULT_INJECTED');
  await expect(details).toContainText('RetryInfo');
  await expect(page.getByRole('region', { name: 'Trailers' })).toContainText('x-backend');
  await page.screenshot({ path: test.info().outputPath('failing-call.png'), fullPage: true });
});

test('loads .proto files with an import path, and names a file that cannot be read', async ({ page, lab }) => {
  const bar = connectionBar(page);
  await bar.getByRole('textbox', { name: 'Target' }).fill(lab.backends[0]!.address);
  await bar.getByRole('combobox', { name: 'Schema source' }).selectOption({ label: '.proto files' });

  await bar.getByRole('textbox', { name: 'Proto files' }).fill(join(protosDir, 'user', 'v1', 'missing.proto'));
  await bar.getByRole('textbox', { name: 'Import paths' }).fill(protosDir);
  await bar.getByRole('button', { name: 'Connect' }).click();
  await expect(bar.getByRole('alert')).toContainText('missing.proto');
  await expect(bar.getByRole('button', { name: 'Connect' })).toBeEnabled();
  await page.screenshot({ path: test.info().outputPath('proto-load-error.png'), fullPage: true });

  await bar.getByRole('textbox', { name: 'Proto files' }).fill(join(protosDir, 'user', 'v1', 'user.proto'));
  await connect(page);
  await expect(bar.getByRole('alert')).toHaveCount(0);
  await pickMethod(page, 'GetUser');
  await setRequest(page, '{"id": "u7", "readMask": "id,name"}');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(statusBadge(page)).toContainText('0 OK');
  await expect(page.getByRole('region', { name: 'Messages' })).toContainText('"id":"u7"');
});

test('a 100,000-message server stream keeps the page responsive', async ({ page }) => {
  await connect(page);
  await pickMethod(page, 'ListUsers');
  await setRequest(page, '{"count": 100000, "readMask": "id"}');
  await page.getByRole('button', { name: 'Send', exact: true }).click();

  // While messages pour in, the page still answers a click: the theme toggles at once.
  await expect(receivedCount(page)).toHaveText(/^[1-9][\d,]* received/);
  const countWhenClicked = await receivedCount(page).textContent();
  const html = page.locator('html');
  const themeBefore = await html.getAttribute('data-theme');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(html).not.toHaveAttribute('data-theme', themeBefore ?? '');
  await expect(receivedCount(page)).not.toHaveText(countWhenClicked ?? '');

  await expect(receivedCount(page)).toHaveText('100,000 received, showing the last 10,000', { timeout: 90_000 });
  await expect(statusBadge(page)).toContainText('0 OK');
  await expect(page.getByRole('region', { name: 'Messages' })).toContainText('#99999');
  // A full-page screenshot of the long list can take more than the default 15 s on a busy machine.
  await page.screenshot({ path: test.info().outputPath('large-stream.png'), fullPage: true, timeout: 60_000 });

  // The view keeps 10,000, but the export has every message: the host recorded them to disk.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export all 100,000 as NDJSON' }).click(),
  ]);
  const lines = (await readFile((await download.path())!, 'utf8')).trimEnd().split('\n');
  expect(lines).toHaveLength(100_000);
  expect(JSON.parse(lines[0]!)).toEqual({ id: 'u1' });
  expect(JSON.parse(lines[99_999]!)).toEqual({ id: 'u100000' });
});
