/**
 * The Electron host's boundary: one `ipcMain.handle` per operation (channel names shared with the
 * preload), every call checked for WHO sent it (only our window's main frame, showing our own
 * page) and WHAT it carries (the contract's schemas, via the dispatch both hosts share). Events go
 * back to the window in batches.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { HostInfo, WorkbenchEvent } from '../../shared/api/contract';
import { eventChannel, operationChannel, operationNames } from '../../shared/api/ipc';
import type { WireOutcome } from '../../shared/api/wire';
import { dispatchOperation } from '../serve/dispatch';
import { createEventBatcher } from '../serve/event-batcher';
import type { ServiceFactory } from '../serve/host-service';
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
  error: {
    kind: 'bad_input',
    message: 'Refused an IPC call that did not come from the gRPC Workbench window.',
    hint: 'Only the workbench page itself may call the engine.',
  },
};

export function attachWorkbenchIpc({
  ipcMain,
  webContents,
  createService,
  hostInfo,
}: WorkbenchIpcOptions): WorkbenchIpc {
  const batcher = createEventBatcher<WorkbenchEvent>((events) => {
    if (!webContents.isDestroyed()) webContents.send(eventChannel, events);
  });
  const service = createService({ emit: (event) => batcher.push(event), hostInfo });

  for (const op of operationNames) {
    ipcMain.handle(operationChannel(op), (event: IpcMainInvokeEvent | InvokeSender, params: unknown) =>
      isTrustedSender(event, webContents) ? dispatchOperation(service, op, params) : untrustedSender,
    );
  }

  return {
    async dispose() {
      for (const op of operationNames) ipcMain.removeHandler(operationChannel(op));
      batcher.dispose();
      await service.dispose();
    },
  };
}
