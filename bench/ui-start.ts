/**
 * UI start (issue 14): page load → Send enabled, and → the request editor (Monaco) on screen, against
 * a blank page from the same server, each round in a fresh browser context (cold cache), alternating,
 * medians. The page reopens the way a returning user finds it: the workspace the host kept holds one
 * tab on the lab's GetUser (made once before the rounds by picking it), so the figure covers loading
 * the app, putting the tab back, connecting to the lab by reflection and enabling Send. Also reports
 * the JavaScript the page fetched before Send was enabled. Needs `npm run build` (dist/renderer).
 *
 * The times are the page's own clocks (performance.now from navigation start): an init script's
 * MutationObserver stamps the first moment Send is enabled and the first moment Monaco shows a line;
 * the blank page's figure is its navigation timing loadEventEnd. Both go through the same token
 * redirect of the same server (the blank page lives in a temporary copy of dist/renderer, never in
 * the product). `BENCH_UI_RENDERER=DIR` serves another build of the renderer (to set an old build
 * beside a new one).
 */
/// <reference lib="dom" />
import type { Page } from '@playwright/test';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPackageInfo } from '../main/serve/package-info';
import { alternate, report, rounds } from './support/harness';
import { startUiBench, type UiBench } from './support/ui-harness';

const METHOD = 'user.v1.UserService/GetUser';
const TIMEOUT_MS = 60_000;

interface Marks {
  send?: number;
  editor?: number;
}

declare global {
  interface Window {
    __benchMarks?: Marks;
  }
}

// Runs before the page's scripts. Checking on every mutation costs a querySelector or two, and the
// observer stops once both moments are stamped.
const markRecorder = `
  window.__benchMarks = {};
  const observer = new MutationObserver(() => {
    const marks = window.__benchMarks;
    if (marks.send === undefined) {
      const send = document.querySelector('.call-controls button.primary');
      if (send && send.textContent === 'Send' && !send.disabled) marks.send = performance.now();
    }
    if (marks.editor === undefined && document.querySelector('.monaco-editor .view-line'))
      marks.editor = performance.now();
    if (marks.send !== undefined && marks.editor !== undefined) observer.disconnect();
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
`;

/** A copy of the built renderer plus a blank page, so the baseline comes from the same server. */
function staticDirWithBlankPage(): string {
  const built = process.env.BENCH_UI_RENDERER ?? join(findPackageInfo().root, 'dist', 'renderer');
  if (!existsSync(join(built, 'index.html')))
    throw new Error(`The renderer is not built (${built} is missing): run \`npm run build\` first.`);
  const dir = mkdtempSync(join(tmpdir(), 'bench-ui-start-'));
  cpSync(built, dir, { recursive: true });
  writeFileSync(
    join(dir, 'blank.html'),
    '<!doctype html>\n<html lang="en"><head><meta charset="UTF-8" /><title>blank</title></head><body></body></html>\n',
  );
  return dir;
}

async function waitForMarks(page: Page, wanted: readonly (keyof Marks)[]): Promise<Marks> {
  // Functions, not strings: the page's CSP forbids eval, which string predicates need.
  await page.waitForFunction((keys) => keys.every((key) => window.__benchMarks?.[key] !== undefined), wanted, {
    timeout: TIMEOUT_MS,
    polling: 50,
  });
  return page.evaluate(() => window.__benchMarks!);
}

/** Bytes of JavaScript (modules, workers) whose response had ended by `untilMs`, from resource timing. */
async function jsBytesUntil(page: Page, untilMs: number): Promise<number> {
  return page.evaluate(
    (until) =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((entry) => /\.m?js$/.test(new URL(entry.name).pathname) && entry.responseEnd <= until)
        .reduce((sum, entry) => sum + entry.encodedBodySize, 0),
    untilMs,
  );
}

/** Once, before the rounds: the workspace gets a tab on GetUser, as a user who picked it left it. */
async function keepGetUserTab(ui: UiBench): Promise<void> {
  const page = await ui.newPage();
  try {
    await page.addInitScript(markRecorder);
    await page.goto(ui.server.url);
    const button = `button.tree-method[title="${METHOD}"]`;
    await page.waitForFunction((selector) => document.querySelector(selector) !== null, button, {
      timeout: TIMEOUT_MS,
    });
    await page.evaluate((selector) => document.querySelector<HTMLButtonElement>(selector)!.click(), button);
    await waitForMarks(page, ['send', 'editor']);
    const workspaceFile = join(ui.dataDir, 'workspace.json');
    const deadline = Date.now() + TIMEOUT_MS;
    while (!(existsSync(workspaceFile) && readFileSync(workspaceFile, 'utf8').includes(METHOD))) {
      if (Date.now() > deadline) throw new Error(`The workspace (${workspaceFile}) never kept the ${METHOD} tab.`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await page.context().close();
  }
}

async function main(): Promise<void> {
  const staticDir = staticDirWithBlankPage();
  const ui = await startUiBench({ staticDir });
  try {
    await keepGetUserTab(ui);
    const blankUrl = `${ui.server.baseUrl}/blank.html?token=${ui.server.token}`;
    const { ours, baseline } = await alternate(
      rounds(7),
      async () => {
        const page = await ui.newPage();
        try {
          await page.addInitScript(markRecorder);
          await page.goto(ui.server.url);
          const marks = await waitForMarks(page, ['send', 'editor']);
          return { send: marks.send!, editor: marks.editor!, jsBytes: await jsBytesUntil(page, marks.send!) };
        } finally {
          await page.context().close();
        }
      },
      async () => {
        const page = await ui.newPage();
        try {
          await page.goto(blankUrl);
          const loadEventEnd = () =>
            (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.loadEventEnd ??
            0;
          await page.waitForFunction(loadEventEnd, null, { timeout: TIMEOUT_MS, polling: 20 });
          const loaded = await page.evaluate(loadEventEnd);
          return { send: loaded, editor: loaded, jsBytes: 0 };
        } finally {
          await page.context().close();
        }
      },
    );
    const js = `${(ours.jsBytes / 1024 / 1024).toFixed(2)} MiB of JS before Send`;
    report({
      name: 'ui-start-send',
      value: ours.send,
      baseline: baseline.send,
      unit: 'ms',
      goal: { max: 3 },
      label: `page load → Send enabled (restored ${METHOD} tab, lab by reflection) vs a blank page; ${js}`,
    });
    report({
      name: 'ui-start-editor',
      value: ours.editor,
      baseline: baseline.editor,
      unit: 'ms',
      goal: { max: 5 },
      label: 'page load → the request editor (Monaco) shows its text vs a blank page',
    });
  } finally {
    await ui.close();
    rmSync(staticDir, { recursive: true, force: true });
  }
}

await main();
