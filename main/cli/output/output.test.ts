import { describe, expect, it } from 'vitest';
import type { CallEvent, CallStatus } from '../../../shared/api';
import { createGrpcurlPrinter, createJsonPrinter, type CallEndEvent, type CallPrinter } from './call-printers';
import { goCodeName } from './go-code-names';
import { formatCallSummary, formatMetadata, formatStatusAsJson, formatStatusError } from './grpcurl';

const ok: CallStatus = { code: 0, name: 'OK', message: '', details: [] };

function end(overrides: Partial<CallEndEvent> = {}): CallEndEvent {
  return {
    type: 'call-end',
    callId: 'c1',
    status: ok,
    headers: { 'x-backend': ['b1'] },
    trailers: {},
    peer: '127.0.0.1:5000',
    timings: { headersMs: 1.5, firstMessageMs: 2, totalMs: 3 },
    received: 1,
    sent: 1,
    ...overrides,
  };
}

function run(printer: CallPrinter, events: CallEvent[]): void {
  printer.begin({
    methodPath: 'user.v1.UserService/GetUser',
    methodText: 'rpc GetUser ( .user.v1.GetUserRequest ) returns ( .user.v1.User );',
    requestMetadata: { authorization: ['Bearer t'] },
  });
  for (const event of events) printer.onEvent(event);
}

function collect(): { out: string[]; err: string[]; sinks: { out: (t: string) => void; err: (t: string) => void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, sinks: { out: (t) => out.push(t), err: (t) => err.push(t) } };
}

const message = { index: 0, json: { id: '1', tags: [] }, sizeBytes: 7, receivedMs: 2 };

describe('grpcurl formatting', () => {
  it('uses grpc-go code names', () => {
    expect([0, 1, 4, 5, 14, 16].map(goCodeName)).toEqual([
      'OK',
      'Canceled',
      'DeadlineExceeded',
      'NotFound',
      'Unavailable',
      'Unauthenticated',
    ]);
    expect(goCodeName(17)).toBe('Code(17)');
  });

  it('prints metadata sorted, one line per value, (empty) when none', () => {
    expect(formatMetadata({ b: ['2', '3'], a: ['1'], 'k-bin': ['AAE='] })).toBe('a: 1\nb: 2\nb: 3\nk-bin: AAE=');
    expect(formatMetadata({})).toBe('(empty)');
  });

  it('pluralizes the summary like grpcurl', () => {
    expect(formatCallSummary(1, 1)).toBe('Sent 1 request and received 1 response\n');
    expect(formatCallSummary(0, 3)).toBe('Sent 0 requests and received 3 responses\n');
  });

  it('prints the ERROR block with indented details', () => {
    const text = formatStatusError({
      code: 3,
      message: 'bad id',
      details: [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field: 'id' }] }],
    });
    expect(text).toBe(
      [
        'ERROR:',
        '  Code: InvalidArgument',
        '  Message: bad id',
        '  Details:',
        '  1)\t{',
        '    \t  "@type": "type.googleapis.com/google.rpc.BadRequest",',
        '    \t  "fieldViolations": [',
        '    \t    {',
        '    \t      "field": "id"',
        '    \t    }',
        '    \t  ]',
        '    \t}',
        '',
      ].join('\n'),
    );
    expect(formatStatusError({ code: 5, message: 'no user 7', details: [] })).toBe(
      'ERROR:\n  Code: NotFound\n  Message: no user 7\n',
    );
  });

  it('prints -format-error as google.rpc.Status JSON, leaving out empty fields', () => {
    expect(formatStatusAsJson({ code: 5, message: '', details: [] })).toBe('{\n  "code": 5\n}\n');
  });
});

describe('call printers', () => {
  it('default: only the messages, 2-space JSON each followed by a newline', () => {
    const { out, err, sinks } = collect();
    const second = { ...message, index: 1, json: {} };
    run(createGrpcurlPrinter(sinks, { verbosity: 0, formatError: false, isTransportFailure: () => false }), [
      { type: 'call-headers', callId: 'c1', headers: { a: ['1'] }, atMs: 1 },
      { type: 'call-messages', callId: 'c1', messages: [message, second] },
      end({ received: 2 }),
    ]);
    expect(out.join('')).toBe('{\n  "id": "1",\n  "tags": []\n}\n{}\n');
    expect(err).toEqual([]);
  });

  it('-v: grpcurl sections in grpcurl order; headers from the end event for trailers-only responses', () => {
    const { out, err, sinks } = collect();
    const failed: CallStatus = { code: 5, name: 'NOT_FOUND', message: 'no user 7', details: [] };
    run(createGrpcurlPrinter(sinks, { verbosity: 1, formatError: false, isTransportFailure: () => false }), [
      end({ status: failed, headers: {}, trailers: { 'x-backend': ['b1'] }, received: 0 }),
    ]);
    expect(out.join('')).toBe(
      [
        '',
        'Resolved method descriptor:',
        'rpc GetUser ( .user.v1.GetUserRequest ) returns ( .user.v1.User );',
        '',
        'Request metadata to send:',
        'authorization: Bearer t',
        '',
        'Response headers received:',
        '(empty)',
        '',
        'Response trailers received:',
        'x-backend: b1',
        'Sent 1 request and received 0 responses',
        '',
      ].join('\n'),
    );
    expect(err.join('')).toBe('ERROR:\n  Code: NotFound\n  Message: no user 7\n');
  });

  it('-vv adds the size of each message; an undecodable message is shown as bytes with the error', () => {
    const { out, sinks } = collect();
    run(createGrpcurlPrinter(sinks, { verbosity: 2, formatError: false, isTransportFailure: () => false }), [
      { type: 'call-headers', callId: 'c1', headers: {}, atMs: 1 },
      {
        type: 'call-messages',
        callId: 'c1',
        messages: [{ index: 0, bytesBase64: '/w==', decodeError: 'premature EOF', sizeBytes: 1, receivedMs: 2 }],
      },
    ]);
    expect(out.slice(3).join('')).toBe(
      '\nEstimated response size: 1 bytes\n\nResponse contents:\nFailed to decode response message 1: premature EOF\n  bytes (base64): /w==\n',
    );
  });

  it('prints nothing after a transport failure: the caller reports the error', () => {
    const { out, err, sinks } = collect();
    const refused: CallStatus = {
      code: 14,
      name: 'UNAVAILABLE',
      message: 'connect ECONNREFUSED',
      details: [],
      error: { kind: 'refused', message: 'x' },
    };
    run(
      createGrpcurlPrinter(sinks, {
        verbosity: 0,
        formatError: false,
        isTransportFailure: (e) => e.status.error !== undefined,
      }),
      [end({ status: refused, received: 0 })],
    );
    expect(out).toEqual([]);
    expect(err).toEqual([]);
  });

  it('--output json: exactly the documented keys', () => {
    const { out, sinks } = collect();
    run(createJsonPrinter(sinks), [
      { type: 'call-headers', callId: 'c1', headers: { 'x-backend': ['b1'] }, atMs: 1.5 },
      { type: 'call-messages', callId: 'c1', messages: [message] },
      end({ trailers: { 't-bin': ['AAE='] } }),
    ]);
    // One document, ended by a newline (written in pieces: the pieces are stdout's text in order).
    const text = out.join('');
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toStrictEqual({
      method: 'user.v1.UserService/GetUser',
      peer: '127.0.0.1:5000',
      headers: { 'x-backend': ['b1'] },
      messages: [{ message: { id: '1', tags: [] }, sizeBytes: 7, receivedMs: 2 }],
      trailers: { 't-bin': ['AAE='] },
      status: { code: 0, name: 'OK', message: '', details: [] },
      timings: { headersMs: 1.5, firstMessageMs: 2, totalMs: 3 },
    });
  });
});
