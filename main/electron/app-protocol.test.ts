import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostInfo, WorkspaceLoadResult } from '../../shared/api';
import { parseStartState, startStateElementId } from '../../shared/api';
import { createAppRequestHandler, isAppPageUrl } from './app-protocol';

const hostInfo: HostInfo = { version: '1.0.0', host: 'electron' };
const kept: WorkspaceLoadResult = {
  workspace: {
    version: 1,
    tabs: [{ id: 't1', draft: { kind: 'grpc-request', name: 'n', method: 'a.B/C', message: '"</script>\u2028"' } }],
    collections: [],
  },
};
const pageHtml = '<!doctype html><html><head><title>w</title></head><body></body></html>';
const startStateOf = (html: string) => {
  const open = `<script type="application/json" id="${startStateElementId}">`;
  const from = html.indexOf(open) + open.length;
  return parseStartState(html.slice(from, html.indexOf('</script', from)));
};

let root: string;
let handle: (request: Request) => Promise<Response>;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'app-protocol-'));
  mkdirSync(join(root, 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(root, 'renderer', 'index.html'), pageHtml);
  writeFileSync(join(root, 'renderer', 'assets', 'main.js'), 'export {}');
  writeFileSync(join(root, 'secret.txt'), 'private');
  handle = createAppRequestHandler(join(root, 'renderer'), { hostInfo, loadWorkspace: async () => kept });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('app:// protocol', () => {
  it('serves the renderer build with its CSP', async () => {
    const page = await handle(new Request('app://workbench/index.html'));
    expect(page.status).toBe(200);
    expect(startStateOf(await page.text())).toEqual({ hostInfo, workspace: kept });
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const script = await handle(new Request('app://workbench/assets/main.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('gives the page the host info only when the workspace cannot be read (the page then asks, and says why)', async () => {
    const failing = createAppRequestHandler(join(root, 'renderer'), {
      hostInfo,
      loadWorkspace: () => Promise.reject(new Error('disk gone')),
    });
    const page = await failing(new Request('app://workbench/index.html'));
    expect(page.status).toBe(200);
    expect(startStateOf(await page.text())).toEqual({ hostInfo });
  });

  it('serves nothing outside the build or for another host', async () => {
    for (const url of [
      'app://workbench/%2e%2e/secret.txt',
      'app://workbench/..%2fsecret.txt',
      'app://other/index.html',
      'app://workbench/missing.js',
    ]) {
      const response = await handle(new Request(url));
      expect(response.status, url).toBe(404);
    }
  });

  it('recognises only our page as the app page', () => {
    expect(isAppPageUrl('app://workbench/index.html')).toBe(true);
    expect(isAppPageUrl('app://workbench/index.html?x#y')).toBe(true);
    expect(isAppPageUrl('app://workbench.evil/index.html')).toBe(false);
    expect(isAppPageUrl('http://workbench/index.html')).toBe(false);
  });
});
