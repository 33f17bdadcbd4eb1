/** The Electron transport: the preload's `window.workbench` bridge, one method per operation. */
import type { WorkbenchClient } from '../../../shared/api/contract';
import type { PreloadBridge } from '../../../shared/api/ipc';
import { clientFromOutcomeLink } from './outcome-client';

export function createBridgeClient(bridge: PreloadBridge): WorkbenchClient {
  return clientFromOutcomeLink({
    invoke: (op, params) => (bridge[op] as (p: unknown) => ReturnType<PreloadBridge[typeof op]>)(params),
    subscribe: (listener) => bridge.onEvents(listener),
  });
}
