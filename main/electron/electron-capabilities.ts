/**
 * The host capabilities in Electron: the native save dialog, the clipboard, the data folder (Electron's userData,
 * unless GRPC_WORKBENCH_DATA_DIR overrides it), and secrets sealed by the OS keychain through
 * safeStorage before they reach the 0600 secrets file.
 */
import type { BrowserWindow } from 'electron';
import { app, clipboard, dialog, safeStorage } from 'electron';
import { extname, join } from 'node:path';
import type { HostCapabilities } from '../host/capabilities';
import { createNodeCapabilities, dataDirEnvVar } from '../host/node-capabilities';

export function createElectronCapabilities(
  window: BrowserWindow,
): HostCapabilities & Required<Pick<HostCapabilities, 'chooseSavePath' | 'writeClipboardText'>> {
  const override = process.env[dataDirEnvVar];
  const node = createNodeCapabilities({
    dataDir: override !== undefined && override !== '' ? override : app.getPath('userData'),
    sealer: {
      seal: (value) => safeStorage.encryptString(value).toString('base64'),
      unseal: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
    },
  });
  return {
    ...node,
    chooseSavePath: async (suggestedFileName, title) => {
      const extension = extname(suggestedFileName).slice(1);
      const choice = await dialog.showSaveDialog(window, {
        title,
        defaultPath: join(app.getPath('downloads'), suggestedFileName),
        filters: extension === '' ? [] : [{ name: extension.toUpperCase(), extensions: [extension] }],
      });
      return choice.canceled ? undefined : choice.filePath;
    },
    writeClipboardText: (text) => clipboard.writeText(text),
  };
}
