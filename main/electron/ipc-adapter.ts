/**
 * The Electron host's boundary: one `ipcMain.handle` per operation (channel names shared with the
 * preload), every call checked for WHO sent it (only our window's main frame, showing our own
 * page) and WHAT it carries (the operation table's schemas, via the host session both hosts share). Events go
 * back to the window in batches.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { HostInfo, WireOutcome } from '../../shared/api';
import { WorkbenchError } from '../../shared/api';
import {
  deliverMessageValueChannel,
  eventChannel,
  operationChannel,
  operationNames,
  saveExportChannel,
} from '../../shared/api/ipc';
import type { ChooseSavePath } from '../host/capabilities';
import { deliverMessageValue } from '../host/deliver-message-value';
import { saveExport } from '../host/save-export';
import type { ServiceFactory } from '../host/service-factory';
import { openHostSession } from '../host/session';
import { isAppPageUrl } from './app-protocol';

/** The parts of the Electron objects the adapter touches; tests pass plain fakes of these. */
export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;
export type WebContentsLike = Pick<WebContents, 'send' | 'isDestroyed'>;
/** What the adapter reads from an invoke event (a real IpcMainInvokeEvent satisfies it). */
export interface InvokeSender {
  sender: unknown;
  senderFrame: { url: string; parent: unknown } | null;
}

export interface WorkbenchIpcOptions {
  ipcMain: IpcMainLike;
  /** The window's webContents: the only trusted sender and the receiver of events. */
  webContents: WebContentsLike;
  createService: ServiceFactory;
  hostInfo: HostInfo;
  /** The host capability behind client.saveExport (and a value's Save): the native save dialog. */
  chooseSavePath: ChooseSavePath;
  /** The host capability behind client.deliverMessageValue's clipboard: Electron's clipboard, in main. */
  writeClipboardText(text: string): void;
}

export interface WorkbenchIpc {
  dispose(): Promise<void>;
}

/** Our window, its top frame (no iframe), showing our own page — nothing else may call the engine. */
export function isTrustedSender(event: InvokeSender, webContents: WebContentsLike): boolean {
  const frame = event.senderFrame;
  return event.sender === webContents && frame !== null && frame.parent === null && isAppPageUrl(frame.url);
}

const untrustedSender: WireOutcome = {
  error: new WorkbenchError('bad_input', 'Refused an IPC call that did not come from the gRPC Workbench window.', {
    hint: 'Only the workbench page itself may call the engine.',
  }).toJSON(),
};

export function attachWorkbenchIpc({
  ipcMain,
  webContents,
  createService,
  hostInfo,
  chooseSavePath,
  writeClipboardText,
}: WorkbenchIpcOptions): WorkbenchIpc {
  const session = openHostSession({
    createService,
    hostInfo,
    deliver: (events) => {
      if (!webContents.isDestroyed()) webContents.send(eventChannel, events);
    },
  });

  for (const op of operationNames) {
    ipcMain.handle(operationChannel(op), (event: IpcMainInvokeEvent | InvokeSender, params: unknown) =>
      isTrustedSender(event, webContents) ? session.dispatch(op, params) : untrustedSender,
    );
  }
  ipcMain.handle(saveExportChannel, async (event: IpcMainInvokeEvent | InvokeSender, callId: unknown) => {
    if (!isTrustedSender(event, webContents)) return untrustedSender;
    try {
      if (typeof callId !== 'string') throw new WorkbenchError('bad_input', 'saveExport takes a call id.');
      return { result: await saveExport(session.service, callId, chooseSavePath) };
    } catch (error) {
      return { error: WorkbenchError.from(error).toJSON() };
    }
  });
  ipcMain.handle(
    deliverMessageValueChannel,
    async (event: IpcMainInvokeEvent | InvokeSender, value: unknown, to: unknown) => {
      if (!isTrustedSender(event, webContents)) return untrustedSender;
      try {
        return {
          result: await deliverMessageValue(session.service, value, to, { writeClipboardText, chooseSavePath }),
        };
      } catch (error) {
        return { error: WorkbenchError.from(error).toJSON() };
      }
    },
  );

  return {
    async dispose() {
      for (const op of operationNames) ipcMain.removeHandler(operationChannel(op));
      ipcMain.removeHandler(saveExportChannel);
      ipcMain.removeHandler(deliverMessageValueChannel);
      await session.dispose();
    },
  };
}
