/**
 * The host capabilities in Electron: the native save dialog, the data folder (Electron's userData,
 * unless GRPC_WORKBENCH_DATA_DIR overrides it), and secrets sealed by the OS keychain through
 * safeStorage before they reach the 0600 secrets file.
 */
import type { BrowserWindow } from 'electron';
import { app, dialog, safeStorage } from 'electron';
import { join } from 'node:path';
import type { ChooseSavePath, HostCapabilities } from '../host/capabilities';
import { createNodeCapabilities, dataDirEnvVar } from '../host/node-capabilities';

export function createElectronCapabilities(
  window: BrowserWindow,
): HostCapabilities & { chooseSavePath: ChooseSavePath } {
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
    chooseSavePath: async (suggestedFileName) => {
      const choice = await dialog.showSaveDialog(window, {
        title: 'Export all messages',
        defaultPath: join(app.getPath('downloads'), suggestedFileName),
        filters: [{ name: 'NDJSON', extensions: ['ndjson'] }],
      });
      return choice.canceled ? undefined : choice.filePath;
    },
  };
}
