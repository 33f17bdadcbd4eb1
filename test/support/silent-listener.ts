import { createServer, type Socket } from 'node:net';

export interface SilentListener {
  target: string;
  port: number;
  /** Connections accepted and still open: what a client left behind. */
  openConnections(): number;
  close(): Promise<void>;
}

/** A TCP listener that accepts connections and never says a word (no HTTP/2, no TLS handshake). */
export async function startSilentListener(): Promise<SilentListener> {
  const connections = new Set<Socket>();
  const server = createServer((socket) => {
    connections.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => connections.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    target: `127.0.0.1:${port}`,
    port,
    openConnections: () => connections.size,
    close: () =>
      new Promise((resolve) => {
        for (const socket of connections) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
