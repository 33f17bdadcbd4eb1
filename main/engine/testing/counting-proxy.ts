import { connect, createServer, type Socket } from 'node:net';

export interface CountingProxy {
  target: string;
  /** Bytes the client sent through the proxy so far. */
  bytesToServer(): number;
  close(): Promise<void>;
}

/** A TCP proxy on loopback that counts what the client sends: proof of what went over the wire. */
export async function startCountingProxy(upstreamPort: number): Promise<CountingProxy> {
  let bytesToServer = 0;
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    const upstream = connect(upstreamPort, '127.0.0.1');
    track(client);
    track(upstream);
    client.on('data', (chunk: Buffer) => (bytesToServer += chunk.length));
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    target: `127.0.0.1:${port}`,
    bytesToServer: () => bytesToServer,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
