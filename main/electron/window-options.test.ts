import { describe, expect, it } from 'vitest';
import { secureWebPreferences } from './window-options';

describe('secureWebPreferences (SECURITY.md, Electron checklist 2–4, 6, 8–11)', () => {
  const preferences = secureWebPreferences('/app/preload.cjs');

  it('isolates and sandboxes the page, without Node anywhere', () => {
    expect(preferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
  });

  it('keeps web security on and nothing insecure, experimental or embeddable switched on', () => {
    expect(preferences).toMatchObject({
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(preferences).not.toHaveProperty('enableBlinkFeatures');
  });
});
