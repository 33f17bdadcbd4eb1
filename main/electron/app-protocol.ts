/**
 * The renderer is served from a private `app://workbench/` scheme rather than file://: the page
 * gets a real origin that cannot read other files, a CSP response header (file:// responses carry
 * none), and absolute asset paths work the same as in browser mode. Electron's security checklist
 * recommends exactly this.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { renderStartPage, type StartPageSource } from '../host/start-page';
import { contentTypeOf, resolveStaticPath } from '../serve/static-files';

export const appScheme = 'app';
export const appHost = 'workbench';
export const appPageUrl = `${appScheme}://${appHost}/index.html`;

export function isAppPageUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === `${appScheme}:` &&
      parsed.host === appHost &&
      (parsed.pathname === '/' || parsed.pathname === '/index.html')
    );
  } catch {
    return false;
  }
}

/** Talks to the main process over IPC only: no network from the page at all. */
export const electronContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * The `protocol.handle` handler: files of the renderer build, nothing outside it, with the CSP;
 * index.html with the start state (main/host/start-page.ts), as browser mode serves it.
 */
export function createAppRequestHandler(
  rendererDir: string,
  startPage: StartPageSource,
): (request: Request) => Promise<Response> {
  const page = resolve(rendererDir, 'index.html');
  return async (request) => {
    const url = new URL(request.url);
    const file = url.host === appHost ? resolveStaticPath(rendererDir, url.pathname) : undefined;
    if (!file) return new Response(null, { status: 404 });
    try {
      const body =
        file === page ? await renderStartPage(await readFile(file, 'utf8'), startPage) : await readFile(file);
      return new Response(body, {
        status: 200,
        headers: {
          'Content-Type': contentTypeOf(file),
          'Content-Security-Policy': electronContentSecurityPolicy,
          'X-Content-Type-Options': 'nosniff',
        },
      });
    } catch {
      return new Response(null, { status: 404 });
    }
  };
}
