import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../../shared/api';
import { evaluateExpectations } from '../../../shared/collections/expectations';
import { applyCallEvents, createCallView } from '../response/call-state';
import { outcomeOfCall } from './call-outcome';

const callId = 'call-1';
const events = (status: {
  code: number;
  name: string;
  message?: string;
  error?: { kind: 'timeout'; message: string };
}): CallEvent[] => [
  { type: 'call-headers', callId, headers: { 'x-backend': ['b2'] }, atMs: 3 },
  {
    type: 'call-messages',
    callId,
    messages: [
      { index: 0, json: { id: 'u1', name: 'Ada' }, sizeBytes: 9, receivedMs: 4 },
      { index: 1, json: { id: 'u2', name: 'Grace' }, sizeBytes: 11, receivedMs: 5 },
    ],
  },
  {
    type: 'call-end',
    callId,
    status: { message: '', details: [], ...status },
    headers: { 'x-backend': ['b2'] },
    trailers: { 'x-echo': ['1'] },
    peer: '127.0.0.1:50062',
    timings: { totalMs: 12, headersMs: 3 },
    received: 2,
    sent: 1,
  },
];

describe('outcomeOfCall', () => {
  it('is undefined until the call ended', () => {
    const open = applyCallEvents(
      createCallView(callId, 'm', 'server_streaming'),
      events({ code: 0, name: 'OK' }).slice(0, 2),
    );
    expect(outcomeOfCall(open)).toBeUndefined();
    expect(outcomeOfCall(undefined)).toBeUndefined();
  });

  it('maps the ended view to the outcome a run would judge', () => {
    const ended = applyCallEvents(createCallView(callId, 'm', 'server_streaming'), events({ code: 0, name: 'OK' }));
    const viewed = outcomeOfCall(ended)!;
    expect(viewed).toEqual({
      truncated: false,
      outcome: {
        status: { code: 0, name: 'OK', message: '', details: [] },
        headers: { 'x-backend': ['b2'] },
        trailers: { 'x-echo': ['1'] },
        messages: [
          { id: 'u1', name: 'Ada' },
          { id: 'u2', name: 'Grace' },
        ],
        peer: '127.0.0.1:50062',
        timings: { totalMs: 12, headersMs: 3 },
        sent: 1,
      },
    });
    const { results } = evaluateExpectations(
      { messages: { count: 2 }, headers: { 'x-backend': 'b2' }, message: { partial: '{"name":"Grace"}' } },
      viewed.outcome,
    );
    expect(results.map((result) => [result.check, result.passed])).toEqual([
      ['status', true],
      ['message.partial', false],
      ['messages.count', true],
      ['headers.x-backend', true],
    ]);
  });

  it('keeps a connect timeout as a transport failure and says when messages fell out of the window', () => {
    const failed = applyCallEvents(
      createCallView(callId, 'm', 'unary'),
      events({ code: 14, name: 'UNAVAILABLE', error: { kind: 'timeout', message: 'no connection in 5s' } }),
      1,
    );
    const viewed = outcomeOfCall(failed)!;
    expect(viewed.truncated).toBe(true);
    expect(viewed.outcome.failure).toEqual({ category: 'transport', kind: 'timeout', message: 'no connection in 5s' });
  });
});
