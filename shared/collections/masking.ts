/**
 * Secrets never reach a file, the history or a report: every text that leaves the runner goes
 * through a masker that replaces each secret value with `***`.
 */

export const SECRET_MASK = '***';

export type Masker = (text: string) => string;

/** Replaces every occurrence of each value (longest first, so a value containing another is masked whole). */
export function createMasker(secretValues: Iterable<string>): Masker {
  const values = [...new Set(secretValues)].filter((value) => value.length > 0).sort((a, b) => b.length - a.length);
  if (values.length === 0) return (text) => text;
  return (text) => values.reduce((masked, value) => masked.split(value).join(SECRET_MASK), text);
}

/** A deep copy with every string (values and keys) masked. */
export function maskDeep<T>(value: T, mask: Masker): T {
  if (typeof value === 'string') return mask(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => maskDeep(item, mask)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [mask(key), maskDeep(item, mask)])) as T;
  }
  return value;
}
