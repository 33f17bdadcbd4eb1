import { createServer, constants, type Http2Session, type ServerHttp2Stream } from 'node:http2';

/** What a faulty gRPC server does with each stream it receives: anything node:http2 can. */
export type StreamFault = (stream: ServerHttp2Stream, session: Http2Session) => void;

export interface Http2FaultServer {
  target: string;
  close(): Promise<void>;
}

/** A gRPC length-prefixed message frame (uncompressed). */
export function grpcFrame(message: Buffer): Buffer {
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

/** The response headers every gRPC answer starts with. */
export function grpcHeaders(stream: ServerHttp2Stream): void {
  stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
}

/** A raw HTTP/2 server (no grpc-js) on loopback whose every stream gets `fault`. */
export async function startHttp2FaultServer(fault: StreamFault): Promise<Http2FaultServer> {
  const server = createServer();
  const sessions = new Set<Http2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('error', () => undefined);
    session.once('close', () => sessions.delete(session));
  });
  server.on('stream', (stream) => {
    stream.on('error', () => undefined);
    fault(stream, stream.session!);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    target: `127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
}

export const http2Codes = constants;
