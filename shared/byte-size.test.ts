import { describe, expect, it } from 'vitest';
import { parseByteSize } from './byte-size';

describe('parseByteSize', () => {
  it('reads plain bytes, SI and binary units, in any case and with a space', () => {
    expect(parseByteSize('4194304')).toBe(4_194_304);
    expect(parseByteSize('64MiB')).toBe(64 * 1024 * 1024);
    expect(parseByteSize('4 MB')).toBe(4_000_000);
    expect(parseByteSize('1.5kib')).toBe(1536);
    expect(parseByteSize(' 2GiB ')).toBe(2 * 1024 ** 3);
  });

  it('names what is wrong with a size it cannot read', () => {
    expect(() => parseByteSize('-1')).toThrow('invalid size "-1": expected bytes like "4194304"');
    expect(() => parseByteSize('4 mebibytes')).toThrow('unknown unit "mebibytes" (use B, KB, MB, GB, KiB, MiB or GiB)');
    expect(() => parseByteSize('0.1')).toThrow('a size is at least 1 byte');
    expect(() => parseByteSize('')).toThrow('expected bytes');
  });
});
