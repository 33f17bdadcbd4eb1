import { useEffect } from 'react';
import type { CallStatus, HealthServiceStatus, ServingStatusName } from '../../../shared/api';
import { useWorkbench } from '../app/WorkbenchContext';
import { ErrorBanner } from '../ui/ErrorBanner';
import { selectHealthSubject, type HealthWatchState, type PodHealth } from './health-slice';
import './health.css';
import { ColumnHeads } from '../ui/ColumnHeads';

const UNIMPLEMENTED = 12;
const NOT_FOUND = 5;

/**
 * grpc.health.v1 for the connected server: every service's status (List, else Check of each
 * service of the schema), live Watches with their transitions, and each pod of a per-pod forward.
 */
export function HealthView() {
  const connection = useWorkbench((state) => state.connection);
  const health = useWorkbench((state) => state.health);
  const refreshHealth = useWorkbench((state) => state.refreshHealth);
  const hasPerPodForward = useWorkbench((state) =>
    Object.values(state.cluster.forwards).some((forward) => forward.mode === 'per-pod' && forward.ports.length > 0),
  );
  const target = connection?.target;
  const subject = useWorkbench(selectHealthSubject);
  // Once the schema is in, so a server without List is asked about the schema's services.
  const schemaLoading = useWorkbench((state) => state.schema.status === 'loading');
  const stale =
    subject !== undefined && !schemaLoading && (health.list.status === 'idle' || health.listedFor !== subject);
  useEffect(() => {
    if (stale) void refreshHealth();
  }, [stale, refreshHealth]);

  if (connection === undefined && !hasPerPodForward)
    return <p className="muted empty-state">Connect to a target to see its health.</p>;
  const { list } = health;
  const services = list.status === 'loaded' ? list.value.services : [];
  const noHealthService = services.length > 0 && services.every((entry) => entry.status.code === UNIMPLEMENTED);
  return (
    <div className="health">
      <div className="health__head">
        <h3>
          Health
          {target !== undefined ? (
            <>
              {' '}
              of <code>{target}</code>
            </>
          ) : null}
        </h3>
        <button type="button" onClick={() => void refreshHealth()} disabled={list.status === 'loading'}>
          Refresh
        </button>
      </div>
      {list.status === 'loading' ? <p className="muted">Asking the server…</p> : null}
      {list.status === 'error' ? <ErrorBanner error={list.error} /> : null}
      {list.status === 'loaded' ? (
        <>
          <p className="muted health__method">
            {list.value.method === 'list'
              ? 'The server listed its services (grpc.health.v1 List).'
              : 'The server has no List (UNIMPLEMENTED), so each service of the schema was asked with Check.'}
          </p>
          {list.value.method === 'list' && list.value.listStatus.code !== 0 ? (
            <CallFailure status={list.value.listStatus} />
          ) : null}
          {noHealthService ? (
            <p className="health__none" role="status">
              UNIMPLEMENTED: this server has no health service (grpc.health.v1.Health).
            </p>
          ) : (
            <HealthTable services={services} />
          )}
        </>
      ) : null}
      <WatchList watches={Object.values(health.watches)} />
      <PodHealthTable pods={Object.values(health.pods)} />
    </div>
  );
}

function HealthTable({ services }: { services: readonly HealthServiceStatus[] }) {
  const watchServiceHealth = useWorkbench((state) => state.watchServiceHealth);
  const watches = useWorkbench((state) => state.health.watches);
  if (services.length === 0) return <p className="muted">The server reports no services.</p>;
  return (
    <table className="health-table" aria-label="Service health">
      <ColumnHeads columns={['Service', 'Status', { hidden: 'Watch' }]} />
      <tbody>
        {services.map((entry) => {
          const running = watches[entry.service] !== undefined && watches[entry.service]?.end === undefined;
          return (
            <tr key={entry.service}>
              <td>{serviceLabel(entry.service)}</td>
              <td>
                <StatusText servingStatus={entry.servingStatus} status={entry.status} />
              </td>
              <td>
                <button
                  type="button"
                  disabled={running}
                  onClick={() => void watchServiceHealth(entry.service)}
                  aria-label={`Watch ${serviceLabel(entry.service)}`}
                >
                  Watch
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function WatchList({ watches }: { watches: readonly HealthWatchState[] }) {
  const stopHealthWatch = useWorkbench((state) => state.stopHealthWatch);
  if (watches.length === 0) return null;
  return (
    <section aria-label="Health watches" className="health__section">
      <h3>Watches</h3>
      <ul className="health-watches">
        {watches.map((watch) => {
          const last = watch.transitions.at(-1);
          return (
            <li key={watch.callId} aria-label={`Watch of ${serviceLabel(watch.service)}`}>
              <div className="health-watch__head">
                <strong>{serviceLabel(watch.service)}</strong>
                {last ? <ServingBadge status={last.servingStatus} /> : <span className="muted">waiting…</span>}
                {watch.end === undefined ? (
                  <button type="button" onClick={() => void stopHealthWatch(watch.service)}>
                    Stop
                  </button>
                ) : (
                  <span className="muted">ended: {watch.end.name}</span>
                )}
              </div>
              <ol className="health-watch__transitions" aria-label="Transitions">
                {watch.transitions.map((transition, index) => (
                  <li key={index}>
                    <time dateTime={transition.at}>{new Date(transition.at).toLocaleTimeString()}</time>{' '}
                    {index > 0 ? `${watch.transitions[index - 1]?.servingStatus} → ` : ''}
                    {transition.servingStatus}
                  </li>
                ))}
              </ol>
              {watch.end !== undefined && watch.end.code !== 1 ? <CallFailure status={watch.end} /> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function PodHealthTable({ pods }: { pods: readonly PodHealth[] }) {
  if (pods.length === 0) return null;
  return (
    <section aria-label="Health per pod" className="health__section">
      <h3>Per pod</h3>
      <table className="health-table">
        <ColumnHeads columns={['Pod', 'Local address', 'Status']} />
        <tbody>
          {pods.map((pod) => (
            <tr key={pod.localAddress}>
              <td>
                <code>{pod.pod}</code>
              </td>
              <td>
                <code>{pod.localAddress}</code>
              </td>
              <td>
                {pod.result.status === 'loaded' ? (
                  <StatusText servingStatus={pod.result.value.servingStatus} status={pod.result.value.status} />
                ) : pod.result.status === 'error' ? (
                  <span className="health__bad">{pod.result.error.message}</span>
                ) : (
                  <span className="muted">checking…</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** SERVING / NOT_SERVING / SERVICE_UNKNOWN as the server said it; a failed call by its status, plainly. */
function StatusText({ servingStatus, status }: { servingStatus?: ServingStatusName; status: CallStatus }) {
  if (status.code === 0 && servingStatus !== undefined) return <ServingBadge status={servingStatus} />;
  if (status.code === UNIMPLEMENTED) return <span className="health__bad">UNIMPLEMENTED (no health service)</span>;
  if (status.code === NOT_FOUND)
    return <span className="health__bad">SERVICE_UNKNOWN (NOT_FOUND: not known to the server)</span>;
  return (
    <span className="health__bad">
      {status.name}: {status.error?.message ?? status.message}
    </span>
  );
}

function ServingBadge({ status }: { status: ServingStatusName }) {
  return <span className={`badge health-status health-status--${status.toLowerCase()}`}>{status}</span>;
}

function CallFailure({ status }: { status: CallStatus }) {
  return status.error ? (
    <ErrorBanner error={status.error} />
  ) : (
    <p className="health__bad">
      {status.name}: {status.message}
    </p>
  );
}

function serviceLabel(service: string): string {
  return service === '' ? '(whole server)' : service;
}
