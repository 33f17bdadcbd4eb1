import { useMemo } from 'react';
import type { ForwardSnapshot, ForwardStateName, SavedForward } from '../../../shared/api';
import { useWorkbench } from '../app/WorkbenchContext';
import { forwardTargetLabel, k8sTargetOfForward, selectClosedSavedForwards } from './cluster-slice';
import './cluster.css';

const stateTone: Record<ForwardStateName, string> = {
  connecting: 'channel-connecting',
  ready: 'channel-ready',
  reconnecting: 'channel-connecting',
  failed: 'channel-transient_failure',
  stopped: 'badge-muted',
};

/** The forwards this window opened, live from their forward-state events, and the saved ones to reopen. */
export function ForwardList() {
  const forwards = useWorkbench((state) => state.cluster.forwards);
  const saved = useWorkbench((state) => state.cluster.saved);
  const forwardSpecs = useWorkbench((state) => state.cluster.forwardSpecs);
  const closed = useMemo(
    () => selectClosedSavedForwards({ cluster: { saved, forwardSpecs, forwards } }),
    [saved, forwardSpecs, forwards],
  );
  const open = Object.values(forwards);
  return (
    <>
      {open.length > 0 ? (
        <section aria-label="Forwards" className="cluster__section">
          <h3>Forwards</h3>
          <ul className="cluster-forwards">
            {open.map((forward) => (
              <ForwardCard key={forward.id} forward={forward} />
            ))}
          </ul>
        </section>
      ) : null}
      {closed.length > 0 ? (
        <section aria-label="Saved forwards" className="cluster__section">
          <h3>Saved forwards</h3>
          <ul className="cluster-forwards">
            {closed.map((entry) => (
              <SavedForwardRow key={entry.savedId} saved={entry} />
            ))}
          </ul>
        </section>
      ) : null}
      {saved.status === 'error' ? (
        <p className="cluster__warn">Saved forwards could not be read: {saved.error.message}</p>
      ) : null}
    </>
  );
}

function ForwardCard({ forward }: { forward: ForwardSnapshot }) {
  const stopForward = useWorkbench((state) => state.stopForward);
  const setTarget = useWorkbench((state) => state.setTarget);
  const spec = useWorkbench((state) => state.cluster.forwardSpecs[forward.id]);
  const k8sTarget = k8sTargetOfForward(forward, spec);
  // A single forward is one local address; a per-pod one is the fan-out its k8s:// target bursts.
  const target = forward.mode === 'single' ? forward.ports[0]?.localAddress : k8sTarget;
  // The snapshot describes the port in words (`grpc (50051) → targetPort grpc`); the label names it as asked.
  const name = `${forward.target}:${spec?.remotePort ?? forward.remotePort}`;
  return (
    <li className="cluster-forward" aria-label={`Forward ${name} ${forward.mode}`}>
      <div className="cluster-forward__head">
        <strong>
          {forward.target} <span className="muted">{forward.remotePort}</span>
        </strong>
        <span className="muted">{forward.mode === 'single' ? 'single' : 'per pod'}</span>
        <span className={`badge ${stateTone[forward.state]}`} role="status">
          {forward.state}
        </span>
        <span className="spacer" />
        <button
          type="button"
          disabled={target === undefined}
          onClick={() => target && setTarget(target)}
          title={target}
        >
          Use as target
        </button>
        <button type="button" onClick={() => void stopForward(forward.id)}>
          Stop
        </button>
      </div>
      {forward.reason ? <p className="cluster-forward__reason">{forward.reason}</p> : null}
      {forward.ports.length > 0 ? (
        <ul className="cluster-forward__ports" aria-label="Local addresses">
          {forward.ports.map((port) => (
            <li key={port.localAddress}>
              <code>{port.localAddress}</code>
              <span aria-hidden="true"> → </span>
              {port.pod ? <code>{port.pod.name}</code> : <span className="muted">no pod</span>}
              {port.pod?.node ? <span className="muted"> on {port.pod.node}</span> : null}
              {port.pod && port.pod.restarts > 0 ? (
                <span className="muted">, {port.pod.restarts} restarts</span>
              ) : null}{' '}
              <span className={`badge ${stateTone[port.state]}`}>{port.state}</span>
              {port.reason ? <span className="muted"> {port.reason}</span> : null}
              {forward.mode === 'per-pod' ? (
                <button
                  type="button"
                  className="cluster__small"
                  onClick={() => setTarget(port.localAddress)}
                  aria-label={`Use ${port.localAddress} as target`}
                >
                  Use
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {forward.log.length > 0 ? (
        <details className="cluster-forward__log">
          <summary>State log ({forward.log.length})</summary>
          <ol>
            {forward.log.map((change, index) => (
              <li key={index}>
                <time dateTime={change.at}>{new Date(change.at).toLocaleTimeString()}</time>{' '}
                <strong>{change.state}</strong>
                {change.pod ? <> · {change.pod}</> : null}
                {change.localAddress ? <> · {change.localAddress}</> : null}
                {change.reason ? <> — {change.reason}</> : null}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </li>
  );
}

function SavedForwardRow({ saved }: { saved: SavedForward }) {
  const reopenForward = useWorkbench((state) => state.reopenForward);
  const forgetSavedForward = useWorkbench((state) => state.forgetSavedForward);
  const title = `${forwardTargetLabel(saved.target)}:${saved.remotePort}`;
  return (
    <li className="cluster-forward cluster-forward--saved" aria-label={`Saved forward ${title} ${saved.mode}`}>
      <div className="cluster-forward__head">
        <strong>{title}</strong>
        <span className="muted">
          {saved.mode === 'single' ? 'single' : 'per pod'} · {saved.namespace}
          {saved.localPort ? ` · local port ${saved.localPort}` : ''}
        </span>
        <span className="spacer" />
        <button type="button" onClick={() => void reopenForward(saved)}>
          Reopen
        </button>
        <button type="button" onClick={() => void forgetSavedForward(saved.savedId)}>
          Forget
        </button>
      </div>
    </li>
  );
}
