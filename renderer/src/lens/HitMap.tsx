import type { BackendStats, BurstReport } from '../../../shared/api';
import { formatChannelUsage, percent } from '../../../shared/lens';

/** How a backend's share compares with an even split — the tile's colour. */
export type Load = 'zero' | 'cold' | 'even' | 'hot' | 'all';

/** Within ±20 % of an even split counts as even, the same tolerance the verdict uses. */
export function loadOf(backend: BackendStats, report: BurstReport): Load {
  if (backend.calls === 0) return 'zero';
  if (backend.calls === report.calls && report.backends.length > 1) return 'all';
  const even = 1 / report.backends.length;
  if (backend.share > even * 1.2) return 'hot';
  if (backend.share < even * 0.8) return 'cold';
  return 'even';
}

function formatMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

function BackendTile({ backend, report }: { backend: BackendStats; report: BurstReport }) {
  const load = loadOf(backend, report);
  const errorCodes = Object.entries(backend.errorsByCode);
  return (
    <li
      className={`lens-tile lens-tile--${load}`}
      aria-label={`${backend.id}: ${backend.calls} calls`}
      data-load={load}
    >
      <div className="lens-tile__id" title={backend.id}>
        {backend.id}
        {backend.known ? null : <span className="lens-tile__tag">unlisted</span>}
      </div>
      <div className="lens-tile__hits">
        <strong>{backend.calls}</strong> {backend.calls === 1 ? 'call' : 'calls'}
      </div>
      <div className="lens-tile__bar" aria-hidden="true">
        <div className="lens-tile__fill" style={{ width: `${Math.round(backend.share * 100)}%` }} />
      </div>
      <div className="lens-tile__share">{percent(backend.share)}</div>
      <div className="lens-tile__latency">
        {backend.hits > 0 ? `p50 ${formatMs(backend.p50Ms)} ms · p99 ${formatMs(backend.p99Ms)} ms` : 'no latency'}
      </div>
      {errorCodes.length > 0 ? (
        <div className="lens-tile__errors">
          {backend.errors} failed: {errorCodes.map(([code, n]) => `${code} ${n}`).join(', ')}
        </div>
      ) : null}
    </li>
  );
}

/** Backends as tiles coloured by share; known backends that got nothing stay visibly empty. */
export function HitMap({ report, running }: { report: BurstReport | undefined; running: boolean }) {
  const unattributed = report ? report.calls - report.ok - report.backends.reduce((sum, b) => sum + b.errors, 0) : 0;
  return (
    <section className="lens-hitmap" aria-label="Hit map" aria-busy={running}>
      <header className="lens-hitmap__header">
        <h3>Hit map</h3>
        {report ? (
          <span className="lens-hitmap__summary">
            {report.calls} calls · {report.ok} ok · {report.calls - report.ok} failed · {report.qps.toFixed(0)} calls/s
            · {formatChannelUsage(report)}
            {report.cancelled ? ' · cancelled' : ''}
          </span>
        ) : null}
      </header>
      {report === undefined ? (
        <p className="lens-empty">Run a burst to see which backends answer.</p>
      ) : (
        <>
          <ul className="lens-tiles" aria-label="Backends">
            {report.backends.map((backend) => (
              <BackendTile key={backend.id} backend={backend} report={report} />
            ))}
          </ul>
          {unattributed > 0 ? (
            <p className="lens-hitmap__unattributed">
              {unattributed} failed {unattributed === 1 ? 'call' : 'calls'} reached no backend (
              {Object.entries(report.errors)
                .map(([code, n]) => `${code} ${n}`)
                .join(', ')}
              ).
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
