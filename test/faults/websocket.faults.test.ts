import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeHandle } from '../../main/serve/server';
import { createFakeHostServiceFactory } from '../../main/host/testing/fake-service';
import { openTestSocket } from '../../main/serve/testing/ws-client';
import { maskedFrame, openRawWebSocket } from '../support/raw-websocket';

/**
 * An abusive client of browser mode: each broken frame closes ITS socket with the RFC 6455 code
 * (1009 too big, 1007 not UTF-8, 1002 protocol error) and `serve` carries on serving other tabs.
 */
const lengthOver64MiB = (): Buffer => {
  // A text frame announcing 64 MiB + 1 bytes (64-bit length), masked; the payload never follows.
  const header = Buffer.alloc(14);
  header[0] = 0x81;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(64 * 1024 * 1024 + 1), 2);
  return header;
};

const rows: { fault: string; frame: () => Buffer; closeCode: number }[] = [
  { fault: 'a frame over the payload limit', frame: lengthOver64MiB, closeCode: 1009 },
  {
    fault: 'a text frame that is not UTF-8',
    frame: () => maskedFrame(0x81, Buffer.from([0xc3, 0x28])),
    closeCode: 1007,
  },
  { fault: 'a reserved opcode', frame: () => maskedFrame(0x83, Buffer.alloc(0)), closeCode: 1002 },
  { fault: 'RSV1 without an extension', frame: () => maskedFrame(0xc1, Buffer.from('{}')), closeCode: 1002 },
  { fault: 'an unmasked client frame', frame: () => Buffer.from([0x81, 0x02, 0x7b, 0x7d]), closeCode: 1002 },
  { fault: 'a frame that is not a request', frame: () => maskedFrame(0x81, Buffer.from('[1,2]')), closeCode: 1007 },
];

describe('WebSocket faults (serve)', () => {
  let server: ServeHandle;
  beforeAll(async () => {
    server = await startServe({ service: createFakeHostServiceFactory().factory, staticDir: import.meta.dirname });
  });
  afterAll(() => server.close());

  it.each(rows)('$fault → close $closeCode, and serve goes on', async ({ frame, closeCode }) => {
    const bystander = await openTestSocket(`ws://127.0.0.1:${server.port}/ws`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    const abuser = await openRawWebSocket(server.port, '/ws', { authorization: `Bearer ${server.token}` });
    try {
      abuser.write(frame());
      expect(await abuser.closeCode()).toBe(closeCode);
      expect(await bystander.call('hostInfo')).toMatchObject({ result: { host: 'browser' } });
    } finally {
      abuser.destroy();
      bystander.socket.close();
    }
  });
});
