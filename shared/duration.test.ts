import { describe, expect, it } from 'vitest';
import { DurationError, formatDurationMs, parseDurationMs } from './duration';

describe('parseDurationMs', () => {
  it('reads Go durations', () => {
    expect(parseDurationMs('500ms')).toBe(500);
    expect(parseDurationMs('1.5s')).toBe(1500);
    expect(parseDurationMs('2m')).toBe(120_000);
    expect(parseDurationMs('1h30m')).toBe(5_400_000);
    expect(parseDurationMs('250us')).toBe(0.25);
    expect(parseDurationMs('250µs')).toBe(0.25);
    expect(parseDurationMs('1s500ms')).toBe(1500);
    expect(parseDurationMs('3000000ns')).toBe(3);
    expect(parseDurationMs('.5s')).toBe(500);
    expect(parseDurationMs('+2s')).toBe(2000);
  });

  it('reads plain seconds as grpcurl -max-time does', () => {
    expect(parseDurationMs('2.5')).toBe(2500);
    expect(parseDurationMs(' 10 ')).toBe(10_000);
    expect(parseDurationMs('0')).toBe(0);
  });

  it('explains bad input', () => {
    expect(() => parseDurationMs('5 sec')).toThrow(DurationError);
    expect(() => parseDurationMs('5 sec')).toThrow(
      'invalid duration "5 sec" at "5 sec": expected a number with a unit (ns, us, ms, s, m, h), like "500ms", "1.5s" or "1h30m", or plain seconds like "2.5"',
    );
    expect(() => parseDurationMs('5d')).toThrow('invalid duration "5d": unknown unit "d" (use ns, us, ms, s, m or h)');
    expect(() => parseDurationMs('-1s')).toThrow('invalid duration "-1s": a duration cannot be negative');
    expect(() => parseDurationMs('')).toThrow('invalid duration "": expected');
    expect(() => parseDurationMs('s')).toThrow('invalid duration "s" at "s"');
    expect(() => parseDurationMs('1s 2ms')).toThrow('invalid duration "1s 2ms" at " 2ms"');
    expect(() => parseDurationMs('1.2.3s')).toThrow('invalid duration "1.2.3s" at "1.2.3s"');
  });
});

describe('formatDurationMs', () => {
  it('picks a readable unit', () => {
    expect(formatDurationMs(0.25)).toBe('250µs');
    expect(formatDurationMs(2.54)).toBe('2.5ms');
    expect(formatDurationMs(3)).toBe('3ms');
    expect(formatDurationMs(120.4)).toBe('120ms');
    expect(formatDurationMs(1250)).toBe('1.25s');
    expect(formatDurationMs(59_999)).toBe('60s');
    expect(formatDurationMs(125_000)).toBe('2m 5s');
    expect(formatDurationMs(120_000)).toBe('2m');
    expect(formatDurationMs(5_400_000)).toBe('1h 30m');
    expect(formatDurationMs(-1500)).toBe('-1.5s');
  });
});
