import type { ChannelzServerInfo, ConnectionOptions } from '../../../shared/api';
import { useWorkbench } from '../app/WorkbenchContext';
import { ErrorBanner } from '../ui/ErrorBanner';
import { selectServerChannelz } from './lens-slice';
import { ColumnHeads } from '../ui/ColumnHeads';

/**
 * The server's side of the channel: what its own grpc.channelz.v1 service says about its open
 * connections. One row carrying every stream is one HTTP/2 connection carrying every call. The
 * query travels on the watched channel, so through an L4 proxy it reaches the backend that
 * channel is pinned to.
 */
export function ServerChannelzSection({ connection }: { connection: ConnectionOptions }) {
  const view = useWorkbench(selectServerChannelz(connection));
  const query = useWorkbench((state) => state.queryServerChannelz);
  const loading = view?.loading ?? false;
  return (
    <section className="lens-server" aria-label="Server view (channelz)">
      <header className="lens-channel__header">
        <h4>Server view (channelz)</h4>
        <button
          type="button"
          aria-label="Query server channelz"
          onClick={() => void query(connection)}
          disabled={loading}
        >
          Query server
        </button>
        {loading ? <span className="lens-empty">Asking the server…</span> : null}
      </header>
      {view?.error ? <ErrorBanner error={view.error} /> : null}
      {view?.report === undefined && view?.error === undefined && !loading ? (
        <p className="lens-empty">
          Ask the server which client connections it has open and how many calls each carried (needs grpc.channelz.v1 on
          the server).
        </p>
      ) : null}
      {view?.report?.servers.length === 0 ? <p className="lens-empty">The server reports no gRPC servers.</p> : null}
      {view?.report?.servers.map((server) => (
        <ServerConnections key={server.id} server={server} />
      ))}
    </section>
  );
}

function ServerConnections({ server }: { server: ChannelzServerInfo }) {
  const label = `Server ${server.id}${server.listenSockets.length ? ` on ${server.listenSockets.join(', ')}` : ''}`;
  return (
    <div className="lens-server__entry">
      <p>
        <strong>{label}</strong>{' '}
        <span className="lens-channel__counters">
          {server.callsStarted} started · {server.callsSucceeded} succeeded · {server.callsFailed} failed
        </span>
      </p>
      {server.sockets.length === 0 ? (
        <p className="lens-empty">No open connections.</p>
      ) : (
        <table className="lens-subchannels" aria-label={`Connections of ${label}`}>
          <ColumnHeads
            columns={[
              'Client (remote address)',
              'Streams',
              'Succeeded',
              'Failed',
              'Messages sent',
              'Messages received',
            ]}
          />
          <tbody>
            {server.sockets.map((socket) => (
              <tr key={socket.id}>
                <td>
                  <code>{socket.remoteAddress}</code>
                </td>
                <td>{socket.streamsStarted}</td>
                <td>{socket.streamsSucceeded}</td>
                <td>{socket.streamsFailed}</td>
                <td>{socket.messagesSent}</td>
                <td>{socket.messagesReceived}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {server.socketsTruncated ? (
        <p className="lens-empty">Only the first {server.sockets.length} connections are listed.</p>
      ) : null}
    </div>
  );
}
