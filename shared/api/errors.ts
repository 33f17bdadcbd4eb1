/**
 * The one error type of gRPC Workbench, the same on every side of every boundary (after
 * connect-es's ConnectError): the engine throws it, hosts carry it as plain data
 * (`WorkbenchErrorData`, what `toJSON()` gives), clients rebuild it with `WorkbenchError.fromData`,
 * and the CLI and the UI print `message` and `hint`. Anything else that escapes is a bug of ours and
 * becomes kind `internal` through `WorkbenchError.from`.
 */

export const errorKinds = [
  'bad_request_json', // the request JSON does not fit the input message
  'unknown_method', // method/service/symbol not in the schema
  'schema', // .proto / protoset / reflection failure
  'dns', // the target's host name does not resolve
  'refused', // nothing listens there
  'tls', // TLS handshake failed (unknown CA, name mismatch, plaintext server, …)
  'timeout', // connect timeout or deadline
  'connection', // other transport failures
  'bad_input', // a user-supplied option is malformed (metadata key, duration, file path, …)
  'io', // a file could not be read or written
  'not_found', // a call/burst id that does not exist (anymore)
  'internal', // a bug of ours: reported, never a crash
] as const;
export type ErrorKind = (typeof errorKinds)[number];

/** A WorkbenchError as data: what crosses a host boundary (JSON, structured clone, contextBridge). */
export interface WorkbenchErrorData {
  kind: ErrorKind;
  /** What went wrong, naming the thing at fault. */
  message: string;
  /** How to fix it. */
  hint?: string;
  /** e.g. the field path of a JSON error, the file of a schema error, the target of a connect error. */
  subject?: string;
  /** The setting the hint asks the user to change (see shared/settings.ts): a CLI flag or a UI label. */
  setting?: string;
}

export interface WorkbenchErrorOptions {
  hint?: string;
  subject?: string;
  setting?: string;
  cause?: unknown;
}

const internalHint = 'This is a bug in gRPC Workbench; please report it with the steps that led here.';

/** A failure a user can act on: what went wrong, naming the thing at fault, and how to fix it. */
export class WorkbenchError extends Error {
  readonly kind: ErrorKind;
  readonly hint?: string;
  readonly subject?: string;
  readonly setting?: string;

  constructor(kind: ErrorKind, message: string, options: WorkbenchErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WorkbenchError';
    this.kind = kind;
    if (options.hint !== undefined) this.hint = options.hint;
    if (options.subject !== undefined) this.subject = options.subject;
    if (options.setting !== undefined) this.setting = options.setting;
  }

  toJSON(): WorkbenchErrorData {
    return {
      kind: this.kind,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.subject === undefined ? {} : { subject: this.subject }),
      ...(this.setting === undefined ? {} : { setting: this.setting }),
    };
  }

  /** Rebuilds the error on the far side of a boundary. */
  static fromData(data: WorkbenchErrorData): WorkbenchError {
    const { kind, message, ...options } = data;
    return new WorkbenchError(errorKinds.includes(kind) ? kind : 'internal', message, options);
  }

  /** Any thrown value as a WorkbenchError: ours pass through, anything else is an internal error. */
  static from(error: unknown): WorkbenchError {
    if (error instanceof WorkbenchError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new WorkbenchError('internal', message, { hint: internalHint, cause: error });
  }
}

/** True for WorkbenchError data (as received over a boundary), whatever its class. */
export function isWorkbenchErrorData(value: unknown): value is WorkbenchErrorData {
  if (typeof value !== 'object' || value === null) return false;
  const { kind, message } = value as Record<string, unknown>;
  return typeof kind === 'string' && typeof message === 'string';
}
