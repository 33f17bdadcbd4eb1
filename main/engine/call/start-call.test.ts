import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  invokeRequestSchema,
  type CallEvent,
  type ConnectionOptions,
  type InvokeRequest,
  type ReceivedMessage,
} from '../../../shared/api';
import { ChannelPool } from '../channel/pool';
import { startCountingProxy } from '../testing/counting-proxy';
import { echoCallSchema } from '../testing/echo-descriptors';
import { startTestServer, type TestServer } from '../testing/test-server';
import { startCall, type CallEnd, type CallHandle } from './start-call';

const ECHO = 'workbench.testing.v1.EchoService';
const plaintext = (target: string): ConnectionOptions => ({ target, tls: { mode: 'plaintext' } });

interface RecordedCall {
  handle: CallHandle;
  events: CallEvent[];
  messages: () => ReceivedMessage[];
  end: Promise<CallEnd>;
}

describe('startCall', () => {
  const pool = new ChannelPool({ idleCloseMs: 10 });
  const schema = echoCallSchema();
  let server: TestServer;
  let callCount = 0;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    pool.closeAll();
    await server.close();
  });

  async function call(
    request: Partial<InvokeRequest> & { method: string },
    onEvent?: (event: CallEvent, handle: () => CallHandle) => void,
  ): Promise<RecordedCall> {
    const events: CallEvent[] = [];
    callCount += 1;
    const handle: CallHandle = await startCall({
      pool,
      schema,
      request: invokeRequestSchema.parse({
        callId: `call-${callCount}`,
        schemaId: 'echo',
        connection: plaintext(server.target),
        ...request,
      }),
      onEvent: (event) => {
        events.push(event);
        onEvent?.(event, () => handle);
      },
    });
    return {
      handle,
      events,
      messages: () => events.flatMap((event) => (event.type === 'call-messages' ? event.messages : [])),
      end: handle.done,
    };
  }

  it('makes a unary call and reports headers, message, trailers, status, peer and timings', async () => {
    const recorded = await call({
      method: `${ECHO}/Echo`,
      messages: [JSON.stringify({ text: 'hello', bigNumber: '9007199254740993' })],
      metadata: [
        { key: 'x-token', value: 'abc' },
        { key: 'x-blob-bin', value: Buffer.from([0, 1, 254, 255]).toString('base64') },
      ],
    });
    const end = await recorded.end;
    expect(end.status).toEqual({ code: 0, name: 'OK', message: 'OK', details: [] });
    expect(end.headers).toMatchObject({ 'x-served-by': ['echo'], 'x-token': ['abc'], 'x-blob-bin': ['AAH+/w=='] });
    expect(end.trailers).toMatchObject({ 'echo-x-token': ['abc'], 'echo-x-blob-bin': ['AAH+/w=='] });
    expect(end.peer).toMatch(/127\.0\.0\.1/);
    expect(end).toMatchObject({ received: 1, sent: 1 });
    expect(end.timings.readyMs).toBeDefined();
    expect(end.timings.headersMs).toBeDefined();
    expect(end.timings.firstMessageMs).toBeDefined();
    const [message] = recorded.messages();
    expect(message).toMatchObject({ index: 0, json: { text: 'hello', bigNumber: '9007199254740993' } });
    expect(message!.sizeBytes).toBeGreaterThan(0);
    expect(recorded.events.map((event) => event.type)).toEqual([
      'call-started',
      'call-sent',
      'call-headers',
      'call-messages',
      'call-end',
    ]);
  });

  it('streams server messages in order, in batches', async () => {
    const recorded = await call({ method: `${ECHO}/Expand`, messages: ['{"text":"n","count":300}'] });
    const end = await recorded.end;
    expect(end.status.name).toBe('OK');
    expect(end.received).toBe(300);
    expect(recorded.messages().map((message) => message.index)).toEqual([...Array(300).keys()]);
    const batches = recorded.events.filter((event) => event.type === 'call-messages');
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.every((batch) => batch.messages.length <= 64)).toBe(true);
    expect(recorded.messages()[299]!.json).toMatchObject({ text: 'n#299', index: 299 });
  });

  it('sends a client stream: initial messages, more later, then half-close', async () => {
    const recorded = await call({ method: `${ECHO}/Collect`, messages: ['{"text":"a"}', '{"text":"b"}'] });
    recorded.handle.send('{"text":"c"}');
    recorded.handle.halfClose();
    const end = await recorded.end;
    expect(end).toMatchObject({ status: { name: 'OK' }, sent: 3, received: 1 });
    expect(recorded.messages()[0]!.json).toMatchObject({ text: 'a,b,c', index: 3 });
    expect(() => recorded.handle.send('{}')).toThrow(/already ended/);
  });

  it('talks both ways on a bidi stream', async () => {
    const recorded = await call({ method: `${ECHO}/Chat`, messages: ['{"text":"ping"}'] }, (event, handle) => {
      if (
        event.type === 'call-messages' &&
        event.messages.some((message) => (message.json as { text?: string }).text === 'ping')
      ) {
        handle().send('{"text":"pong"}');
        handle().halfClose();
      }
    });
    const end = await recorded.end;
    expect(end).toMatchObject({ status: { name: 'OK' }, sent: 2, received: 2 });
    expect(recorded.messages().map((message) => (message.json as { text: string }).text)).toEqual(['ping', 'pong']);
  });

  it('rejects a request that does not fit the input type without calling, naming the field', async () => {
    const events: CallEvent[] = [];
    const request = invokeRequestSchema.parse({
      callId: 'bad-json',
      schemaId: 'echo',
      connection: plaintext(server.target),
      method: `${ECHO}/Echo`,
      messages: ['{"count":"many"}'],
    });
    // Thrown before anything starts (no longer dressed as an INVALID_ARGUMENT call).
    await expect(startCall({ pool, schema, request, onEvent: (event) => events.push(event) })).rejects.toMatchObject({
      kind: 'bad_request_json',
      subject: 'count',
      message: expect.stringMatching(/count/),
    });
    expect(events).toEqual([]);
  });

  it('refuses a stream-send on a bad message but keeps the call going', async () => {
    const recorded = await call({ method: `${ECHO}/Collect`, messages: [] });
    expect(() => recorded.handle.send('{"nope":1}')).toThrow(expect.objectContaining({ kind: 'bad_request_json' }));
    recorded.handle.send('{"text":"ok"}');
    recorded.handle.halfClose();
    expect((await recorded.end).status.name).toBe('OK');
  });

  it('throws before calling for an unknown method, a wrong message count or bad metadata', async () => {
    await expect(call({ method: `${ECHO}/Nope`, messages: ['{}'] })).rejects.toMatchObject({ kind: 'unknown_method' });
    await expect(call({ method: `${ECHO}/Echo`, messages: ['{}', '{}'] })).rejects.toMatchObject({ kind: 'bad_input' });
    await expect(
      call({ method: `${ECHO}/Echo`, messages: ['{}'], metadata: [{ key: 'x-b-bin', value: 'not base64!' }] }),
    ).rejects.toMatchObject({ kind: 'bad_input', subject: 'x-b-bin' });
    await expect(
      call({ method: `${ECHO}/Echo`, messages: ['{}'], metadata: [{ key: 'bad key', value: 'v' }] }),
    ).rejects.toMatchObject({ kind: 'bad_input' });
  });

  it('ends with DEADLINE_EXCEEDED, explained as a timeout, when the deadline passes', async () => {
    const end = await (await call({ method: `${ECHO}/Echo`, messages: ['{"delayMs":5000}'], deadlineMs: 100 })).end;
    expect(end.status).toMatchObject({
      code: 4,
      name: 'DEADLINE_EXCEEDED',
      error: { kind: 'timeout', subject: server.target },
    });
  });

  it('cancels a running stream and releases its channel', async () => {
    const cancelPool = new ChannelPool({ idleCloseMs: 1 });
    const handle = await startCall({
      pool: cancelPool,
      schema,
      request: invokeRequestSchema.parse({
        callId: 'cancel-me',
        schemaId: 'echo',
        connection: plaintext(server.target),
        method: `${ECHO}/Expand`,
        messages: ['{"count":100,"delayMs":50}'],
      }),
      onEvent: (event) => {
        if (event.type === 'call-messages') handle.cancel();
      },
    });
    const end = await handle.done;
    expect(end.status).toMatchObject({ code: 1, name: 'CANCELLED' });
    expect(end.status.error).toBeUndefined();
    expect(end.received).toBeLessThan(100);
    handle.cancel(); // no-op once ended
    await waitFor(() => cancelPool.size === 0);
  });

  it('reports undecodable response bytes and still completes the call', async () => {
    const recorded = await call({ method: `${ECHO}/Echo`, messages: ['{"garbageResponse":true}'] });
    const end = await recorded.end;
    expect(end.status.name).toBe('OK');
    const [message] = recorded.messages();
    expect(message!.json).toBeUndefined();
    expect(message!.bytesBase64).toBe(Buffer.from([0x0a, 0x64, 0x01]).toString('base64'));
    expect(message!.decodeError).toMatch(/EchoResponse/);
    expect(message!.sizeBytes).toBe(3);
  });

  it('decodes google.rpc.Status details of an error and keeps them out of the trailers', async () => {
    const end = await (
      await call({ method: `${ECHO}/Echo`, messages: ['{"text":"be nice","failCode":3,"failWithDetails":true}'] })
    ).end;
    expect(end.status).toMatchObject({ code: 3, name: 'INVALID_ARGUMENT', message: 'be nice' });
    expect(end.status.error).toBeUndefined();
    expect(end.status.details).toEqual([
      {
        '@type': 'type.googleapis.com/google.rpc.BadRequest',
        fieldViolations: [{ field: 'text', description: 'must be polite' }],
      },
    ]);
    expect(end.trailers['grpc-status-details-bin']).toBeUndefined();
  });

  it('compresses requests with gzip when asked', async () => {
    const proxy = await startCountingProxy(server.port);
    try {
      const text = 'a'.repeat(200_000);
      const sentBytes = async (compression: 'identity' | 'gzip'): Promise<number> => {
        const before = proxy.bytesToServer();
        const recorded = await call({
          method: `${ECHO}/Echo`,
          messages: [JSON.stringify({ text })],
          compression,
          connection: plaintext(proxy.target),
        });
        const end = await recorded.end;
        expect(end.status.name).toBe('OK');
        expect((recorded.messages()[0]!.json as { text: string }).text).toHaveLength(200_000);
        return proxy.bytesToServer() - before;
      };
      expect(await sentBytes('identity')).toBeGreaterThan(200_000);
      expect(await sentBytes('gzip')).toBeLessThan(20_000);
    } finally {
      await proxy.close();
    }
  });

  it('receives a 10 MB response under the default limit, and names the limit when it is lower', async () => {
    const big = await call({ method: `${ECHO}/Echo`, messages: ['{"paddingBytes":10485760}'] });
    const end = await big.end;
    expect(end.status.name).toBe('OK');
    expect(big.messages()[0]!.sizeBytes).toBeGreaterThan(10_485_760);
    const limited = await (
      await call({
        method: `${ECHO}/Echo`,
        messages: ['{"paddingBytes":2000000}'],
        connection: { ...plaintext(server.target), maxReceiveMessageBytes: 1_000_000 },
      })
    ).end;
    expect(limited.status).toMatchObject({ code: 8, name: 'RESOURCE_EXHAUSTED', error: { kind: 'bad_input' } });
    expect(limited.status.error!.message).toMatch(/1000000/);
  });

  describe('transport failures', () => {
    it('refused', async () => {
      const gone = await startTestServer();
      await gone.close();
      const byName = `localhost:${gone.port}`;
      const end = await (await call({ method: `${ECHO}/Echo`, messages: ['{}'], connection: plaintext(byName) })).end;
      expect(end.status).toMatchObject({ code: 14, name: 'UNAVAILABLE', error: { kind: 'refused', subject: byName } });
      // Names the target and the address it resolved to.
      expect(end.status.error!.message).toContain(`Connection refused by ${byName} (`);
      expect(end.status.error!.message).toMatch(new RegExp(`\\((127\\.0\\.0\\.1|::1):${gone.port}\\)`));
    });

    it('DNS failure', async () => {
      const end = await (
        await call({ method: `${ECHO}/Echo`, messages: ['{}'], connection: plaintext('no-such-host.invalid:443') })
      ).end;
      expect(end.status).toMatchObject({ code: 14, error: { kind: 'dns', subject: 'no-such-host.invalid:443' } });
    });

    it('connect timeout while the server never answers the handshake', async () => {
      const silent = await startSilentServer();
      try {
        const end = await (
          await call({
            method: `${ECHO}/Echo`,
            messages: ['{}'],
            connection: { ...plaintext(silent.target), connectTimeoutMs: 200 },
          })
        ).end;
        expect(end.status).toMatchObject({ code: 14, error: { kind: 'timeout', subject: silent.target } });
      } finally {
        await silent.close();
      }
    });

    it('wait-for-ready waits out a refused connection until the deadline', async () => {
      const gone = await startTestServer();
      await gone.close();
      const end = await (
        await call({
          method: `${ECHO}/Echo`,
          messages: ['{}'],
          connection: plaintext(gone.target),
          waitForReady: true,
          deadlineMs: 300,
        })
      ).end;
      expect(end.status).toMatchObject({ code: 4, error: { kind: 'timeout' } });
      expect(end.status.error!.message).toMatch(/Could not connect/);
    });
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met within 5 s');
}

/** Accepts TCP connections and never says a word: a handshake that never completes. */
async function startSilentServer(): Promise<{ target: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: NetServer = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    target: `127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
