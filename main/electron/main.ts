/**
 * The desktop app's main process: one hardened window showing the renderer from app://workbench/,
 * the engine behind typed IPC, and (unless --no-lab) the demo lab running in-process and
 * preselected in the UI, so a fresh install has something to call.
 */
import { app, BrowserWindow, ipcMain, protocol, session } from 'electron';
import { join } from 'node:path';
import type { HostInfo } from '../../shared/api';
import { startLabOnDocumentedPorts } from '../../proto-samples/lab/documented-ports';
import { createEngineService, silenceIpServerNameWarning } from '../engine/index';
import { labHostInfo } from '../host/lab-info';
import { createLabScenarioHost } from '../host/lab-scenarios';
import { createSavedForwardStore } from '../host/saved-forwards';
import { createHostWorkspace } from '../host/workspace/index';
import { appPageUrl, appScheme, createAppRequestHandler } from './app-protocol';
import { denyPermissions, hardenWebContents } from './harden';
import type { WorkbenchIpc } from './ipc-adapter';
import { attachWorkbenchIpc } from './ipc-adapter';
import { createElectronCapabilities } from './electron-capabilities';
import { secureWebPreferences } from './window-options';

// This module is bundled to dist/electron-main.js; the preload and the renderer build sit beside it.
const distDir = import.meta.dirname;
const preloadPath = join(distDir, 'preload.cjs');
const rendererDir = join(distDir, 'renderer');

// grpc-js sends IP targets as the TLS server name; Node's DEP0123 warning about it is noise the user cannot act on.
silenceIpServerNameWarning();
protocol.registerSchemesAsPrivileged([
  { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void run().catch((error: unknown) => {
    console.error(`gRPC Workbench could not start: ${error instanceof Error ? error.message : String(error)}`);
    app.exit(1);
  });
}

async function run(): Promise<void> {
  await app.whenReady();
  denyPermissions(session.defaultSession);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  const lab = process.argv.includes('--no-lab')
    ? undefined
    : await startLabOnDocumentedPorts().then(
        ({ lab, fellBackBecause }) => {
          if (fellBackBecause)
            console.error(`The demo lab's usual ports are taken (${fellBackBecause}); it runs on free ports.`);
          return lab;
        },
        (error: unknown) => {
          console.error(
            `The demo lab did not start (${error instanceof Error ? error.message : String(error)}); continuing without it.`,
          );
          return undefined;
        },
      );
  const labScenarios = lab ? createLabScenarioHost() : undefined;
  const hostInfo: HostInfo = {
    version: app.getVersion(),
    host: 'electron',
    ...(lab ? { lab: { ...labHostInfo(lab), ...(labScenarios ? { scenarios: labScenarios.summaries } : {}) } } : {}),
  };

  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    show: false,
    title: 'gRPC Workbench',
    webPreferences: secureWebPreferences(preloadPath),
  });
  const capabilities = createElectronCapabilities(window);
  const workspace = createHostWorkspace({ dataDir: capabilities.dataDir, secrets: capabilities.secrets });
  const savedForwards = createSavedForwardStore(capabilities.dataDir);
  const ipc: WorkbenchIpc = attachWorkbenchIpc({
    ipcMain,
    webContents: window.webContents,
    createService: workspace.decorate((context) =>
      createEngineService({
        ...context,
        secrets: capabilities.secrets,
        workspace: workspace.operations,
        savedForwards,
        ...(labScenarios ? { labScenarios } : {}),
      }),
    ),
    hostInfo,
    chooseSavePath: capabilities.chooseSavePath,
    writeClipboardText: capabilities.writeClipboardText,
  });
  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  window.once('ready-to-show', () => window.show());

  let shuttingDown = false;
  app.on('window-all-closed', () => {
    if (shuttingDown) return;
    shuttingDown = true;
    void Promise.allSettled([ipc.dispose(), labScenarios?.close(), lab?.close()]).then(() => app.quit());
  });
  // The page comes with the host info and the kept workspace, so its first render waits for no IPC round trip.
  protocol.handle(
    appScheme,
    createAppRequestHandler(rendererDir, { hostInfo, loadWorkspace: () => workspace.operations.loadWorkspace({}) }),
  );
  await window.loadURL(appPageUrl);
}
