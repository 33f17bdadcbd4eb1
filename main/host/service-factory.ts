/**
 * How a host obtains the engine: a factory taking the event sink, so each host decides where
 * events go (a WebSocket, a window). `createEngineService` from main/engine has this shape.
 */
import type { HostInfo, WorkbenchApi, WorkbenchEvent } from '../../shared/api';
import type { LabScenarioOperations, RunCall, SavedForwardStore, WorkspaceOperations } from '../engine/index';
import type { SecretStore } from './capabilities';

export type HostedService = WorkbenchApi & { dispose(): void | Promise<void> };

export interface ServiceHostContext {
  emit(event: WorkbenchEvent): void;
  hostInfo: HostInfo;
  /** Where the calls of collection runs go (the history decorator sets it; the engine hands it to the runner). */
  recordRunCall?: (call: RunCall) => void;
}

export type ServiceFactory = (context: ServiceHostContext) => HostedService;

export interface EngineHostOptions {
  secrets?: SecretStore;
  /** The host's workspace operations (main/host/workspace); absent (the CLI): the engine says the host keeps none. */
  workspace?: WorkspaceOperations;
  /** The host's keeping of the forwards a user opened (main/host/saved-forwards.ts). */
  savedForwards?: SavedForwardStore;
  /** The demo lab's scenarios, where the host runs the lab (main/host/lab-scenarios.ts). */
  labScenarios?: LabScenarioOperations;
}

/** The real engine, loaded on first use so hosts and their tests can start without it, with what the host keeps. */
export async function loadEngineServiceFactory({
  secrets,
  workspace,
  savedForwards,
  labScenarios,
}: EngineHostOptions = {}): Promise<ServiceFactory> {
  const { createEngineService } = await import('../engine/index');
  return (context) =>
    createEngineService({
      ...context,
      ...(secrets === undefined ? {} : { secrets }),
      ...(workspace === undefined ? {} : { workspace }),
      ...(savedForwards === undefined ? {} : { savedForwards }),
      ...(labScenarios === undefined ? {} : { labScenarios }),
    });
}
