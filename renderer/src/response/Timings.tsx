import { formatMs } from '../ui/format';
import type { CallView } from './call-state';

/**
 * Connected / headers / first message / total, from call-end, or live from the events while it
 * runs. A call on a channel that was already READY has readyMs 0: "0µs to connect" would read as a
 * measurement, so it says the connection was reused.
 */
export function Timings({ call }: { call: CallView }) {
  const timings = call.timings;
  const readyMs = timings?.readyMs;
  const items: [string, string][] = [];
  if (readyMs !== undefined) items.push(['Connected', readyMs === 0 ? 'reused connection' : formatMs(readyMs)]);
  const headersMs = timings?.headersMs ?? call.headersMs;
  if (headersMs !== undefined) items.push(['Headers', formatMs(headersMs)]);
  const firstMessageMs = timings?.firstMessageMs ?? call.firstMessageMs;
  if (firstMessageMs !== undefined) items.push(['First message', formatMs(firstMessageMs)]);
  items.push(['Total', timings?.totalMs === undefined ? 'running…' : formatMs(timings.totalMs)]);
  return (
    <dl className="timings">
      {items.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
      {call.peer ? (
        <div>
          <dt>Peer</dt>
          <dd>
            <code>{call.peer}</code>
          </dd>
        </div>
      ) : null}
    </dl>
  );
}
