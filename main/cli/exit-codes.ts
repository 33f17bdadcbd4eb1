/**
 * grpcurl's exit statuses, so scripts written for it keep working: 0 when the call succeeded, 1
 * for anything that kept it from completing (usage, connection, input), and 64 + the gRPC status
 * code for a non-OK status. The offset keeps CANCELLED (1) and UNKNOWN (2) apart from tool errors.
 */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const STATUS_CODE_OFFSET = 64;

export function exitCodeForStatus(code: number): number {
  return code === 0 ? EXIT_OK : STATUS_CODE_OFFSET + code;
}
