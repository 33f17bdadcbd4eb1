import { useEffect, useId } from 'react';
import type { ForwardMode, KubeServiceSummary } from '../../../shared/api';
import type { PodSummary } from '../../../shared/k8s/objects';
import { formatAge } from '../../../shared/k8s/objects';
import { useWorkbench } from '../app/WorkbenchContext';
import { ErrorBanner } from '../ui/ErrorBanner';
import { ForwardList } from './ForwardList';
import { ServiceCheckFindings } from './ServiceCheckFindings';
import './cluster.css';
import { ColumnHeads } from '../ui/ColumnHeads';

/**
 * The Cluster panel: context → namespace → its Services (ports, type) and pods (readiness, node,
 * restarts, age); a forward (single or per pod) on any Service port; the open forwards, live; the
 * saved ones to reopen. "Use as target" puts a k8s:// target or a local address in the request.
 */
export function ClusterPanel() {
  const cluster = useWorkbench((state) => state.cluster);
  const loadContexts = useWorkbench((state) => state.loadContexts);
  const selectContext = useWorkbench((state) => state.selectContext);
  const selectNamespace = useWorkbench((state) => state.selectNamespace);
  const dismissForwardError = useWorkbench((state) => state.dismissForwardError);
  const contextId = useId();
  const namespaceId = useId();
  const { contexts, namespaces, services, selection } = cluster;

  useEffect(() => {
    if (contexts.status === 'idle') void loadContexts();
  }, [contexts.status, loadContexts]);

  return (
    <div className="cluster">
      <div className="cluster__selection">
        <div className="field">
          <label htmlFor={contextId}>Context</label>
          <select
            id={contextId}
            value={selection.context ?? ''}
            disabled={contexts.status !== 'loaded'}
            onChange={(event) => void selectContext(event.target.value)}
          >
            {contexts.status === 'loaded'
              ? contexts.value.contexts.map((context) => (
                  <option key={context.name} value={context.name}>
                    {context.name}
                  </option>
                ))
              : null}
          </select>
        </div>
        <div className="field">
          <label htmlFor={namespaceId}>Namespace</label>
          <select
            id={namespaceId}
            value={selection.namespace ?? ''}
            disabled={namespaces.status !== 'loaded'}
            onChange={(event) => void selectNamespace(event.target.value)}
          >
            {namespaces.status === 'loaded'
              ? namespaces.value.namespaces.map((namespace) => (
                  <option key={namespace} value={namespace}>
                    {namespace}
                  </option>
                ))
              : null}
          </select>
        </div>
        <button
          type="button"
          onClick={() => void (selection.namespace ? selectNamespace(selection.namespace) : loadContexts())}
        >
          Refresh
        </button>
      </div>
      {contexts.status === 'error' ? <ErrorBanner error={contexts.error} /> : null}
      {namespaces.status === 'error' ? <ErrorBanner error={namespaces.error} /> : null}
      {services.status === 'error' ? <ErrorBanner error={services.error} /> : null}
      {cluster.forwardError ? <ErrorBanner error={cluster.forwardError} onDismiss={dismissForwardError} /> : null}
      {contexts.status === 'loading' || services.status === 'loading' ? <p className="muted">Loading…</p> : null}

      <ForwardList />

      {services.status === 'loaded' ? (
        <>
          <section aria-label="Services" className="cluster__section">
            <h3>Services</h3>
            {services.value.services.length === 0 ? (
              <p className="muted">No Services in namespace {services.value.namespace}.</p>
            ) : (
              <ul className="cluster__services">
                {services.value.services.map((service) => (
                  <ServiceRow key={service.name} service={service} />
                ))}
              </ul>
            )}
          </section>
          <section aria-label="Pods" className="cluster__section">
            <h3>Pods</h3>
            <PodTable pods={services.value.pods} />
          </section>
        </>
      ) : null}
    </div>
  );
}

function ServiceRow({ service }: { service: KubeServiceSummary }) {
  const startForward = useWorkbench((state) => state.startForward);
  const k8sTargetFor = useWorkbench((state) => state.k8sTargetFor);
  const setTarget = useWorkbench((state) => state.setTarget);
  const checkK8sTarget = useWorkbench((state) => state.checkK8sTarget);
  const selection = useWorkbench((state) => state.cluster.selection);
  const checkKey = k8sTargetFor(service.name, service.ports[0]?.name ?? service.ports[0]?.port ?? 0);
  const check = useWorkbench((state) => state.cluster.checks[checkKey]);
  const ready = service.pods.filter((pod) => pod.ready).length;
  const forward = (port: string | number, mode: ForwardMode) => void startForward(service.name, port, mode);
  const runCheck = () => {
    const first = service.ports[0];
    if (first === undefined) return;
    void checkK8sTarget({
      ...(selection.context === undefined ? {} : { context: selection.context }),
      namespace: selection.namespace ?? 'default',
      service: service.name,
      port: first.name ?? first.port,
    });
  };
  return (
    <li className="cluster-service" aria-label={`Service ${service.name}`}>
      <div className="cluster-service__head">
        <strong>{service.name}</strong>
        <span className="badge badge-muted">
          {service.headless ? 'headless' : `ClusterIP ${service.clusterIP ?? ''}`}
        </span>
        <span className={ready > 0 ? 'muted' : 'cluster__warn'}>
          {ready}/{service.pods.length} pods ready
        </span>
        <button type="button" className="cluster__small" onClick={runCheck} disabled={service.ports.length === 0}>
          Check Service
        </button>
      </div>
      <ul className="cluster-service__ports">
        {service.ports.map((port) => {
          const remote = port.name ?? port.port;
          const label = port.name ? `${port.name} (${port.port})` : String(port.port);
          return (
            <li key={`${port.name ?? ''}-${port.port}`} className="cluster-port">
              <span>
                port <code>{label}</code>
                {port.appProtocol ? <span className="muted"> {port.appProtocol}</span> : null}
              </span>
              <span className="cluster-port__actions">
                <button
                  type="button"
                  onClick={() => forward(remote, 'single')}
                  aria-label={`Forward ${service.name} ${label}`}
                >
                  Forward
                </button>
                <button
                  type="button"
                  onClick={() => forward(remote, 'per-pod')}
                  aria-label={`Forward ${service.name} ${label} per pod`}
                >
                  Forward per pod
                </button>
                <button
                  type="button"
                  onClick={() => setTarget(k8sTargetFor(service.name, remote))}
                  aria-label={`Use ${service.name} ${label} as target`}
                  title={k8sTargetFor(service.name, remote)}
                >
                  Use as target
                </button>
              </span>
            </li>
          );
        })}
      </ul>
      {check !== undefined ? <ServiceCheckFindings check={check} label={`Service check of ${service.name}`} /> : null}
    </li>
  );
}

function PodTable({ pods }: { pods: readonly PodSummary[] }) {
  if (pods.length === 0) return <p className="muted">No pods.</p>;
  const now = Date.now();
  return (
    <div className="cluster__table-scroll">
      <table className="cluster-pods">
        <ColumnHeads columns={['Pod', 'Ready', 'Node', 'Restarts', 'Age']} />
        <tbody>
          {pods.map((pod) => (
            <tr key={pod.name}>
              <td>
                <code>{pod.name}</code>
              </td>
              <td className={pod.ready ? 'cluster__ok' : 'cluster__warn'}>{pod.ready ? 'Ready' : 'Not ready'}</td>
              <td>{pod.node ?? '–'}</td>
              <td>{pod.restarts}</td>
              <td>{pod.startedAt ? formatAge(pod.startedAt, now) : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
