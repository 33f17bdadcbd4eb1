import { formatMs } from '../format';
import type { CallView } from '../state/callState';

/** Headers / first message / total, from call-end, or live from the events while it runs. */
export function Timings({ call }: { call: CallView }) {
  const timings = call.timings;
  const items: [string, number | undefined][] = [
    ['Connected', timings?.readyMs],
    ['Headers', timings?.headersMs ?? call.headersMs],
    ['First message', timings?.firstMessageMs ?? call.firstMessageMs],
    ['Total', timings?.totalMs],
  ];
  return (
    <dl className="timings">
      {items
        .filter(([label, value]) => value !== undefined || label === 'Total')
        .map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{label === 'Total' && value === undefined ? 'running…' : formatMs(value)}</dd>
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
