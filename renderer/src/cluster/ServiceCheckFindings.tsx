import type { ServiceCheckResult } from '../../../shared/api';
import { ErrorBanner } from '../ui/ErrorBanner';
import type { Loadable } from '../store/slice';
import './cluster.css';

const severityLabel = { error: 'Problem', warning: 'Warning', info: 'Note' } as const;

/** The Service check's verdicts: what will happen to gRPC traffic through the Service, why, and the fix. */
export function ServiceCheckFindings({ check, label }: { check: Loadable<ServiceCheckResult>; label: string }) {
  if (check.status === 'idle') return null;
  return (
    <section className="service-check" aria-label={label} aria-live="polite">
      {check.status === 'loading' ? <p className="muted">Checking the Service…</p> : null}
      {check.status === 'error' ? <ErrorBanner error={check.error} /> : null}
      {check.status === 'loaded' ? (
        <>
          <p className={`service-check__summary service-check__summary--${check.value.ok ? 'ok' : 'problem'}`}>
            Service <code>{check.value.service}</code> ({check.value.namespace}):{' '}
            {check.value.ok ? 'nothing wrong for gRPC traffic' : 'this will affect gRPC traffic'}
          </p>
          <ul className="service-check__findings">
            {check.value.findings.map((finding) => (
              <li
                key={`${finding.id}-${finding.port ?? ''}`}
                className={`service-finding service-finding--${finding.severity}`}
              >
                <span className="service-finding__severity">{severityLabel[finding.severity]}</span>
                {finding.port !== undefined ? <span className="muted"> port {finding.port}: </span> : ' '}
                <span>{finding.text}</span>
                {finding.fix !== undefined ? <div className="service-finding__fix">Fix: {finding.fix}</div> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
