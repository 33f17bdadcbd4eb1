import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('paces calls at the rate once the bucket is empty', () => {
    const bucket = new TokenBucket(10, 1, 0);
    expect(bucket.reserve(0)).toBe(0);
    expect(bucket.reserve(0)).toBe(100);
    expect(bucket.reserve(0)).toBe(200);
    // 250 ms later 2.5 tokens have come in, paying the debt of 2 and leaving half a token.
    expect(bucket.reserve(250)).toBe(50);
  });

  it('lets a full bucket burst, and never stores more than its capacity', () => {
    const bucket = new TokenBucket(100, 3, 0);
    expect([bucket.reserve(0), bucket.reserve(0), bucket.reserve(0)]).toEqual([0, 0, 0]);
    expect(bucket.reserve(0)).toBe(10);
    expect(bucket.reserve(10_000)).toBe(0);
    expect(bucket.reserve(10_000)).toBe(0);
    expect(bucket.reserve(10_000)).toBe(0);
    expect(bucket.reserve(10_000)).toBe(10);
  });
});

describe('TokenBucket shared between threads', () => {
  it('is one bucket wherever it is attached: tokens taken in one place are gone in the other', () => {
    const bucket = new TokenBucket(10, 1, 1_000);
    const elsewhere = TokenBucket.attach(structuredClone(bucket.share()));
    expect(bucket.reserve(1_000)).toBe(0);
    expect(elsewhere.reserve(1_000)).toBe(100);
    expect(bucket.reserve(1_000)).toBe(200);
  });
});
