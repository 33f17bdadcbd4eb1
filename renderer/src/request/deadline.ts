import { DurationError, parseDurationMs } from '../../../shared/duration';
import type { Checked } from '../ui/checked';

/**
 * The deadline box: "" (none), or a duration as the CLI takes it ("5s", "250ms", "1m30s", or a
 * bare number of seconds). Returns whole milliseconds, at least 1.
 */
export function parseDeadline(text: string): Checked<number | undefined> {
  if (text.trim() === '') return { ok: true, value: undefined };
  const hint = 'Use e.g. 5s, 250ms, 1m30s, or a number of seconds; leave it empty for no deadline.';
  try {
    const ms = parseDurationMs(text);
    if (ms <= 0)
      return {
        ok: false,
        error: {
          kind: 'bad_input',
          message: `Deadline "${text.trim()}" must be longer than 0.`,
          hint,
          subject: 'Deadline',
        },
      };
    return { ok: true, value: Math.max(1, Math.round(ms)) };
  } catch (error) {
    if (!(error instanceof DurationError)) throw error;
    return { ok: false, error: { kind: 'bad_input', message: error.message, hint, subject: 'Deadline' } };
  }
}
