import { createServer } from 'node:net';

/**
 * A loopback port nothing listens on: bound and released a moment ago. Tests use it for a refused
 * connection, or as the base of a few ports to bind themselves.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
