import type { Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { denyPermissions, hardenWebContents } from './harden';

type Listener = (event: { preventDefault(): void; defaultPrevented?: boolean }, url?: string) => void;

/** The few WebContents members hardenWebContents touches, recording what it registers. */
function fakeContents() {
  const listeners = new Map<string, Listener>();
  let windowOpenHandler: (() => { action: string }) | undefined;
  const contents = {
    on(name: string, listener: Listener) {
      listeners.set(name, listener);
      return contents;
    },
    setWindowOpenHandler(handler: () => { action: string }) {
      windowOpenHandler = handler;
    },
  };
  const fire = (name: string, url?: string): boolean => {
    let prevented = false;
    listeners.get(name)?.({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  return { contents: contents as unknown as WebContents, fire, openWindow: () => windowOpenHandler?.() };
}

describe('hardenWebContents (SECURITY.md, Electron checklist 11–14)', () => {
  it('stays on our page: navigation elsewhere, redirects and webviews are prevented', () => {
    const { contents, fire } = fakeContents();
    hardenWebContents(contents);
    expect(fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire('will-navigate', 'app://workbench/index.html')).toBe(false);
    expect(fire('will-redirect', 'app://workbench/index.html')).toBe(true);
    expect(fire('will-attach-webview')).toBe(true);
  });

  it('denies every new window', () => {
    const { contents, openWindow } = fakeContents();
    hardenWebContents(contents);
    expect(openWindow()).toEqual({ action: 'deny' });
  });
});

describe('denyPermissions (Electron checklist 5)', () => {
  it('answers no to every permission request and check', () => {
    let request: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    const session = {
      setPermissionRequestHandler: (handler: typeof request) => (request = handler),
      setPermissionCheckHandler: (handler: typeof check) => (check = handler),
    } as unknown as Session;
    denyPermissions(session);
    const answers: boolean[] = [];
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read'])
      request?.({}, permission, (granted) => answers.push(granted));
    expect(answers).toEqual([false, false, false, false]);
    expect(check?.()).toBe(false);
  });
});
