/**
 * Sizes as people type them: a plain number of bytes ("4194304") or a number with a unit — SI
 * (KB, MB, GB: powers of 1000) or binary (KiB, MiB, GiB: powers of 1024), case-insensitive, with
 * or without a space ("64MiB", "4 MB", "512kib").
 */

export class ByteSizeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ByteSizeError';
  }
}

const bytesPerUnit: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

const sizePattern = /^([0-9]+(?:\.[0-9]+)?)\s*([a-z]*)$/i;

/** Whole bytes (rounded down); refuses negative, fractional-byte and unknown-unit sizes, naming why. */
export function parseByteSize(input: string): number {
  const match = sizePattern.exec(input.trim());
  if (match === null)
    throw new ByteSizeError(`invalid size "${input}": expected bytes like "4194304" or a size like "64MiB" or "4MB"`);
  const [, amount, unitText] = match as unknown as [string, string, string];
  const unit = unitText === '' ? 'b' : unitText.toLowerCase();
  const scale = bytesPerUnit[unit];
  if (scale === undefined)
    throw new ByteSizeError(`invalid size "${input}": unknown unit "${unitText}" (use B, KB, MB, GB, KiB, MiB or GiB)`);
  const bytes = Math.floor(Number(amount) * scale);
  if (bytes < 1) throw new ByteSizeError(`invalid size "${input}": a size is at least 1 byte`);
  return bytes;
}
