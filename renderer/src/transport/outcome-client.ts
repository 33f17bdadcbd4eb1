/**
 * Builds a WorkbenchClient from any link that carries operation outcomes and event batches, so
 * the WebSocket, the Electron bridge and the in-memory loopback share one implementation.
 */
import type { OperationName, WorkbenchClient, WorkbenchEvent } from '../../../shared/api/contract';
import { operationNames } from '../../../shared/api/ipc';
import type { WireOutcome } from '../../../shared/api/wire';
import { WorkbenchCallError } from './call-error';

export interface OutcomeLink {
  invoke(op: OperationName, params: unknown): Promise<WireOutcome>;
  /** Subscribes to event batches; returns the unsubscribe function. */
  subscribe(listener: (events: WorkbenchEvent[]) => void): () => void;
}

export function clientFromOutcomeLink(link: OutcomeLink): WorkbenchClient {
  const operations = Object.fromEntries(
    operationNames.map((op) => [
      op,
      async (params: unknown) => {
        const outcome = await link.invoke(op, params);
        if ('error' in outcome) throw new WorkbenchCallError(outcome.error);
        return outcome.result;
      },
    ]),
  );
  return {
    ...operations,
    onEvent(listener) {
      return link.subscribe((events) => {
        for (const event of events) listener(event);
      });
    },
  } as WorkbenchClient;
}
