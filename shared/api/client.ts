/**
 * Builds a WorkbenchClient from any link that carries operation outcomes and event batches, so the
 * WebSocket, the Electron bridge and the in-process client share one implementation: errors come
 * back as WorkbenchError, and one router over the event stream hands each event to the listeners
 * of its id (after VS Code's ProxyChannel `listen`).
 */
import { WorkbenchError } from './errors';
import type { HostCapabilitiesClient } from './host';
import type { OperationName, WorkbenchApi, WorkbenchClient, WorkbenchEvent } from './operations';
import { eventSubjectId, operationParams } from './operations';
import { dispatchOperation } from './dispatch';
import type { WireOutcome } from './wire';

export interface OutcomeLink {
  invoke(op: OperationName, params: unknown): Promise<WireOutcome>;
  /** Subscribes to event batches; returns the unsubscribe function. */
  subscribe(listener: (events: WorkbenchEvent[]) => void): () => void;
}

/** Every operation name, in the table's order. */
export const operationNames = Object.keys(operationParams) as OperationName[];

export function clientFromOutcomeLink(link: OutcomeLink, capabilities: HostCapabilitiesClient): WorkbenchClient {
  const operations = Object.fromEntries(
    operationNames.map((op) => [
      op,
      async (params: unknown) => {
        const outcome = await link.invoke(op, params);
        if ('error' in outcome) throw WorkbenchError.fromData(outcome.error);
        return outcome.result;
      },
    ]),
  );
  const byId = new Map<string, Set<(event: WorkbenchEvent) => void>>();
  const everyEvent = new Set<(event: WorkbenchEvent) => void>();
  let unlink: (() => void) | undefined;
  const route = (events: WorkbenchEvent[]): void => {
    for (const event of events) {
      for (const listener of [...everyEvent]) listener(event);
      const listeners = byId.get(eventSubjectId(event));
      if (listeners !== undefined) for (const listener of [...listeners]) listener(event);
    }
  };
  // One link subscription however many listeners, dropped when the last one leaves.
  const listen = (): void => {
    unlink ??= link.subscribe(route);
  };
  const maybeUnlink = (): void => {
    if (byId.size > 0 || everyEvent.size > 0) return;
    unlink?.();
    unlink = undefined;
  };
  return {
    ...operations,
    saveExport: (callId) => capabilities.saveExport(callId),
    deliverMessageValue: (value, to) =>
      capabilities.deliverMessageValue?.(value, to) ?? Promise.resolve('unsupported' as const),
    onHostLost: (listener) => capabilities.onHostLost?.(listener) ?? (() => undefined),
    subscribe(id, listener) {
      let listeners = byId.get(id);
      if (listeners === undefined) byId.set(id, (listeners = new Set()));
      listeners.add(listener);
      listen();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && byId.get(id) === listeners) byId.delete(id);
        maybeUnlink();
      };
    },
    onEvent(listener) {
      everyEvent.add(listener);
      listen();
      return () => {
        everyEvent.delete(listener);
        maybeUnlink();
      };
    },
  } as WorkbenchClient;
}

/** The event source an in-process client listens to (the host kernel's event hub, or a test's). */
export interface EventSource {
  subscribe(listener: (events: WorkbenchEvent[]) => void): () => void;
}

/**
 * A WorkbenchClient over a WorkbenchApi in the same process, through the very dispatch the hosts
 * use (params validated, errors converted to data and back), like connect-es's router transport.
 * Used by the CLI (through main/engine's createWorkbenchService) and by tests.
 */
export function createInProcessClient(
  api: WorkbenchApi,
  events: EventSource,
  capabilities?: HostCapabilitiesClient,
): WorkbenchClient {
  const link: OutcomeLink = {
    invoke: (op, params) => dispatchOperation(api, op, params),
    subscribe: (listener) => events.subscribe(listener),
  };
  // In process the export is already a file on this machine: saving it is returning where it is.
  const exportInPlace: HostCapabilitiesClient = {
    saveExport: async (callId) => {
      const outcome = await link.invoke('exportMessages', { callId });
      if ('error' in outcome) throw WorkbenchError.fromData(outcome.error);
      return outcome.result as Awaited<ReturnType<WorkbenchApi['exportMessages']>>;
    },
  };
  return clientFromOutcomeLink(link, capabilities ?? exportInPlace);
}

/** A synchronous event hub: what an in-process service emits, delivered to every subscriber. */
export function createEventHub(): EventSource & { emit(event: WorkbenchEvent): void } {
  const listeners = new Set<(events: WorkbenchEvent[]) => void>();
  return {
    emit(event) {
      for (const listener of [...listeners]) listener([event]);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

export interface FollowedEvents<E extends WorkbenchEvent> {
  /** Resolves with the end event (and stops listening). */
  readonly ended: Promise<E>;
  /** True from the moment the end event was delivered (synchronously, before `ended` resolves). */
  hasEnded(): boolean;
  /** Stops listening without waiting for the end. */
  dispose(): void;
}

/**
 * Listens to one call, health watch, burst or channel watch until its end event: subscribe with
 * this BEFORE starting it, so no event can be missed.
 */
export function followEvents<E extends WorkbenchEvent>(
  client: Pick<WorkbenchClient, 'subscribe'>,
  id: string,
  isEnd: (event: WorkbenchEvent) => event is E,
  onEvent: (event: WorkbenchEvent) => void = () => undefined,
): FollowedEvents<E> {
  let ended = false;
  let resolveEnd!: (event: E) => void;
  const endPromise = new Promise<E>((resolve) => (resolveEnd = resolve));
  const unsubscribe = client.subscribe(id, (event) => {
    if (ended) return;
    onEvent(event);
    if (!isEnd(event)) return;
    ended = true;
    unsubscribe();
    resolveEnd(event);
  });
  return { ended: endPromise, hasEnded: () => ended, dispose: unsubscribe };
}
