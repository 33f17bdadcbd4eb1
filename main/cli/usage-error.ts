/**
 * A mistake in the command line itself (unknown flag, missing argument, conflicting flags).
 * The CLI prints the message plus a pointer to -help and exits with status 1.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
