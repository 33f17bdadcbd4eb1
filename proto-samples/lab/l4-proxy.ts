import * as net from 'node:net';
import { formatAddress, parseAddress } from './address';

/**
 * A TCP proxy that balances connections, not requests — what kube-proxy does for a ClusterIP
 * Service. Each accepted connection is handed to the next upstream in round-robin order and stays
 * there, so every request multiplexed over one HTTP/2 connection lands on the same backend.
 */

export interface L4ProxyOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Upstream `host:port` addresses. */
  upstreams: readonly string[];
}

export interface L4Proxy {
  /** `host:port` clients connect to — the "ClusterIP". */
  readonly address: string;
  readonly upstreams: readonly string[];
  /** Connections accepted so far. */
  readonly connectionCount: number;
  /** Connections handed to each upstream so far; every current upstream is listed, zeros included. */
  readonly connectionsPerUpstream: Record<string, number>;
  /** Connections open right now. */
  readonly openConnections: number;
  /** Replaces the upstream list; only connections accepted from now on use it (as with new Endpoints). */
  setUpstreams(upstreams: readonly string[]): void;
  /** Stops listening and drops every open connection. */
  close(): Promise<void>;
}

export async function startL4Proxy(options: L4ProxyOptions): Promise<L4Proxy> {
  const { host = '127.0.0.1', port = 0 } = options;
  let upstreams = [...options.upstreams];
  let cursor = 0;
  let connectionCount = 0;
  const handedOut = new Map<string, number>();
  /** Open client connections and, once chosen, their upstream sockets. */
  const open = new Map<net.Socket, net.Socket | null>();

  const server = net.createServer({ noDelay: true }, (client) => {
    connectionCount++;
    open.set(client, null);
    client.once('close', () => open.delete(client));
    const upstream = upstreams[cursor % upstreams.length];
    cursor++;
    if (upstream === undefined) {
      client.destroy(); // no endpoints: the connection is refused, as with an empty Service
      return;
    }
    handedOut.set(upstream, (handedOut.get(upstream) ?? 0) + 1);
    const remote = net.connect({ ...parseAddress(upstream), noDelay: true });
    open.set(client, remote);
    // Either side failing or closing tears down both, like a dropped conntrack entry.
    const teardown = () => {
      client.destroy();
      remote.destroy();
    };
    for (const socket of [client, remote]) {
      socket.once('error', teardown);
      socket.once('close', teardown);
    }
    client.pipe(remote);
    remote.pipe(client);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(new Error(`L4 proxy cannot listen on ${formatAddress(host, port)}: ${error.message}`)),
    );
    server.listen({ host, port }, resolve);
  });
  const bound = server.address() as net.AddressInfo;

  return {
    address: formatAddress(host, bound.port),
    get upstreams() {
      return upstreams;
    },
    get connectionCount() {
      return connectionCount;
    },
    get connectionsPerUpstream() {
      const counts: Record<string, number> = Object.fromEntries(upstreams.map((upstream) => [upstream, 0]));
      for (const [upstream, count] of handedOut) counts[upstream] = count;
      return counts;
    },
    get openConnections() {
      return open.size;
    },
    setUpstreams(next) {
      upstreams = [...next];
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        for (const [client, remote] of open) {
          client.destroy();
          remote?.destroy();
        }
        open.clear();
      });
    },
  };
}
