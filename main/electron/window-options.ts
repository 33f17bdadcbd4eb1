/**
 * The web preferences of every window the app opens — Electron's security checklist items 2–4, 6
 * and 8–11 in one place, so a test can hold them (SECURITY.md): the page runs sandboxed and
 * context-isolated, without Node, with web security on and nothing experimental, insecure or
 * embeddable switched on.
 */
import type { WebPreferences } from 'electron';

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
  };
}
