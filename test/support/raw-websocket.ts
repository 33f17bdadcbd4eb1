import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';

/** A WebSocket client below the `ws` library: it upgrades, then writes whatever frame bytes a test gives. */
export interface RawWebSocket {
  /** Writes bytes as they are (a broken frame, a lying length). */
  write(bytes: Buffer): void;
  /** The close code the server sends, or undefined when it drops the connection without one. */
  closeCode(): Promise<number | undefined>;
  destroy(): void;
}

/** A masked client frame (RFC 6455 §5.2) with the given first byte (FIN, RSV bits, opcode). */
export function maskedFrame(firstByte: number, payload: Buffer): Buffer {
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, index) => byte ^ mask[index % 4]!));
  if (payload.length >= 126) throw new Error('maskedFrame writes short frames only');
  return Buffer.concat([Buffer.from([firstByte, 0x80 | payload.length]), mask, masked]);
}

export async function openRawWebSocket(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<RawWebSocket> {
  const socket: Socket = connect(port, '127.0.0.1');
  let received = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
  socket.on('error', () => undefined);
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n${extra.join('')}\r\n`,
  );
  const headerEnd = await new Promise<number>((resolve, reject) => {
    const check = (): void => {
      const at = received.indexOf('\r\n\r\n');
      if (at < 0) return;
      socket.off('data', check);
      if (!received.subarray(0, at).toString().startsWith('HTTP/1.1 101')) reject(new Error('upgrade refused'));
      else resolve(at + 4);
    };
    socket.on('data', check);
    check();
  });
  return {
    write: (bytes) => socket.write(bytes),
    closeCode: () =>
      new Promise((resolve) => {
        // An unmasked server close frame: 0x88, length, then the 2-byte code. The server then
        // waits for our close frame, which this client never sends: the frame is the answer.
        const check = (): void => {
          const frame = received.subarray(headerEnd);
          if (frame[0] === 0x88 && frame.length >= 4) resolve(frame.readUInt16BE(2));
        };
        socket.on('data', check);
        check();
        void ended.then(() => resolve(undefined));
      }),
    destroy: () => socket.destroy(),
  };
}
