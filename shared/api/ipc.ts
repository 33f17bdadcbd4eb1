/**
 * The Electron IPC surface, shared by the main-process adapter and the preload so both sides use
 * the same channel names (Electron Fiddle keeps one list of IPC events the same way).
 */
import { operationNames } from './client';
import type { OperationInput, OperationName, WorkbenchEvent } from './operations';
import type { MessageValueRef } from './calls';
import type { WorkbenchErrorData } from './errors';
import type { MessageValueDelivery, MessageValueDestination } from './host';
import type { WireOutcome } from './wire';

const operationChannelPrefix = 'workbench:op:';

/** The `ipcMain.handle` channel of one operation. */
export function operationChannel(name: OperationName): string {
  return `${operationChannelPrefix}${name}`;
}

/** Main → renderer: a batch of WorkbenchEvents (`WorkbenchEvent[]`). */
export const eventChannel = 'workbench:event';

/** Every operation name, in the table's order (the preload builds one method per entry). */
export { operationNames };

/** The host capability `saveExport`: Electron main shows its save dialog and copies the export. */
export const saveExportChannel = 'workbench:save-export';

/** The host capability `deliverMessageValue`: Electron main writes the value to the clipboard or a file itself. */
export const deliverMessageValueChannel = 'workbench:deliver-message-value';

/**
 * What the preload exposes as `window.workbench`: one method per operation resolving to the
 * outcome envelope (errors stay data: Error objects lose their fields crossing contextBridge),
 * and a subscription to event batches.
 */
export type PreloadBridge = {
  [K in OperationName]: (params: OperationInput<K>) => Promise<WireOutcome<K>>;
} & {
  saveExport(callId: string): Promise<WireOutcome<'exportMessages'>>;
  deliverMessageValue(
    value: MessageValueRef,
    to: MessageValueDestination,
  ): Promise<{ result: MessageValueDelivery } | { error: WorkbenchErrorData }>;
  onEvents(listener: (events: WorkbenchEvent[]) => void): () => void;
};

/** The global name under which the preload exposes the bridge. */
export const bridgeGlobalName = 'workbench';
