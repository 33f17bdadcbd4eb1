/**
 * The engine's only public face (docs/architecture.md, "Layers"): hosts, the CLI and tools import
 * from here and nowhere else under main/engine/ (lint enforces it). Everything the engine does is
 * an operation of the table in shared/api/operations.ts.
 */
import type { HostInfo, WorkbenchClient } from '../../shared/api';
import { createEventHub, createInProcessClient } from '../../shared/api';
import type { SecretStore } from './collections/secrets';
import {
  createEngineService,
  type LabScenarioOperations,
  type WorkbenchService,
  type WorkbenchServiceOptions,
  type WorkspaceOperations,
} from './service';

export {
  createEngineService,
  type LabScenarioOperations,
  type WorkbenchService,
  type WorkbenchServiceOptions,
  type WorkspaceOperations,
};
export { silenceIpServerNameWarning } from './channel/ip-server-name-warning';
export { secretKey, type SecretStore } from './collections/secrets';
export type { RunCall } from './collections/runner';
export type { SavedForwardSpec, SavedForwardStore } from './k8s';

export interface InProcessWorkbenchOptions {
  hostInfo: HostInfo;
  keepEndedRecordings?: number;
  recordMessages?: boolean;
  /** The host's secret store, for collections' secrets (the CLI: the Node one in the data folder). */
  secrets?: SecretStore;
}

/** A WorkbenchClient on an engine of its own in this process; dispose() ends everything it started. */
export type InProcessWorkbench = WorkbenchClient & { dispose(): Promise<void> };

/**
 * The engine as an in-process client, through the same dispatch the hosts use: params are
 * validated by the operation table (so its bounds hold), and errors cross as WorkbenchErrorData and
 * come back as WorkbenchError, exactly as over IPC or the WebSocket. The CLI runs every command on
 * it; a collection runner or a test would too.
 */
export function createWorkbenchService(options: InProcessWorkbenchOptions): InProcessWorkbench {
  const events = createEventHub();
  const service = createEngineService({
    emit: (event) => events.emit(event),
    hostInfo: options.hostInfo,
    ...(options.keepEndedRecordings === undefined ? {} : { keepEndedRecordings: options.keepEndedRecordings }),
    ...(options.recordMessages === undefined ? {} : { recordMessages: options.recordMessages }),
    ...(options.secrets === undefined ? {} : { secrets: options.secrets }),
  });
  return Object.assign(createInProcessClient(service, events), { dispose: () => service.dispose() });
}
