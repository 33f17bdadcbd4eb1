import type { EngineErrorInfo, EngineErrorKind } from '../../shared/api/contract';

/**
 * A failure the user can act on. Thrown inside the engine; hosts turn it into an EngineErrorInfo
 * on the wire and the CLI prints `message` and `hint`. Anything else that escapes is a bug and is
 * reported as kind `internal`.
 */
export class EngineError extends Error {
  readonly kind: EngineErrorKind;
  readonly hint?: string;
  readonly subject?: string;

  constructor(
    kind: EngineErrorKind,
    message: string,
    options: { hint?: string; subject?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EngineError';
    this.kind = kind;
    this.hint = options.hint;
    this.subject = options.subject;
  }

  toInfo(): EngineErrorInfo {
    return {
      kind: this.kind,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.subject === undefined ? {} : { subject: this.subject }),
    };
  }
}

/** Any thrown value as wire data: EngineErrors keep their kind; the rest are internal errors. */
export function toErrorInfo(error: unknown): EngineErrorInfo {
  if (error instanceof EngineError) return error.toInfo();
  const message = error instanceof Error ? error.message : String(error);
  return {
    kind: 'internal',
    message,
    hint: 'This is a bug in gRPC Workbench; please report it with the steps that led here.',
  };
}
