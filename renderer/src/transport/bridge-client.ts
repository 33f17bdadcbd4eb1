/** The Electron transport: the preload's `window.workbench` bridge, one method per operation. */
import type { WorkbenchClient } from '../../../shared/api';
import { clientFromOutcomeLink, WorkbenchError } from '../../../shared/api';
import type { PreloadBridge } from '../../../shared/api/ipc';

export function createBridgeClient(bridge: PreloadBridge): WorkbenchClient {
  return clientFromOutcomeLink(
    {
      invoke: (op, params) => (bridge[op] as (p: unknown) => ReturnType<PreloadBridge[typeof op]>)(params),
      subscribe: (listener) => bridge.onEvents(listener),
    },
    {
      // Electron main shows its native save dialog and copies the export where the user chose.
      saveExport: async (callId) => {
        const outcome = await bridge.saveExport(callId);
        if ('error' in outcome) throw WorkbenchError.fromData(outcome.error);
        return outcome.result;
      },
      // Electron main writes the clipboard or the file itself: the value never crosses to the page.
      deliverMessageValue: async (value, to) => {
        const outcome = await bridge.deliverMessageValue(value, to);
        if ('error' in outcome) throw WorkbenchError.fromData(outcome.error);
        return outcome.result;
      },
    },
  );
}
