import { useWorkbench } from '../WorkbenchContext';
import { ErrorBanner } from './ErrorBanner';
import { HeadersTable } from './HeadersTable';
import { MessagesList } from './MessagesList';
import { PendingStatus, StatusBadge } from './StatusBadge';
import { StatusDetails } from './StatusDetails';
import { Timings } from './Timings';

/** Everything about the current call: status, details, headers, trailers, timings, messages. */
export function ResponseView() {
  const call = useWorkbench((state) => state.call);
  const starting = useWorkbench((state) => state.starting);
  const callError = useWorkbench((state) => state.callError);
  const dismissCallError = useWorkbench((state) => state.dismissCallError);

  return (
    <section className="response-view" aria-label="Response">
      {callError ? <ErrorBanner error={callError} onDismiss={dismissCallError} /> : null}
      {starting ? <PendingStatus text="Starting call…" /> : null}
      {!call && !starting && !callError ? <p className="muted empty-state">Send a request to see the response here.</p> : null}
      {call ? (
        <>
          {call.status ? <StatusBadge status={call.status} /> : <PendingStatus text={call.halfClosed ? 'Stream ended by us, waiting for the server…' : 'Call open…'} />}
          {call.status?.error ? <ErrorBanner error={call.status.error} /> : null}
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
