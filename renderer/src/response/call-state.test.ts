import { describe, expect, it } from 'vitest';
import type { CallEvent, ReceivedMessage } from '../../../shared/api';
import { appendToWindow, applyCallEvents, callTimeline, canSendMore, createCallView, withSent } from './call-state';

function messages(from: number, count: number): ReceivedMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    index: from + i,
    json: { id: `u${from + i}` },
    sizeBytes: 4,
    receivedMs: from + i,
  }));
}

const okStatus = { code: 0, name: 'OK', message: '', details: [] };

describe('appendToWindow', () => {
  it('keeps the newest items when the window overflows', () => {
    expect(appendToWindow([1, 2, 3], [4, 5], 4)).toEqual([2, 3, 4, 5]);
    expect(appendToWindow([1, 2], [3, 4, 5, 6, 7], 3)).toEqual([5, 6, 7]);
    expect(appendToWindow([1, 2], [3], 5)).toEqual([1, 2, 3]);
  });

  it('returns the same array when nothing was added', () => {
    const kept = [1, 2];
    expect(appendToWindow(kept, [], 5)).toBe(kept);
  });
});

describe('applyCallEvents', () => {
  const start = createCallView('c1', 'user.v1.UserService/ListUsers', 'server_streaming');

  it('folds headers, messages and the end of a call into the view', () => {
    const events: CallEvent[] = [
      { type: 'call-headers', callId: 'c1', headers: { 'x-backend': ['b1'] }, atMs: 3 },
      { type: 'call-messages', callId: 'c1', messages: messages(0, 2) },
      { type: 'call-messages', callId: 'c1', messages: messages(2, 1) },
      {
        type: 'call-end',
        callId: 'c1',
        status: okStatus,
        headers: { 'x-backend': ['b1'] },
        trailers: { 'x-served-ms': ['7'] },
        peer: '127.0.0.1:5000',
        timings: { headersMs: 3, firstMessageMs: 0, totalMs: 9 },
        received: 3,
        sent: 1,
      },
    ];
    const view = applyCallEvents(start, events);
    expect(view.phase).toBe('ended');
    expect(view.headersMs).toBe(3);
    expect(view.trailers).toEqual({ 'x-served-ms': ['7'] });
    expect(view.peer).toBe('127.0.0.1:5000');
    expect(view.messages.map((m) => m.index)).toEqual([0, 1, 2]);
    expect(view.receivedTotal).toBe(3);
    expect(view.sentTotal).toBe(1);
    expect(view.firstMessageMs).toBe(0);
  });

  it('keeps a bounded window but counts every message', () => {
    let view = start;
    for (let batch = 0; batch < 50; batch++) {
      view = applyCallEvents(
        view,
        [{ type: 'call-messages', callId: 'c1', messages: messages(batch * 1000, 1000) }],
        10_000,
      );
    }
    expect(view.receivedTotal).toBe(50_000);
    expect(view.messages).toHaveLength(10_000);
    expect(view.messages[0]?.index).toBe(40_000);
    expect(view.messages.at(-1)?.index).toBe(49_999);
  });

  it('ignores events of other calls', () => {
    const view = applyCallEvents(start, [{ type: 'call-messages', callId: 'other', messages: messages(0, 5) }]);
    expect(view).toBe(start);
  });

  it('takes the engine count at the end when it saw more than arrived as events', () => {
    const withSome = applyCallEvents(start, [{ type: 'call-messages', callId: 'c1', messages: messages(0, 2) }]);
    const ended = applyCallEvents(withSome, [
      {
        type: 'call-end',
        callId: 'c1',
        status: okStatus,
        headers: {},
        trailers: {},
        timings: { totalMs: 1 },
        received: 5,
        sent: 1,
      },
    ]);
    expect(ended.receivedTotal).toBe(5);
  });
});

describe('canSendMore', () => {
  it('is true only for open, not half-closed client and bidi streams', () => {
    expect(canSendMore(createCallView('a', 'm', 'bidi_streaming'))).toBe(true);
    expect(canSendMore(createCallView('a', 'm', 'client_streaming'))).toBe(true);
    expect(canSendMore(createCallView('a', 'm', 'unary'))).toBe(false);
    expect(canSendMore({ ...createCallView('a', 'm', 'bidi_streaming'), halfClosed: true })).toBe(false);
    expect(canSendMore({ ...createCallView('a', 'm', 'bidi_streaming'), phase: 'ended' })).toBe(false);
    expect(canSendMore(undefined)).toBe(false);
  });
});

describe('callTimeline', () => {
  it('interleaves sent and received messages by time, a sent one first on a tie', () => {
    let call = createCallView('c', 'user.v1.UserService/Chat', 'bidi_streaming');
    call = withSent(call, '{"text":"a"}', 0);
    call = applyCallEvents(call, [
      {
        type: 'call-messages',
        callId: 'c',
        messages: [{ index: 0, json: { text: 'a' }, sizeBytes: 3, receivedMs: 2 }],
      },
    ]);
    call = withSent(call, '{"text":"b"}', 5);
    call = applyCallEvents(call, [
      {
        type: 'call-messages',
        callId: 'c',
        messages: [{ index: 1, json: { text: 'b' }, sizeBytes: 3, receivedMs: 5 }],
      },
    ]);
    call = withSent(call, '{"text":"c"}', 9);
    expect(callTimeline(call).map((entry) => `${entry.direction} ${entry.message.index}`)).toEqual([
      'sent 0',
      'received 0',
      'sent 1',
      'received 1',
      'sent 2',
    ]);
  });
});
