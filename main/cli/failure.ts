import type { EngineErrorInfo } from '../../shared/api/contract';
import { toErrorInfo } from '../engine/errors';

/** An engine error as `Error: message` and `Hint: …` lines — short, and never a stack trace. */
export function formatErrorInfo(info: EngineErrorInfo): string {
  return `Error: ${info.message}\n${info.hint === undefined ? '' : `Hint: ${info.hint}\n`}`;
}

/** Anything thrown; what is not an EngineError is reported as our bug (toErrorInfo's `internal`). */
export function formatFailure(error: unknown): string {
  return formatErrorInfo(toErrorInfo(error));
}
