import { describe, expect, it } from 'vitest';
import { BurstTally, UNIDENTIFIED_BACKEND, compareBackendIds } from './tally';

describe('BurstTally', () => {
  it('counts hits, attributed and unattributed errors, and keeps the invariant', () => {
    const tally = new BurstTally();
    tally.recordSuccess('b1', 2);
    tally.recordSuccess('b1', 4);
    tally.recordSuccess('b2', 6);
    tally.recordFailure('b3', 'UNAVAILABLE', 1);
    tally.recordFailure(undefined, 'UNAVAILABLE', 1);
    tally.recordFailure(undefined, 'CANCELLED', 1);

    expect(tally.calls).toBe(6);
    expect(tally.ok).toBe(3);
    expect(tally.errorCount).toBe(3);
    expect(tally.errors).toEqual({ UNAVAILABLE: 2, CANCELLED: 1 });

    const stats = tally.backendStats(['b4', 'b1']);
    expect(stats.map((s) => [s.id, s.hits, s.errors, s.known])).toEqual([
      ['b1', 2, 0, true],
      ['b2', 1, 0, false],
      ['b3', 0, 1, false],
      ['b4', 0, 0, true],
    ]);
    expect(stats[0]).toMatchObject({ share: 2 / 6, p50Ms: 2, p99Ms: 4 });
    expect(stats[2]?.errorsByCode).toEqual({ UNAVAILABLE: 1 });

    const hits = stats.reduce((sum, s) => sum + s.hits, 0);
    const errors = Object.values(tally.errors).reduce((sum, n) => sum + n, 0);
    expect(hits + errors).toBe(tally.calls);
  });

  it('files an OK call without a backend identity under an explicit id', () => {
    const tally = new BurstTally();
    tally.recordSuccess(undefined, 1);
    expect(tally.backendStats([]).map((s) => s.id)).toEqual([UNIDENTIFIED_BACKEND]);
  });

  it('sorts ids numerically', () => {
    expect(['b10', 'b2', 'b1'].sort(compareBackendIds)).toEqual(['b1', 'b2', 'b10']);
    expect(['10.0.0.10:80', '10.0.0.2:80'].sort(compareBackendIds)).toEqual(['10.0.0.2:80', '10.0.0.10:80']);
  });

  it('counts a backend that failed every call it got: its calls and share show, shares add up to 100%', () => {
    const tally = new BurstTally();
    for (let i = 0; i < 100; i++) tally.recordSuccess('backend-1', 1);
    for (let i = 0; i < 100; i++) tally.recordSuccess('backend-2', 1);
    for (let i = 0; i < 100; i++) tally.recordFailure('backend-3', 'UNAVAILABLE', 1);
    const stats = tally.backendStats(['backend-1', 'backend-2', 'backend-3']);
    expect(stats.find((b) => b.id === 'backend-3')).toMatchObject({ calls: 100, hits: 0, errors: 100, share: 1 / 3 });
    expect(stats.reduce((sum, b) => sum + b.share, 0)).toBeCloseTo(1);
  });
});
