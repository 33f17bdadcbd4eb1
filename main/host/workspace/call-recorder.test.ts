import { describe, expect, it } from 'vitest';
import type { CallEvent, InvokeRequestParsed, ReceivedMessage } from '../../../shared/api';
import { HISTORY_MESSAGE_BYTES, invokeRequestSchema, WorkbenchError } from '../../../shared/api';
import { boundedEntry, CallRecording, cutAtBytes, deadlineText, MAX_HISTORY_ENTRY_BYTES } from './call-recorder';

const params = (overrides: Partial<InvokeRequestParsed> = {}): InvokeRequestParsed =>
  invokeRequestSchema.parse({
    callId: 'c1',
    schemaId: 's1',
    method: 'user.v1.UserService.GetUser',
    connection: { target: '127.0.0.1:50051', tls: { mode: 'plaintext' }, authority: 'users.local' },
    metadata: [
      { key: 'x-trace', value: '1' },
      { key: 'x-trace', value: '2' },
    ],
    deadlineMs: 1500,
    messages: ['{"id":"u1"}'],
    ...overrides,
  });

const message = (index: number, json: unknown): ReceivedMessage => ({ index, json, sizeBytes: 10, receivedMs: index });

const end = (overrides: Partial<Extract<CallEvent, { type: 'call-end' }>> = {}): CallEvent => ({
  type: 'call-end',
  callId: 'c1',
  status: { code: 0, name: 'OK', message: '', details: [] },
  headers: {},
  trailers: {},
  peer: '127.0.0.1:50051',
  timings: { totalMs: 12.4 },
  received: 3,
  sent: 1,
  ...overrides,
});

describe('CallRecording', () => {
  it('builds the entry from the InvokeRequest and the events when no draft came with it', () => {
    const recording = new CallRecording(params(), Date.parse('2026-12-01T12:00:00.000Z'));
    recording.observe({
      type: 'call-started',
      callId: 'c1',
      method: 'user.v1.UserService/GetUser',
      kind: 'server_streaming',
      startedAt: 0,
    });
    recording.observe({ type: 'call-messages', callId: 'c1', messages: [message(0, { n: 0 }), message(1, { n: 1 })] });
    recording.observe({ type: 'call-messages', callId: 'c1', messages: [message(2, { n: 2 })] });
    const entry = recording.observe(end());
    expect(entry).toEqual({
      id: expect.stringMatching(/^[0-9a-z]+-[0-9a-f]{10}$/),
      startedAt: '2026-12-01T12:00:00.000Z',
      request: {
        kind: 'grpc-request',
        name: '',
        method: 'user.v1.UserService/GetUser',
        target: '127.0.0.1:50051',
        tls: { mode: 'plaintext' },
        authority: 'users.local',
        deadline: '1500ms',
        metadata: { 'x-trace': '1, 2' },
        message: '{"id":"u1"}',
      },
      kind: 'server_streaming',
      status: { code: 0, name: 'OK', message: '' },
      durationMs: 12,
      messagesSent: 1,
      messagesReceived: 3,
      firstMessage: '{"n":0}',
      lastMessage: '{"n":2}',
      peer: '127.0.0.1:50051',
    });
  });

  it('keeps the draft as written, the origin, a stream as steps, undecodable messages as bytes', () => {
    const draft = {
      kind: 'grpc-request' as const,
      name: 'Get',
      method: 'x.S/M',
      target: '{{host}}',
      message: '{"id":"{{id}}"}',
    };
    const withDraft = new CallRecording(params({ draft, collection: { root: '/c', path: 'users/get.grpc.yaml' } }));
    withDraft.observe({
      type: 'call-messages',
      callId: 'c1',
      messages: [{ index: 0, bytesBase64: 'AAE=', decodeError: 'bad', sizeBytes: 2, receivedMs: 1 }],
    });
    const entry = withDraft.observe(
      end({
        status: {
          code: 14,
          name: 'UNAVAILABLE',
          message: '',
          details: [],
          error: { kind: 'refused', message: 'nothing listens on 127.0.0.1:1' },
        },
      }),
    );
    expect(entry?.request).toEqual(draft);
    expect(entry?.origin).toEqual({ root: '/c', path: 'users/get.grpc.yaml' });
    expect(entry?.status).toEqual({ code: 14, name: 'UNAVAILABLE', message: 'nothing listens on 127.0.0.1:1' });
    expect(entry?.firstMessage).toBe('{"index":0,"bytesBase64":"AAE=","decodeError":"bad"}');

    const stream = new CallRecording(params({ messages: ['{"a":1}', '{"a":2}'], collection: { root: '/c' } }));
    stream.observe({ type: 'call-started', callId: 'c1', method: 'x.S/M', kind: 'bidi_streaming', startedAt: 0 });
    const streamed = stream.observe(end());
    expect(streamed?.request.messages).toEqual([{ json: '{"a":1}' }, { json: '{"a":2}' }]);
    expect(streamed?.origin).toBeUndefined();
  });

  it('cuts the first and last messages at HISTORY_MESSAGE_BYTES', () => {
    const recording = new CallRecording(params());
    const long = 'é'.repeat(HISTORY_MESSAGE_BYTES);
    recording.observe({ type: 'call-messages', callId: 'c1', messages: [message(0, { text: long })] });
    const entry = recording.observe(end())!;
    expect(Buffer.byteLength(entry.firstMessage!)).toBeLessThanOrEqual(HISTORY_MESSAGE_BYTES);
    expect(Buffer.byteLength(entry.firstMessage!)).toBeGreaterThan(HISTORY_MESSAGE_BYTES - 8);
    expect(entry.firstMessage).toMatch(/^\{"text":"éé+…$/);
    expect(entry.lastMessage).toBe(entry.firstMessage);
  });

  it('files a refusal with its error as the status', () => {
    const recording = new CallRecording(params(), 1000);
    const entry = recording.refused(
      new WorkbenchError('bad_request_json', 'id: expected a string', { hint: 'Fix the JSON.' }),
      'unary',
      1007,
    );
    expect(entry.status).toEqual({
      code: 3,
      name: 'INVALID_ARGUMENT',
      message: 'Not sent: id: expected a string — Fix the JSON.',
    });
    expect(entry).toMatchObject({ kind: 'unary', durationMs: 7, messagesSent: 0, messagesReceived: 0 });
    expect(recording.refused(new WorkbenchError('unknown_method', 'no such method'), undefined).status.name).toBe(
      'UNIMPLEMENTED',
    );
  });
});

describe('bounds', () => {
  it('cuts text at a byte bound without splitting a character', () => {
    expect(cutAtBytes('short', 10)).toBe('short');
    expect(cutAtBytes('aaaaaaaaaaaa', 10)).toBe('aaaaaaa…');
    expect(cutAtBytes('€€€€€€', 10)).toBe('€€…');
  });

  it('keeps only the start of request bodies of an entry over the entry bound', () => {
    const recording = new CallRecording(params({ messages: ['x'.repeat(MAX_HISTORY_ENTRY_BYTES)] }));
    const entry = boundedEntry(recording.observe(end())!);
    expect(Buffer.byteLength(JSON.stringify(entry))).toBeLessThan(2 * HISTORY_MESSAGE_BYTES);
    expect(entry.request.message?.endsWith('…')).toBe(true);
  });

  it('writes a deadline exactly', () => {
    expect(deadlineText(5000)).toBe('5s');
    expect(deadlineText(61_234)).toBe('61234ms');
  });
});
