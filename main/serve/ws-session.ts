/**
 * One browser tab's session: its own service instance (so closing the tab cancels its calls and
 * frees its channels), requests dispatched through the shared boundary, events pushed in batches
 * paced by the socket.
 */
import type { RawData, WebSocket } from 'ws';
import type { HostInfo, WorkbenchEvent } from '../../shared/api/contract';
import type { WireEventPush, WireResponse } from '../../shared/api/wire';
import { wireRequestSchema } from '../../shared/api/wire';
import { dispatchOperation } from './dispatch';
import { createEventBatcher } from './event-batcher';
import type { ServiceFactory } from './host-service';

/** Closes with 1007 (invalid payload data): only a broken client sends a non-request frame. */
const invalidFrameCode = 1007;

export function attachSession(socket: WebSocket, createService: ServiceFactory, hostInfo: HostInfo): void {
  const batcher = createEventBatcher<WorkbenchEvent>(
    (events) =>
      new Promise<void>((resolve) => {
        if (socket.readyState !== socket.OPEN) return resolve();
        const push: WireEventPush = { events };
        // The callback fires once the frame reached the kernel: a slow reader slows the next batch.
        socket.send(JSON.stringify(push), () => resolve());
      }),
  );
  const service = createService({ emit: (event) => batcher.push(event), hostInfo });

  socket.on('message', (data: RawData, isBinary: boolean) => {
    const request = isBinary ? undefined : parseRequest(data);
    if (!request) {
      socket.close(invalidFrameCode, 'expected a JSON request {id, op, params}');
      return;
    }
    void dispatchOperation(service, request.op, request.params).then((outcome) => {
      if (socket.readyState !== socket.OPEN) return;
      const response: WireResponse = { id: request.id, ...outcome };
      socket.send(JSON.stringify(response));
    });
  });

  socket.once('close', () => {
    batcher.dispose();
    void Promise.resolve()
      .then(() => service.dispose())
      .catch(() => undefined);
  });
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
