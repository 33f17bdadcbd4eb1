/** How the e2e tests drive the workbench page: by labels and roles, as a person would. */
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

export function connectionBar(page: Page): Locator {
  return page.getByRole('form', { name: 'Connection' });
}

export async function connect(page: Page, target?: string): Promise<void> {
  const targetField = connectionBar(page).getByRole('textbox', { name: 'Target' });
  if (target !== undefined) await targetField.fill(target);
  // Without a target the lab's default is used, which the page fills in only after the kept tabs
  // are restored (whenWorkspaceRestored); on a loaded machine that can come after the first click.
  else await expect(targetField).not.toHaveValue('');
  await connectionBar(page).getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByRole('navigation', { name: 'Services' })).toContainText('user.v1.UserService');
}

export async function pickMethod(page: Page, name: string): Promise<void> {
  const tree = page.getByRole('navigation', { name: 'Services' });
  await tree.getByRole('textbox', { name: 'Filter methods' }).fill(name);
  await tree.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  await expect(page.getByRole('region', { name: 'Request' }).getByRole('heading')).toContainText(name);
}

/**
 * Replaces the Monaco editor's text. The old text is deleted first (typing over a selection would
 * wrap it in brackets) and the new one inserted, not typed, so auto-closing quotes stay out of it.
 */
export async function setRequest(page: Page, json: string): Promise<void> {
  const editor = page.getByRole('group', { name: 'Request message' }).locator('.monaco-editor');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(json);
  await expect(editor.locator('.view-lines')).toHaveText(json);
}

export function statusBadge(page: Page): Locator {
  return page.getByRole('region', { name: 'Response' }).getByRole('status');
}

export function receivedCount(page: Page): Locator {
  return page.getByTestId('received-count');
}
