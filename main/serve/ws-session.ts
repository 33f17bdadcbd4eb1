/**
 * One browser tab's session: the host kernel's session (main/host/session.ts) over a WebSocket,
 * requests as `{id, op, params}` frames, events pushed in batches paced by the socket.
 */
import type { RawData, WebSocket } from 'ws';
import type { HostInfo, WireEventPush, WireResponse } from '../../shared/api';
import { wireRequestSchema } from '../../shared/api';
import type { ServiceFactory } from '../host/service-factory';
import { openHostSession } from '../host/session';

/** Closes with 1007 (invalid payload data): only a broken client sends a non-request frame. */
const invalidFrameCode = 1007;

export function attachSession(socket: WebSocket, createService: ServiceFactory, hostInfo: HostInfo): void {
  const session = openHostSession({
    createService,
    hostInfo,
    deliver: (events) =>
      new Promise<void>((resolve) => {
        if (socket.readyState !== socket.OPEN) return resolve();
        const push: WireEventPush = { events };
        // The callback fires once the frame reached the kernel: a slow reader slows the next batch.
        socket.send(JSON.stringify(push), () => resolve());
      }),
  });

  socket.on('message', (data: RawData, isBinary: boolean) => {
    const request = isBinary ? undefined : parseRequest(data);
    if (!request) {
      socket.close(invalidFrameCode, 'expected a JSON request {id, op, params}');
      return;
    }
    void session.dispatch(request.op, request.params).then((outcome) => {
      if (socket.readyState !== socket.OPEN) return;
      const response: WireResponse = { id: request.id, ...outcome };
      socket.send(JSON.stringify(response));
    });
  });

  // A broken frame (too big, not UTF-8, bad opcode or RSV bits, unmasked): `ws` has already closed
  // the socket with the matching code (1009, 1007, 1002) and then emits the error. Without this
  // listener that error would end the whole process, taking every other tab with it.
  socket.on('error', () => undefined);
  socket.once('close', () => void session.dispose().catch(() => undefined));
}

function parseRequest(data: RawData) {
  try {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    const text = bytes.toString('utf8');
    const parsed = wireRequestSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
