/**
 * What a host can do for the workbench beyond running the engine, behind one interface with a
 * Node implementation (node-capabilities.ts: browser mode, the CLI, tests) and an Electron one
 * (main/electron/electron-capabilities.ts), as VS Code keeps one service with a browser and an
 * electron implementation. Collections, history and drafts build on these, never on `fs` paths
 * or on asking which host they run in.
 */

import type { SecretStore } from '../engine/index';

/** Secrets (tokens, passwords of saved requests) kept out of the files a user shares; the engine's collections use it. */
export type { SecretStore };

/** Asks the user where to save a file (`title`: what is saved); undefined when they cancelled. */
export type ChooseSavePath = (suggestedFileName: string, title: string) => Promise<string | undefined>;

export interface HostCapabilities {
  /** The folder the workbench keeps its own data in (history, drafts, secrets); created on first use. */
  readonly dataDir: string;
  readonly secrets: SecretStore;
  /**
   * A native "save as" (Electron). Absent where the host cannot show one: browser mode saves by
   * download, the page's own way.
   */
  readonly chooseSavePath?: ChooseSavePath;
  /**
   * Writes the system clipboard from the host process (Electron), so a huge value never crosses to
   * the page. Absent in browser mode: its page writes the clipboard from a fetched Blob.
   */
  readonly writeClipboardText?: (text: string) => void;
}
