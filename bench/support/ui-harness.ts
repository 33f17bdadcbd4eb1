/**
 * What the UI benchmarks share: the real browser-mode server (real engine, the demo lab
 * preselected, a throwaway data folder) and Chromium driven by Playwright — Debian's
 * /usr/bin/chromium where present, as in the e2e suite — plus a recorder of the page's long tasks
 * (the "no task > 50 ms" goals) installed before any of the page's own scripts run.
 *
 *   const ui = await startUiBench();
 *   const page = await ui.newPage();
 *   await page.goto(ui.server.url);
 *   …
 *   const tasks = await longTasks(page);
 *   await ui.close();
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labHostInfo } from '../../main/host/lab-info';
import { findPackageInfo } from '../../main/serve/package-info';
import { startServe, type ServeHandle, type ServeOptions } from '../../main/serve/server';
import { startLab, type Lab } from '../../proto-samples/lab/index';

const systemChromium = '/usr/bin/chromium';

export interface UiBench {
  lab: Lab;
  server: ServeHandle;
  browser: Browser;
  /** The server's throwaway data folder (its workspace.json, history), removed by close(). */
  dataDir: string;
  /** A fresh context (no cache, no cookies) with the long-task recorder installed. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** One long task the page ran, from the Long Tasks API. */
export interface LongTask {
  startMs: number;
  durationMs: number;
}

// Runs in the page before its scripts: every task over 50 ms (the Long Tasks API's own threshold)
// is kept on window, buffered so tasks before the observer's first callback count too.
const longTaskRecorder = `
  window.__benchLongTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      window.__benchLongTasks.push({ startMs: entry.startTime, durationMs: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
`;

export async function startUiBench(serveOptions: Omit<ServeOptions, 'lab' | 'dataDir'> = {}): Promise<UiBench> {
  const rendererIndex = join(findPackageInfo().root, 'dist', 'renderer', 'index.html');
  if (!existsSync(rendererIndex))
    throw new Error(`The renderer is not built (${rendererIndex} is missing): run \`npm run build\` first.`);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-ui-data-'));
  const lab = await startLab();
  const server = await startServe({ ...serveOptions, lab: labHostInfo(lab), dataDir });
  const browser = await chromium.launch({
    headless: true,
    ...(existsSync(systemChromium) ? { executablePath: systemChromium } : {}),
    args: ['--no-sandbox'],
  });
  return {
    lab,
    server,
    browser,
    dataDir,
    async newPage() {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.addInitScript(longTaskRecorder);
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
      await lab.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The long tasks the page has run so far (read with evaluate: no DOM-walking locator queries). */
export function longTasks(page: Page): Promise<LongTask[]> {
  return page.evaluate('window.__benchLongTasks ?? []') as Promise<LongTask[]>;
}

/** The page's JS heap in use, in bytes, after a forced garbage collection (Chromium's CDP). */
export async function usedHeapBytes(page: Page): Promise<number> {
  const session = await page.context().newCDPSession(page);
  try {
    await session.send('HeapProfiler.collectGarbage');
    const { usedSize } = await session.send('Runtime.getHeapUsage');
    return usedSize;
  } finally {
    await session.detach();
  }
}
