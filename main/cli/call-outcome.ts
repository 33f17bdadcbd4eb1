import type { CallEvent, CallStatus, ErrorKind } from '../../shared/api';
import { formatErrorInfo } from './failure';
import { EXIT_FAILURE, EXIT_OK, exitCodeForStatus } from './exit-codes';
import { formatStatusError } from './output/grpcurl';

/** Failures that kept the call from happening; grpcurl reports these (a failed dial, bad input) as errors with exit 1. */
const failuresBeforeTheCall: ReadonlySet<ErrorKind> = new Set([
  'dns',
  'refused',
  'tls',
  'connection',
  'bad_request_json',
  'bad_input',
  'io',
]);
const DEADLINE_EXCEEDED = 4;

/**
 * True when a call ended because of the client side or the transport rather than with a status it
 * earned. Our own deadline (-max-time) stays a status: grpcurl exits 64 + 4 for it.
 */
export function isTransportFailure(status: CallStatus): boolean {
  const error = status.error;
  if (error === undefined) return false;
  if (error.kind === 'timeout') return status.code !== DEADLINE_EXCEEDED;
  return failuresBeforeTheCall.has(error.kind);
}

/**
 * For calls the CLI makes itself (health): a transport failure as an error message (exit 1), a
 * non-OK status as grpcurl's ERROR block (exit 64 + code); undefined when the status is OK.
 */
export function reportFailedStatus(status: CallStatus, err: (text: string) => void): number | undefined {
  if (isTransportFailure(status)) {
    err(formatErrorInfo(status.error!));
    return EXIT_FAILURE;
  }
  if (status.code === 0) return undefined;
  err(formatStatusError(status));
  return exitCodeForStatus(status.code);
}

/** Whether a call event carries a response the schema could not decode. */
export function hasUndecodableResponse(event: CallEvent): boolean {
  return event.type === 'call-messages' && event.messages.some((message) => message.decodeError !== undefined);
}

/**
 * The exit status of a call that ended with a status (not a transport failure). A response that
 * could not be decoded fails an OK call, as in grpcurl (exit 1): the output is not what the
 * server meant to say, so a script must not take it as success.
 */
export function exitCodeForCall(status: CallStatus, sawUndecodableResponse: boolean): number {
  const code = exitCodeForStatus(status.code);
  return code === EXIT_OK && sawUndecodableResponse ? EXIT_FAILURE : code;
}
