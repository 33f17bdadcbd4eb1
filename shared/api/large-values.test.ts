import { describe, expect, it } from 'vitest';
import type { ReceivedMessage } from './calls';
import { elideLargeStrings, valueAtPath } from './large-values';

const received = (json: unknown): ReceivedMessage => ({ index: 3, json, sizeBytes: 10, receivedMs: 1 });

describe('large values', () => {
  it('cuts every long string to its head and names its path and length; the rest is untouched', () => {
    const avatar = 'A'.repeat(100);
    const message = received({ id: 'u1', avatar, photos: [{ data: 'B'.repeat(50) }, { data: 'short' }], n: 7 });
    const elided = elideLargeStrings(message, 20, 4);
    expect(elided.json).toEqual({ id: 'u1', avatar: 'AAAA', photos: [{ data: 'BBBB' }, { data: 'short' }], n: 7 });
    expect(elided.elided).toEqual([
      { path: ['avatar'], length: 100 },
      { path: ['photos', 0, 'data'], length: 50 },
    ]);
    expect(valueAtPath(message.json, ['photos', 0, 'data'])).toBe('B'.repeat(50));
    expect(message.json).toMatchObject({ avatar });
  });

  it('gives back the same message when nothing is long, and leaves undecoded messages alone', () => {
    const small = received({ id: 'u1', tags: ['a', 'b'] });
    expect(elideLargeStrings(small, 20, 4)).toBe(small);
    const undecoded: ReceivedMessage = { index: 0, bytesBase64: 'x'.repeat(100), sizeBytes: 75, receivedMs: 0 };
    expect(elideLargeStrings(undecoded, 20, 4)).toBe(undecoded);
  });

  it('finds nothing at a path that leads nowhere (not even through inherited keys)', () => {
    const json = { a: [{ b: 'x' }] };
    expect(valueAtPath(json, ['a', 0, 'b'])).toBe('x');
    expect(valueAtPath(json, ['a', 1, 'b'])).toBeUndefined();
    expect(valueAtPath(json, ['toString'])).toBeUndefined();
    expect(valueAtPath('text', ['length'])).toBeUndefined();
  });
});
