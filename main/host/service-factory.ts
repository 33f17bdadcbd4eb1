/**
 * How a host obtains the engine: a factory taking the event sink, so each host decides where
 * events go (a WebSocket, a window). `createEngineService` from main/engine has this shape.
 */
import type { HostInfo, WorkbenchApi, WorkbenchEvent } from '../../shared/api';
import type { SavedForwardStore } from '../engine/index';
import type { SecretStore } from './capabilities';

export type HostedService = WorkbenchApi & { dispose(): void | Promise<void> };

export interface ServiceHostContext {
  emit(event: WorkbenchEvent): void;
  hostInfo: HostInfo;
}

export type ServiceFactory = (context: ServiceHostContext) => HostedService;

/**
 * The real engine, loaded on first use so hosts and their tests can start without it, with the
 * host's secret store and its keeping of saved forwards (main/host/saved-forwards.ts).
 */
export async function loadEngineServiceFactory(
  secrets?: SecretStore,
  savedForwards?: SavedForwardStore,
): Promise<ServiceFactory> {
  const { createEngineService } = await import('../engine/index');
  return (context) =>
    createEngineService({
      ...context,
      ...(secrets === undefined ? {} : { secrets }),
      ...(savedForwards === undefined ? {} : { savedForwards }),
    });
}
