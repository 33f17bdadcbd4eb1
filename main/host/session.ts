/**
 * One client session of a host (a browser tab, the Electron window): its own service instance (so
 * closing it cancels its calls and frees its channels), operations run through the shared
 * dispatch, events pushed in batches paced by the link (huge strings of received messages kept
 * back, see elideForThePage). ws-session and the IPC adapter are this
 * plus their transport.
 */
import type { HostInfo, WireOutcome, WorkbenchEvent } from '../../shared/api';
import { dispatchOperation, elideLargeStrings } from '../../shared/api';
import { createEventBatcher } from './event-batcher';
import type { HostedService, ServiceFactory } from './service-factory';

export interface HostSessionOptions {
  createService: ServiceFactory;
  hostInfo: HostInfo;
  /** Carries one batch of events to the client; resolve when the link took it (pacing). */
  deliver: (events: WorkbenchEvent[]) => void | Promise<void>;
}

export interface HostSession {
  readonly service: HostedService;
  dispatch(op: unknown, params: unknown): Promise<WireOutcome>;
  dispose(): Promise<void>;
}

/**
 * The events of one push. The engine sends up to 64 messages an event, so 16 events are ~1,000
 * small messages, ~80 KB of JSON: the page parses a push in a few milliseconds even on a busy
 * machine (pushes of 128 events, ~600 KB, were parsed in tasks of 50–90 ms there). A fast stream
 * just becomes more pushes; their pace is still the reader's.
 */
const maxEventsPerBatch = 16;

export function openHostSession({ createService, hostInfo, deliver }: HostSessionOptions): HostSession {
  const batcher = createEventBatcher<WorkbenchEvent>(deliver, { maxBatch: maxEventsPerBatch });
  const service = createService({ emit: (event) => batcher.push(elideForThePage(event)), hostInfo });
  return {
    service,
    dispatch: (op, params) => dispatchOperation(service, op, params),
    async dispose() {
      batcher.dispose();
      await service.dispose();
    },
  };
}

/** Huge strings of received messages stay in the host (the page fetches one when asked): shared/api/large-values.ts. */
function elideForThePage(event: WorkbenchEvent): WorkbenchEvent {
  if (event.type !== 'call-messages') return event;
  const messages = event.messages.map((message) => elideLargeStrings(message));
  return messages.some((message, at) => message !== event.messages[at]) ? { ...event, messages } : event;
}
