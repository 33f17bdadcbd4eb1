import type { ReactNode } from 'react';
import type { ChannelSnapshot, ConnectivityStateName } from '../../../shared/api';
import { ColumnHeads } from '../ui/ColumnHeads';

const TIMELINE_SHOWN = 12;

function clock(at: number): string {
  const date = new Date(at);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

function StateBadge({ state }: { state: ConnectivityStateName }) {
  return <span className={`lens-state lens-state--${state.toLowerCase()}`}>{state}</span>;
}

/**
 * Connectivity timeline and subchannels (address, state, counters) of the channel a shared burst
 * uses; `children` (the server's own view of it) go below. The counters are channelz's, so they
 * include the server channelz queries' own calls (`queryCalls`), which the panel tells apart.
 */
export function ChannelPanel({
  snapshot,
  error,
  queryCalls = 0,
  burstConnections,
  children,
}: {
  snapshot?: ChannelSnapshot;
  error?: string;
  queryCalls?: number;
  /** How the last burst connected: other than shared, it never used this channel. */
  burstConnections?: 'shared' | 'per-call' | number;
  children?: ReactNode;
}) {
  return (
    <section className="lens-channel" aria-label="Channel">
      <header className="lens-channel__header">
        <h3>Channel</h3>
        {snapshot ? (
          <>
            <code className="lens-channel__target">{snapshot.target}</code> <StateBadge state={snapshot.state} />
            <span className="lens-channel__counters">
              {snapshot.callsStarted} started · {snapshot.callsSucceeded} succeeded · {snapshot.callsFailed} failed
              {queryCalls > 0 ? ` (${queryCalls} of them the server channelz queries’ own)` : ''}
            </span>
          </>
        ) : null}
      </header>
      {burstConnections !== undefined && burstConnections !== 'shared' ? (
        <p className="lens-note">
          The burst opened its own channels (
          {burstConnections === 'per-call' ? 'a new one per call' : `${burstConnections} channels`}), so this channel —
          the editor’s — carried none of its calls: the hit map and its connection count are the burst’s view.
        </p>
      ) : null}
      {error !== undefined ? <p role="alert">Cannot watch the channel: {error}</p> : null}
      {snapshot === undefined && error === undefined ? (
        <p className="lens-empty">Connecting to the channel view…</p>
      ) : null}
      {snapshot ? (
        <>
          <ol className="lens-timeline" aria-label="Connectivity timeline">
            {snapshot.timeline.slice(-TIMELINE_SHOWN).map((entry, index) => (
              <li key={`${entry.at}-${index}`}>
                <StateBadge state={entry.state} />{' '}
                <time dateTime={new Date(entry.at).toISOString()}>{clock(entry.at)}</time>
              </li>
            ))}
          </ol>
          {snapshot.subchannels.length === 0 ? (
            <p className="lens-empty">No subchannels yet: the channel connects on its first call.</p>
          ) : (
            <table className="lens-subchannels" aria-label="Subchannels">
              <ColumnHeads columns={['Address', 'State', 'Started', 'Succeeded', 'Failed', 'Last change']} />
              <tbody>
                {snapshot.subchannels.map((sub) => (
                  <tr key={sub.id}>
                    <td>
                      <code>{sub.address}</code>
                    </td>
                    <td>
                      <StateBadge state={sub.state} />
                    </td>
                    <td>{sub.callsStarted}</td>
                    <td>{sub.callsSucceeded}</td>
                    <td>{sub.callsFailed}</td>
                    <td>{sub.lastChangeAt === undefined ? '–' : clock(sub.lastChangeAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : null}
      {children}
    </section>
  );
}
