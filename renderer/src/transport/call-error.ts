import type { EngineErrorKind, WireError } from '../../../shared/api/contract';

/**
 * What a WorkbenchClient operation rejects with: the host's error data (kind, message naming the
 * thing at fault, hint) as a real Error, so the UI can show `message` and `hint` and branch on `kind`.
 */
export class WorkbenchCallError extends Error {
  readonly kind: EngineErrorKind;
  readonly hint?: string;
  readonly subject?: string;

  constructor(info: WireError) {
    super(info.message);
    this.name = 'WorkbenchCallError';
    this.kind = info.kind;
    this.hint = info.hint;
    this.subject = info.subject;
  }

  toInfo(): WireError {
    return {
      kind: this.kind,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.subject === undefined ? {} : { subject: this.subject }),
    };
  }
}
