import { describe, expect, it } from 'vitest';
import { parseStatusCode, statusCodes, statusInfo, statusName } from './status-codes';

describe('status codes', () => {
  it('covers the 17 codes in order', () => {
    expect(statusCodes.map((s) => s.code)).toEqual([...Array(17).keys()]);
  });
  it('names and explains codes, with retry advice', () => {
    expect(statusName(14)).toBe('UNAVAILABLE');
    expect(statusInfo(14).retry).toBe('yes');
    expect(statusInfo(3).retry).toBe('no');
    expect(statusInfo(99).name).toBe('CODE_99');
  });
  it('parses names and numbers', () => {
    expect(parseStatusCode('unavailable')).toBe(14);
    expect(parseStatusCode('5')).toBe(5);
    expect(parseStatusCode('NOPE')).toBeUndefined();
    expect(parseStatusCode('42')).toBeUndefined();
  });
});
