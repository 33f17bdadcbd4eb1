import { describe, expect, it } from 'vitest';
import { parseDeadline } from './deadline';

describe('parseDeadline', () => {
  it('reads durations and bare seconds', () => {
    expect(parseDeadline('')).toEqual({ ok: true, value: undefined });
    expect(parseDeadline('5s')).toEqual({ ok: true, value: 5000 });
    expect(parseDeadline('1m30s')).toEqual({ ok: true, value: 90_000 });
    expect(parseDeadline('250ms')).toEqual({ ok: true, value: 250 });
    expect(parseDeadline('1.5')).toEqual({ ok: true, value: 1500 });
  });

  it('rejects what is not a duration', () => {
    expect(parseDeadline('soon').ok).toBe(false);
    expect(parseDeadline('5 parsecs').ok).toBe(false);
    expect(parseDeadline('0s').ok).toBe(false);
  });
});
