/**
 * The sandboxed preload: exposes `window.workbench` with one typed method per operation and an
 * event subscription. The page never sees ipcRenderer, so it can reach nothing but these channels.
 */
import type { IpcRendererEvent } from 'electron';
import { contextBridge, ipcRenderer } from 'electron';
import type { WorkbenchEvent } from '../../shared/api';
import type { PreloadBridge } from '../../shared/api/ipc';
import {
  bridgeGlobalName,
  deliverMessageValueChannel,
  eventChannel,
  operationChannel,
  operationNames,
  saveExportChannel,
} from '../../shared/api/ipc';

const operations = Object.fromEntries(
  operationNames.map((op) => [op, (params: unknown) => ipcRenderer.invoke(operationChannel(op), params)]),
);

const bridge = {
  ...operations,
  saveExport: (callId: string) => ipcRenderer.invoke(saveExportChannel, callId),
  deliverMessageValue: (value: unknown, to: unknown) => ipcRenderer.invoke(deliverMessageValueChannel, value, to),
  onEvents(listener: (events: WorkbenchEvent[]) => void): () => void {
    const forward = (_event: IpcRendererEvent, events: WorkbenchEvent[]) => listener(events);
    ipcRenderer.on(eventChannel, forward);
    return () => void ipcRenderer.removeListener(eventChannel, forward);
  },
} as PreloadBridge;

contextBridge.exposeInMainWorld(bridgeGlobalName, bridge);
