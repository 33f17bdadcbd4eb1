/**
 * The one translation from the contract's end of a call (`call-end`, shared/api/calls.ts) to the
 * collections' CallOutcome that expectations are evaluated against: the runner's engine adapter
 * uses it for runs, the desktop app's Expectations tab for the call it just sent, so both judge a
 * call the same way.
 */
import type { CallStatus, CallTimings, MetadataJson } from '../api';
import type { CallOutcome, OutcomeFailure } from './outcome';

const DEADLINE_EXCEEDED = 4;
const transportKinds = new Set(['dns', 'refused', 'tls', 'connection']);
const schemaKinds = new Set(['unknown_method', 'schema']);

/** What a failure of ours or the transport's means for a run; undefined when it is a status to check. */
export function outcomeFailureCategory(
  kind: string,
  status: CallStatus | undefined,
): OutcomeFailure['category'] | undefined {
  if (transportKinds.has(kind)) return 'transport';
  // The request's own deadline is a status to check; a connect timeout is transport.
  if (kind === 'timeout') return status?.code === DEADLINE_EXCEEDED ? undefined : 'transport';
  if (schemaKinds.has(kind)) return 'schema';
  return 'request';
}

export interface EndedCall {
  status: CallStatus;
  headers: MetadataJson;
  trailers: MetadataJson;
  peer?: string;
  timings: CallTimings;
  sent: number;
}

/** An ended call and the JSON of the messages it received (undefined for one that could not be decoded). */
export function callOutcome(end: EndedCall, messages: unknown[]): CallOutcome {
  const { status } = end;
  const category = status.error === undefined ? undefined : outcomeFailureCategory(status.error.kind, status);
  return {
    status: { code: status.code, name: status.name, message: status.message, details: status.details },
    headers: end.headers,
    trailers: end.trailers,
    messages,
    ...(end.peer === undefined ? {} : { peer: end.peer }),
    timings: end.timings,
    sent: end.sent,
    ...(category === undefined || status.error === undefined
      ? {}
      : { failure: { category, kind: status.error.kind, message: status.error.message } }),
  };
}
