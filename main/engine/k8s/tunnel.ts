import { clientNode, type KubeConfig, type PortForward } from './client-node';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { PassThrough, Writable } from 'node:stream';
import { WorkbenchError } from '../../../shared/api/errors';

/**
 * A local listener on 127.0.0.1 whose every connection is tunnelled to one pod port through the
 * API server (client-node's WebSocket PortForward, one WebSocket per connection, as kubectl opens
 * one stream per connection). The pod can change: new connections go to the new one and the old
 * pod's connections are closed, so clients reconnect to it.
 *
 * client-node's PortForward writes into the streams it is given and sends on its WebSocket with no
 * guard for a side that already closed; a dropped socket there would be an uncaught error. So it
 * gets streams of ours that swallow late writes, and every socket and WebSocket has an error
 * listener: nothing a peer does can throw out of here.
 */

export interface TunnelTarget {
  namespace: string;
  pod: string;
  port: number;
}

export interface TunnelEvents {
  /** A connection could not be tunnelled or broke with an error from the API server or the pod. */
  onTunnelError(target: TunnelTarget, error: unknown): void;
}

/** How long a connection that arrives while no pod is chosen waits for one. */
const WAIT_FOR_POD_MS = 5_000;

interface Tunnelled {
  socket: Socket;
  target: TunnelTarget;
}

export class LocalTunnel {
  private server: Server | undefined;
  private target: TunnelTarget | undefined;
  private readonly connections = new Set<Tunnelled>();
  private readonly waiting = new Set<() => void>();
  private readonly forwarder: PortForward;

  constructor(
    config: KubeConfig,
    private readonly events: TunnelEvents,
  ) {
    this.forwarder = new (clientNode().PortForward)(config, true);
  }

  /** Listens on 127.0.0.1:port (0 = a free port); returns the port. */
  async listen(port: number): Promise<number> {
    const server = createServer((socket) => this.accept(socket));
    server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => reject(error);
      server.once('error', onError);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', onError);
        resolve();
      });
    }).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE') throw error;
      const free = await freePort();
      throw new WorkbenchError('bad_input', `local port ${port} on 127.0.0.1 is in use`, {
        hint: `Pick another local port, e.g. ${free} (or 0 for any free port).`,
        subject: `127.0.0.1:${port}`,
        setting: 'localPort',
        cause: error,
      });
    });
    this.server = server;
    return (server.address() as { port: number }).port;
  }

  get port(): number | undefined {
    const address = this.server?.address();
    return typeof address === 'object' && address ? address.port : undefined;
  }

  get activeConnections(): number {
    return this.connections.size;
  }

  /** Sends new connections to `target` (none: they wait); closes the connections of a previous pod. */
  setTarget(target: TunnelTarget | undefined): void {
    const previous = this.target;
    this.target = target;
    if (previous && (!target || target.pod !== previous.pod || target.port !== previous.port))
      for (const connection of this.connections) if (connection.target === previous) connection.socket.destroy();
    if (target) for (const wake of [...this.waiting]) wake();
  }

  async close(): Promise<void> {
    this.target = undefined;
    for (const wake of [...this.waiting]) wake();
    for (const connection of this.connections) connection.socket.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    socket.on('error', () => socket.destroy());
    if (this.target) return this.tunnel(socket, this.target);
    socket.pause();
    const timer = setTimeout(() => wake(), WAIT_FOR_POD_MS);
    const wake = () => {
      clearTimeout(timer);
      this.waiting.delete(wake);
      if (this.target && !socket.destroyed) this.tunnel(socket, this.target);
      else socket.destroy();
    };
    this.waiting.add(wake);
    socket.once('close', () => {
      clearTimeout(timer);
      this.waiting.delete(wake);
    });
  }

  private tunnel(socket: Socket, target: TunnelTarget): void {
    const connection: Tunnelled = { socket, target };
    this.connections.add(connection);
    const input = new PassThrough();
    const output = guardedWritable((chunk) => socket.write(chunk));
    const errors: Buffer[] = [];
    const errorOutput = guardedWritable((chunk) => void errors.push(chunk));
    let ended = false;
    const end = (error?: unknown) => {
      if (ended) return;
      ended = true;
      this.connections.delete(connection);
      input.end();
      socket.destroy();
      if (error !== undefined) this.events.onTunnelError(target, error);
    };
    socket.on('data', (chunk: Buffer) => input.write(chunk));
    socket.on('close', () => end());
    socket.pause();

    this.forwarder
      .portForward(target.namespace, target.pod, [target.port], output, errorOutput, input)
      .then((opened) => {
        const ws = opened as unknown as {
          on(event: string, listener: (...args: unknown[]) => void): void;
          close(): void;
          readyState: number;
        };
        ws.on('error', () => undefined);
        ws.on('close', () => end(errors.length > 0 ? new Error(Buffer.concat(errors).toString('utf8')) : undefined));
        socket.once('close', () => {
          if (ws.readyState <= 1) ws.close();
        });
        if (ended) ws.close();
        else socket.resume();
      })
      .catch((error: unknown) => end(error));
  }
}

/** A Writable that hands chunks on and drops (never throws on) writes after the far side is gone. */
function guardedWritable(write: (chunk: Buffer) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      try {
        write(chunk);
      } catch {
        // The local socket already closed: the chunk has nowhere to go.
      }
      callback();
    },
  });
}

/** A port free on 127.0.0.1 right now, to suggest when the asked-for one is taken. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
