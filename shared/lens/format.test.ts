import { describe, expect, it } from 'vitest';
import { burstReportToJson, formatBurstReportText } from './format';
import { buildBurstReport, mergeKnownBackends, parseBackendList } from './report';
import { BurstTally } from './tally';

function sampleReport(
  usage: { channelsUsed: number; connectionsUsed: number } = { channelsUsed: 1, connectionsUsed: 1 },
) {
  const tally = new BurstTally();
  for (let i = 0; i < 6; i++) tally.recordSuccess('b1', 1 + i);
  tally.recordFailure('b1', 'INTERNAL', 1);
  tally.recordFailure(undefined, 'UNAVAILABLE', 1);
  return buildBurstReport(tally, {
    setup: { target: '127.0.0.1:9', connections: 'shared', lbPolicy: 'pick_first', resolvedAddresses: ['127.0.0.1:9'] },
    knownBackends: ['b1', 'b2'],
    ...usage,
    durationMs: 2000,
    cancelled: false,
  });
}

describe('burstReportToJson', () => {
  it('has exactly the documented keys', () => {
    const json = burstReportToJson(sampleReport());
    expect(Object.keys(json)).toEqual([
      'calls',
      'ok',
      'errors',
      'qps',
      'backends',
      'knownBackends',
      'connections',
      'verdict',
    ]);
    expect(json).toMatchObject({
      calls: 8,
      ok: 6,
      errors: { INTERNAL: 1, UNAVAILABLE: 1 },
      qps: 4,
      knownBackends: ['b1', 'b2'],
      connections: 1,
    });
    expect(json.backends).toEqual([
      // Every call b1 answered counts in its share, the failed one too (7 of 8).
      { id: 'b1', calls: 7, hits: 6, share: 0.875, errors: 1, p50Ms: 3, p99Ms: 6 },
      // No hits, no latency: null rather than a fake 0 ms.
      { id: 'b2', calls: 0, hits: 0, share: 0, errors: 0, p50Ms: null, p99Ms: null },
    ]);
    expect(Object.keys(json.verdict)).toEqual(['kind', 'text']);
    expect(json.verdict.kind).toBe('pinned');
  });
});

describe('formatBurstReportText', () => {
  it('prints an aligned table, the errors and the verdict', () => {
    const lines = formatBurstReportText(sampleReport()).split('\n');
    expect(lines[0]).toBe('8 calls · 6 ok · 2 failed · 4 calls/s · 2 s · 1 connection');
    expect(lines[2]).toMatch(/^BACKEND\s+CALLS\s+SHARE\s+ERRORS\s+P50 ms\s+P90 ms\s+P99 ms$/);
    expect(lines[3]).toMatch(/^b1\s+7\s+87\.5%\s+█{18}·{2}\s+1 \(INTERNAL 1\)\s+3\.00\s+6\.00\s+6\.00$/);
    expect(lines[4]).toMatch(/^b2\s+0\s+0%\s+·{20}\s+0\s+–\s+–\s+–$/);
    // Columns line up: the CALLS column ends at the same offset on every row.
    const callsEnd = lines[2]!.indexOf('CALLS') + 5;
    expect(lines[3]!.slice(0, callsEnd).endsWith('7')).toBe(true);
    expect(lines[5]).toBe('Errors: INTERNAL 1, UNAVAILABLE 1 (1 with no backend)');
    expect(lines[7]).toBe('Verdict: PINNED');
    expect(lines[8]).toContain('Pinned: 6 of 8 calls went to b1');
  });

  it('names channels and connections apart when one channel used several (round_robin)', () => {
    const header = (usage: { channelsUsed: number; connectionsUsed: number }) =>
      formatBurstReportText(sampleReport(usage)).split('\n')[0];
    expect(header({ channelsUsed: 1, connectionsUsed: 3 })).toMatch(/ · 1 channel, 3 connections$/);
    expect(header({ channelsUsed: 30, connectionsUsed: 30 })).toMatch(/ · 30 connections$/);
    expect(burstReportToJson(sampleReport({ channelsUsed: 1, connectionsUsed: 3 })).connections).toBe(3);
  });
});

describe('known backend lists', () => {
  it('merges declared and resolved ids without duplicates', () => {
    expect(mergeKnownBackends(['b1', ' b2 ', ''], ['b2', '10.0.0.1:80'])).toEqual(['b1', 'b2', '10.0.0.1:80']);
  });
  it('parses pasted lists', () => {
    expect(parseBackendList('10.0.0.1:80, 10.0.0.2:80\n10.0.0.3:80\n\n')).toEqual([
      '10.0.0.1:80',
      '10.0.0.2:80',
      '10.0.0.3:80',
    ]);
  });
});
