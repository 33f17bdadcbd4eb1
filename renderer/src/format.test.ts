import { describe, expect, it } from 'vitest';
import { describeReceived, formatBytes, formatCount, formatMs } from './format';
import { messagesToNdjson } from './state/ndjson';

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

describe('messagesToNdjson', () => {
  it('writes one line per message, undecodable ones with their bytes and error', () => {
    const text = messagesToNdjson([
      { index: 0, json: { id: 'u1' }, sizeBytes: 4, receivedMs: 1 },
      { index: 1, bytesBase64: 'AAE=', decodeError: 'premature EOF', sizeBytes: 2, receivedMs: 2 },
    ]);
    expect(text).toBe('{"id":"u1"}\n{"index":1,"bytesBase64":"AAE=","decodeError":"premature EOF"}\n');
  });
});
