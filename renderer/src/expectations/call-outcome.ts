/**
 * The finished call on screen as the CallOutcome expectations are judged against — through the
 * same translation the runner uses (shared/collections/call-outcome.ts), so the Expectations tab
 * and a run agree on what passed.
 */
import { callOutcome } from '../../../shared/collections/call-outcome';
import type { CallOutcome } from '../../../shared/collections/outcome';
import type { CallView } from '../response/call-state';

export interface ViewOutcome {
  outcome: CallOutcome;
  /** Messages fell out of the view's window: message checks see only the last ones kept. */
  truncated: boolean;
}

/** The outcome of an ended call; undefined while it runs (or before it started). */
export function outcomeOfCall(call: CallView | undefined): ViewOutcome | undefined {
  if (call?.phase !== 'ended' || call.status === undefined || call.timings === undefined) return undefined;
  const outcome = callOutcome(
    {
      status: call.status,
      headers: call.headers ?? {},
      trailers: call.trailers ?? {},
      ...(call.peer === undefined ? {} : { peer: call.peer }),
      timings: call.timings,
      sent: call.sentTotal,
    },
    call.messages.map((message) => message.json),
  );
  return { outcome, truncated: call.receivedTotal > call.messages.length };
}
