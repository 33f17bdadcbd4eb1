import { describe, expect, it } from 'vitest';
import { CallBatchReader, CallBatchWriter } from './call-batch';

type Call = [backend: string | undefined, failure: string | undefined, latencyMs: number];

describe('CallBatchWriter / CallBatchReader', () => {
  it('hands over every call in order, names sent once, renamed once on arrival', () => {
    const writer = new CallBatchWriter(3);
    const reader = new CallBatchReader((backend) => backend.toUpperCase());
    const received: Call[] = [];
    const receive = (...call: Call) => received.push(call);
    writer.add('a', undefined, 1.5);
    writer.add(undefined, 'CANCELLED', 2);
    writer.add('a', 'UNAVAILABLE', 3);
    expect(writer.full).toBe(true);
    const first = writer.take().batch;
    expect(first.newBackends).toEqual(['a']);
    reader.read(first, receive);
    writer.add('b', undefined, 4);
    writer.add('a', 'CANCELLED', 5);
    const second = writer.take().batch;
    expect(second).toMatchObject({ count: 2, newBackends: ['b'], newFailures: [] });
    reader.read(second, receive);
    expect(received).toEqual([
      ['A', undefined, 1.5],
      [undefined, 'CANCELLED', 2],
      ['A', 'UNAVAILABLE', 3],
      ['B', undefined, 4],
      ['A', 'CANCELLED', 5],
    ]);
    expect(writer.take().batch.count).toBe(0);
  });
});
