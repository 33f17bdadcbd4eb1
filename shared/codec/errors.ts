/** What the codec throws when request JSON does not fit the input message. */
export class RequestJsonError extends Error {
  /** Field path as the user wrote it, e.g. `user.roles[2]` or `labels["env"]`; `<root>` for the message itself. */
  readonly path: string;
  /** What is wrong there, e.g. `expected string, got number`. */
  readonly problem: string;
  /** Set for JSON syntax errors (1-based). */
  readonly line?: number;
  readonly column?: number;

  constructor(path: string, problem: string, position?: { line: number; column: number }) {
    super(position === undefined ? `${path}: ${problem}` : `${position.line}:${position.column}: ${problem}`);
    this.name = 'RequestJsonError';
    this.path = path;
    this.problem = problem;
    this.line = position?.line;
    this.column = position?.column;
  }
}

/** What the codec throws when response bytes do not decode as the output message. */
export class ResponseDecodeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ResponseDecodeError';
  }
}

export const rootPath = '<root>';

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
