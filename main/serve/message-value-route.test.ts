import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallEvent, ReceivedMessage } from '../../shared/api';
import { messageValueUrlPath } from '../../shared/api';
import type { TestServer } from '../engine/testing/test-server';
import { startTestServer } from '../engine/testing/test-server';
import type { ServeHandle } from './server';
import { startServe } from './server';
import { rawGet } from './testing/http-client';
import type { TestSocket } from './testing/ws-client';
import { openTestSocket } from './testing/ws-client';

// The real browser-mode server over the real engine, a real gRPC server answering the call.
let root: string;
let grpcServer: TestServer;
let server: ServeHandle;
let client: TestSocket;
let cookie: string;
/** The one response as the page received it: its long strings cut to their head and listed in `elided`. */
let received: ReceivedMessage;

const callId = 'call-1';
// Longer than the 64 Ki characters a string may be before the host keeps it back; every character
// JSON escapes, and some that UTF-8 writes in two or three bytes.
const text = `say "hi"\\\n\t— é ✓ ${'x'.repeat(70_000)}`;
const paddingBytes = 100_000;
const padding = Buffer.alloc(paddingBytes).toString('base64');

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'message-value-route-'));
  mkdirSync(join(root, 'renderer'));
  writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html>');
  grpcServer = await startTestServer();
  server = await startServe({ staticDir: join(root, 'renderer'), dataDir: join(root, 'data') });
  const set = (await rawGet(server.port, `/?token=${server.token}`)).headers['set-cookie']?.[0] ?? '';
  cookie = set.split(';')[0] ?? '';
  client = await openTestSocket(`ws://127.0.0.1:${server.port}/ws`, { headers: { cookie } });
  const connection = { target: grpcServer.target, tls: { mode: 'plaintext' } };
  const loaded = await client.call('loadSchema', { sources: [{ kind: 'reflection', connection }] });
  const { schemaId } = (loaded as { result: { schemaId: string } }).result;
  await client.call('startCall', {
    callId,
    schemaId,
    method: 'workbench.testing.v1.EchoService/Echo',
    connection,
    messages: [JSON.stringify({ text, paddingBytes })],
  });
  await vi.waitFor(
    () => {
      if (!client.events.some((event) => event.type === 'call-end')) throw new Error('the call has not ended yet');
    },
    { timeout: 10_000 },
  );
  const messages = client.events.filter(
    (event): event is Extract<CallEvent, { type: 'call-messages' }> => event.type === 'call-messages',
  );
  received = messages[0]!.messages[0]!;
});

afterAll(async () => {
  client.socket.close();
  await server.close();
  await grpcServer.close();
  rmSync(root, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = { cookie }) => rawGet(server.port, path, headers);

describe('GET /message-value (browser mode)', () => {
  it('gives the whole message as the page copies it: its proto3 JSON, 2-space indented, every value whole', async () => {
    expect(received.elided?.map((value) => value.path)).toEqual([['text'], ['padding']]);
    const whole = structuredClone(received.json) as Record<string, unknown>;
    whole.text = text;
    whole.padding = padding;
    const expected = JSON.stringify(whole, null, 2);

    const response = await get(messageValueUrlPath({ callId, index: 0, path: [] }));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="message-0.json"');
    expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(expected));
    expect(response.body).toBe(expected);
  });

  it('gives one value whole, as it is', async () => {
    const value = await get(messageValueUrlPath({ callId, index: 0, path: ['text'] }));
    expect(value.status).toBe(200);
    expect(value.headers['content-disposition']).toBe('attachment; filename="value.txt"');
    expect(Number(value.headers['content-length'])).toBe(Buffer.byteLength(text));
    expect(value.body).toBe(text);
    expect((await get(messageValueUrlPath({ callId, index: 0, path: ['padding'] }))).body).toBe(padding);
  });

  it('answers only its own page: no token, another origin or another Host get nothing', async () => {
    const path = messageValueUrlPath({ callId, index: 0, path: ['text'] });
    const anonymous = await get(path, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).not.toContain('xxx');
    expect((await get(path, { cookie: 'grpc-workbench-token-1=nope' })).status).toBe(401);
    const foreign = await get(path, { cookie, origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body).not.toContain('xxx');
    expect((await get(path, { cookie, host: 'evil.example' })).status).toBe(403);
    expect((await get(path, { authorization: `Bearer ${server.token}` })).status).toBe(200);
  });

  it('says clearly what it does not have', async () => {
    const unknownCall = await get(messageValueUrlPath({ callId: 'call-9', index: 0, path: [] }));
    expect(unknownCall.status).toBe(404);
    expect(unknownCall.body).toBe(
      'No recorded messages of call call-9: only recent calls of an open workbench tab keep theirs.\n',
    );
    const unknownMessage = await get(messageValueUrlPath({ callId, index: 3, path: [] }));
    expect(unknownMessage.status).toBe(404);
    expect(unknownMessage.body).toBe('The call has no message 3; it received 1.\n');
    const unknownPath = await get(messageValueUrlPath({ callId, index: 0, path: ['nothing', 0] }));
    expect(unknownPath.status).toBe(404);
    expect(unknownPath.body).toBe('Message 0 of the call has no value at nothing.0.\n');
    const badPath = await get(`/message-value/${callId}/0?path=avatar`);
    expect(badPath.status).toBe(400);
    expect(badPath.body).toMatch(/^Invalid parameters for fetchMessageValue: path: .*\n/);
    expect((await get(`/message-value/${callId}/x`)).status).toBe(404);
  });
});
