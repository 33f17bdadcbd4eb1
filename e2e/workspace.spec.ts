/**
 * The workspace (issue 10) as a user works a day in it: the shipped example collection opened from
 * the folder picker, two requests in tabs, an edit that survives a reload, Save into the canonical
 * file, the file changed on disk and the tab following it, a run of the whole collection, another
 * environment, Copy as grpcurl and Paste it back, and a past call found in the history and reopened.
 * Screenshots of the sidebar, the tabs, the run view and the history go to docs/screenshots/.
 */
import type { Page } from '@playwright/test';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { expect, test } from './fixtures';
import { connectionBar, setRequest, statusBadge } from './workbench-page';

const example = fileURLToPath(new URL('../proto-samples/collections/lab/', import.meta.url));
const screenshots = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const SECRET = 'e2e-api-key-7f3a';

let folder: string;
let previousSecret: string | undefined;

test.beforeEach(({ lab }) => {
  // The shipped collection, pointed at this run's lab (its `local` environment names the documented ports).
  folder = mkdtempSync(join(tmpdir(), 'e2e-collection-'));
  cpSync(example, folder, { recursive: true });
  const environment = (name: string, target: string) =>
    [
      'kind: environment',
      `name: ${name}`,
      'vars:',
      `  target: "${target}"`,
      `  directTargets: "${lab.directTargets}"`,
      '  userId: u42',
      'secrets: [apiKey]',
      '',
    ].join('\n');
  writeFileSync(join(folder, 'environments', 'local.yaml'), environment('local', lab.target));
  writeFileSync(join(folder, 'environments', 'direct.yaml'), environment('direct', lab.directTargets));
  // The host takes a collection's secrets from WORKBENCH_SECRET_<NAME> first; this server runs in the test process.
  previousSecret = process.env.WORKBENCH_SECRET_APIKEY;
  process.env.WORKBENCH_SECRET_APIKEY = SECRET;
});

test.afterEach(() => {
  if (previousSecret === undefined) delete process.env.WORKBENCH_SECRET_APIKEY;
  else process.env.WORKBENCH_SECRET_APIKEY = previousSecret;
  rmSync(folder, { recursive: true, force: true });
});

const sidebar = (page: Page) => page.getByRole('complementary', { name: 'Sidebar' });
const collection = (page: Page) => sidebar(page).getByRole('region', { name: 'Collection Demo lab' });
const tabBar = (page: Page) => page.getByRole('navigation', { name: 'Open requests' });
const tab = (page: Page, title: string) => tabBar(page).getByRole('button', { name: new RegExp(`^${title}`) });
const tabCount = (page: Page) => tabBar(page).locator('.request-tab').count();
const editorText = (page: Page) =>
  page.getByRole('group', { name: 'Request message' }).locator('.monaco-editor .view-lines');

async function openCollection(page: Page): Promise<void> {
  await sidebar(page).getByRole('button', { name: 'Open collection…' }).click();
  const picker = page.getByRole('dialog', { name: 'Open a collection' });
  await picker.getByRole('textbox', { name: 'Folder path' }).fill(folder);
  await picker.getByRole('button', { name: 'Open this folder' }).click();
  await expect(collection(page).getByRole('button', { name: /^Get a user/ })).toBeVisible();
}

async function chooseEnvironment(page: Page, name: string): Promise<void> {
  await page
    .getByRole('group', { name: 'Collection tools' })
    .getByRole('combobox', { name: 'Environment' })
    .selectOption(name);
}

test('a day in the workspace: collection, tabs, reload, save, disk change, run, environments, grpcurl, history', async ({
  page,
  context,
  lab,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openCollection(page);
  await page.screenshot({ path: join(screenshots, 'sidebar-collection.png') });

  // Two requests in tabs. The first is the active tab's collection: choose its environment and connect;
  // the second knows its target from the collection's defaults and that environment, and connects at once.
  await collection(page)
    .getByRole('button', { name: /^Get a user/ })
    .click();
  await expect(tab(page, 'Get a user')).toHaveAttribute('aria-current', 'page');
  await chooseEnvironment(page, 'local');
  await connectionBar(page).getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByRole('navigation', { name: 'Services' })).toContainText('user.v1.UserService');
  await collection(page)
    .getByRole('button', { name: /^List three users/ })
    .click();
  await expect(tab(page, 'List three users')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('navigation', { name: 'Services' })).toContainText('user.v1.UserService');
  await tab(page, 'Get a user').click();
  await expect(editorText(page)).toContainText('{{userId}}');

  // An edit survives a reload: the draft is in the host's data folder, not in the page. The page
  // comes with it (its start state, in a script element): text that would end that element stays text.
  const tricky = '{"id": "</script><script>alert(1)</script><!--"}';
  await setRequest(page, tricky);
  await page.waitForTimeout(800); // the workspace is saved ~300 ms after the last change
  await page.reload();
  await expect(editorText(page)).toHaveText(tricky);
  await setRequest(page, '{"id": "u7"}');
  await expect(tabBar(page).getByRole('img', { name: 'unsaved changes' })).toBeVisible();
  await page.waitForTimeout(800); // the workspace is saved ~300 ms after the last change
  await page.reload();
  await expect(tab(page, 'Get a user')).toHaveAttribute('aria-current', 'page');
  await expect(tab(page, 'List three users')).toBeVisible();
  await expect(editorText(page)).toHaveText('{"id": "u7"}');
  await page.screenshot({ path: join(screenshots, 'tabs.png') });

  // Save writes the request file in the collections format.
  await page.keyboard.press('ControlOrMeta+S');
  await expect(tabBar(page).getByRole('img', { name: 'unsaved changes' })).toHaveCount(0);
  const file = join(folder, 'users', 'get-user.grpc.yaml');
  const saved = readFileSync(file, 'utf8');
  expect(saved.startsWith('# yaml-language-server: $schema=')).toBe(true);
  expect(parse(saved)).toMatchObject({
    kind: 'grpc-request',
    name: 'Get a user',
    method: 'user.v1.UserService/GetUser',
    message: '{"id": "u7"}',
  });

  // The file changes on disk (git pull, an editor): the tab without unsaved changes follows it.
  writeFileSync(file, saved.replace('{"id": "u7"}', '{"id": "u9"}'));
  await expect(editorText(page)).toHaveText('{"id": "u9"}');

  // Send resolves {{target}} from the environment; the secret is resolved by the host.
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(statusBadge(page)).toContainText('0 OK');

  // Run the whole collection and see the results.
  await page.getByRole('group', { name: 'Collection tools' }).getByRole('button', { name: /^Run/ }).click();
  const run = page.getByRole('dialog', { name: 'Collection run' });
  // The saved edit (id u9) no longer matches the request's own expectation (id {{userId}} = u42).
  await expect(run.getByRole('status')).toContainText('7 passed, 1 failed', { timeout: 60_000 });
  await run.getByRole('button', { name: /^Get a user/ }).click();
  await expect(run.getByRole('table', { name: 'Failed expectations of Get a user' })).toContainText('u42');
  await page.screenshot({ path: join(screenshots, 'run-view.png') });
  await run.getByRole('button', { name: 'Close run' }).click();

  // Another environment: the request's target resolves to it.
  await chooseEnvironment(page, 'direct');
  await page.getByRole('group', { name: 'Collection tools' }).getByRole('button', { name: 'Variables' }).click();
  await expect(page.getByRole('dialog', { name: 'Variables' })).toContainText('ipv4:');
  await page.getByRole('button', { name: 'Close variables' }).click();

  // Copy as grpcurl, and paste it back: a new tab with the same call.
  await page.getByRole('button', { name: 'Copy as grpcurl' }).click();
  await expect(page.getByRole('group', { name: 'Collection tools' }).getByRole('status')).toContainText(/[Cc]opied/);
  const command = await page.evaluate(() => navigator.clipboard.readText());
  expect(command).toContain('grpcurl');
  expect(command).toContain('user.v1.UserService/GetUser');
  expect(command).not.toContain(SECRET);
  const tabsBeforePaste = await tabCount(page);
  await page.getByRole('button', { name: 'Paste grpcurl' }).click();
  const paste = page.getByRole('dialog', { name: 'Paste a grpcurl command' });
  await paste.getByRole('textbox', { name: 'grpcurl command to open' }).fill(command);
  await paste.getByRole('button', { name: 'Open in a tab' }).click();
  await expect.poll(() => tabCount(page)).toBe(tabsBeforePaste + 1);
  await expect(tab(page, 'GetUser')).toHaveAttribute('aria-current', 'page');
  await expect(connectionBar(page).getByRole('textbox', { name: 'Target' })).toHaveValue(lab.directTargets);

  // The history has every call the app made, a run's too: only the run sent the bidi Chat.
  const history = sidebar(page).getByRole('region', { name: 'History' });
  await history.getByPlaceholder('Search history').fill('Chat');
  const chat = history.getByRole('list', { name: 'Past calls' }).getByRole('button');
  await expect(chat).toHaveCount(1);
  await chat.click();
  await expect(history).toContainText('users/chat.grpc.yaml');
  // Find the GetUser of u9 (the Send, and the run's, the newest) and open it again.
  await history.getByPlaceholder('Search history').fill('u9');
  const pastCalls = history.getByRole('list', { name: 'Past calls' }).getByRole('button');
  await expect(pastCalls).toHaveCount(2);
  const pastCall = pastCalls.first();
  await expect(pastCall).toContainText('OK');
  await pastCall.click();
  await page.screenshot({ path: join(screenshots, 'history.png') });
  await history.getByRole('button', { name: 'Open in a new tab' }).click();
  await expect.poll(() => tabCount(page)).toBe(tabsBeforePaste + 2);
  // The call went through the collection's default target: the reopened one goes there too.
  await expect(connectionBar(page).getByRole('textbox', { name: 'Target' })).toHaveValue(lab.target);
  await expect(editorText(page)).toContainText('u9');
});
