import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRequestHandler, isAppPageUrl } from './app-protocol';

let root: string;
let handle: (request: Request) => Promise<Response>;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'app-protocol-'));
  mkdirSync(join(root, 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html>');
  writeFileSync(join(root, 'renderer', 'assets', 'main.js'), 'export {}');
  writeFileSync(join(root, 'secret.txt'), 'private');
  handle = createAppRequestHandler(join(root, 'renderer'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('app:// protocol', () => {
  it('serves the renderer build with its CSP', async () => {
    const page = await handle(new Request('app://workbench/index.html'));
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<!doctype html>');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const script = await handle(new Request('app://workbench/assets/main.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
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
