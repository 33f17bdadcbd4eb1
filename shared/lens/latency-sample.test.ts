import { describe, expect, it } from 'vitest';
import { LatencySample, nearestRank } from './latency-sample';

describe('nearestRank', () => {
  it('picks the nearest-rank value', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(nearestRank(sorted, 0.5)).toBe(50);
    expect(nearestRank(sorted, 0.9)).toBe(90);
    expect(nearestRank(sorted, 0.99)).toBe(99);
    expect(nearestRank([7], 0.99)).toBe(7);
    expect(nearestRank([], 0.5)).toBe(0);
  });
});

describe('LatencySample', () => {
  it('is exact while under capacity, whatever the order', () => {
    const sample = new LatencySample(1000);
    for (let i = 200; i >= 1; i--) sample.record(i / 2);
    expect(sample.count).toBe(200);
    expect(sample.percentiles()).toEqual({ p50: 50, p90: 90, p99: 99 });
  });

  it('keeps a bounded reservoir beyond capacity and still counts every value', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const sample = new LatencySample(64, random);
    for (let i = 0; i < 10_000; i++) sample.record(i % 2 === 0 ? 1 : 3);
    expect(sample.count).toBe(10_000);
    const { p50, p99 } = sample.percentiles();
    expect([1, 3]).toContain(p50);
    expect(p99).toBe(3);
  });

  it('re-sorts after new values arrive', () => {
    const sample = new LatencySample(8);
    sample.record(5);
    expect(sample.percentiles().p50).toBe(5);
    sample.record(1);
    sample.record(1);
    expect(sample.percentiles().p50).toBe(1);
  });

  it('reports zeros when empty', () => {
    expect(new LatencySample().percentiles()).toEqual({ p50: 0, p90: 0, p99: 0 });
  });
});
