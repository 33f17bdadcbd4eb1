import type { WorkbenchErrorData } from '../../../shared/api';
import { useWorkbench } from '../app/WorkbenchContext';
import { selectSelectedMethod } from '../services/services-slice';
import type { CallView } from './call-state';
import { ErrorBanner } from '../ui/ErrorBanner';
import { HeadersTable } from './HeadersTable';
import { MessagesList } from './MessagesList';
import { PendingStatus, StatusBadge } from './status-badge';
import { StatusDetails } from './StatusDetails';
import { Timings } from './Timings';

/** Everything about the current call: status, details, headers, trailers, timings, messages. */
export function ResponseView() {
  const call = useWorkbench((state) => state.call);
  const starting = useWorkbench((state) => state.starting);
  const callError = useWorkbench((state) => state.callError);
  const dismissCallError = useWorkbench((state) => state.dismissCallError);
  const inputType = useWorkbench((state) => {
    const selected = selectSelectedMethod(state);
    return selected && selected.path === call?.method ? selected.inputType : undefined;
  });
  const notSent = call ? requestRejectedLocally(call) : undefined;

  return (
    <section className="response-view" aria-label="Response">
      {callError ? <ErrorBanner error={callError} onDismiss={dismissCallError} /> : null}
      {starting ? <PendingStatus text="Starting call…" /> : null}
      {!call && !starting && !callError ? (
        <p className="muted empty-state">Send a request to see the response here.</p>
      ) : null}
      {notSent ? <RequestNotSent error={notSent} inputType={inputType} /> : null}
      {call && !notSent ? (
        <>
          {call.status ? (
            <StatusBadge status={call.status} />
          ) : (
            <PendingStatus text={call.halfClosed ? 'Stream ended by us, waiting for the server…' : 'Call open…'} />
          )}
          {call.status ? <StatusDetails details={call.status.details} /> : null}
          <Timings call={call} />
          <div className="metadata-pair">
            <HeadersTable title="Headers" metadata={call.headers} />
            <HeadersTable title="Trailers" metadata={call.trailers} />
          </div>
          <MessagesList call={call} />
        </>
      ) : null}
    </section>
  );
}

/**
 * The engine reports request JSON that does not fit the input type as a call ending in
 * INVALID_ARGUMENT, but nothing reached the server: a server-looking status badge would mislead.
 */
function requestRejectedLocally(call: CallView): WorkbenchErrorData | undefined {
  const error = call.status?.error;
  return error?.kind === 'bad_request_json' ? error : undefined;
}

/** "Not sent: request JSON does not fit user.v1.GetUserRequest — id: expected string". */
function RequestNotSent({ error, inputType }: { error: WorkbenchErrorData; inputType?: string }) {
  return (
    <div className="banner banner-error" role="alert">
      <div className="banner-body">
        <strong>Not sent: request JSON does not fit {inputType ?? 'the request message'}</strong>
        <span className="banner-subject"> — {error.message}</span>
      </div>
    </div>
  );
}
