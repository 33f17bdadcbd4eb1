import { describe, expect, it } from 'vitest';
import { describeReceived, formatBytes, formatCount, formatMs } from './format';

describe('formatters', () => {
  it('formats counts, sizes and durations for people', () => {
    expect(formatCount(1_000_000)).toBe('1,000,000');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MiB');
    expect(formatMs(undefined)).toBe('—');
    expect(formatMs(3.21)).toBe('3.2ms');
    expect(formatMs(2500)).toBe('2.5s');
  });

  it('says how many messages arrived and how many are shown', () => {
    expect(describeReceived(1_000_000, 10_000)).toBe('1,000,000 received, showing the last 10,000');
    expect(describeReceived(3, 3)).toBe('3 received');
  });
});
