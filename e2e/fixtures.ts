/**
 * Playwright fixtures for browser-mode tests: a real demo lab on random ports, the real
 * browser-mode server (real engine) in this process with the lab preselected, and a page already
 * opened on the workbench through its tokenized URL (so the page holds the auth cookie).
 *
 *   import { test, expect } from './fixtures';
 *   test('calls GetUser', async ({ page, lab, workbench }) => { … });
 */
import { test as base, expect } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labHostInfo } from '../main/host/lab-info';
import { createLabScenarioHost } from '../main/host/lab-scenarios';
import { findPackageInfo } from '../main/serve/package-info';
import { startServe } from '../main/serve/server';
import type { Lab } from '../proto-samples/lab/index';
import { startLab } from '../proto-samples/lab/index';

export interface WorkbenchServer {
  /** Carries the token once; opening it sets the auth cookie. */
  url: string;
  /** `http://127.0.0.1:<port>`, no token. */
  baseUrl: string;
  token: string;
  /** The server's own data folder (workspace, history, saved forwards), removed after the test. */
  dataDir: string;
}

export interface WorkbenchFixtures {
  lab: Lab;
  workbench: WorkbenchServer;
}

const rendererIndex = join(findPackageInfo().root, 'dist', 'renderer', 'index.html');

export const test = base.extend<WorkbenchFixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring pattern
  lab: async ({}, use) => {
    const lab = await startLab();
    await use(lab);
    await lab.close();
  },
  workbench: async ({ lab }, use) => {
    if (!existsSync(rendererIndex))
      throw new Error(`The renderer is not built (${rendererIndex} is missing): run \`npm run build\` first.`);
    // Each test's own data folder (workspace, history, recent collections), never the user's.
    const dataDir = mkdtempSync(join(tmpdir(), 'e2e-data-'));
    // The lab's scenarios start their own labs, on free ports, only when a test picks one.
    const labScenarios = createLabScenarioHost();
    const server = await startServe({ lab: labHostInfo(lab), dataDir, labScenarios });
    await use({ url: server.url, baseUrl: server.baseUrl, token: server.token, dataDir });
    await server.close();
    await labScenarios.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
  page: async ({ page, workbench }, use) => {
    await page.goto(workbench.url);
    await use(page);
  },
});

export { expect };
