/**
 * grpc-go's `codes.Code.String()` spellings, which grpcurl prints in `Code: NotFound`. Keeping
 * them lets people grep our output with the patterns they already use.
 */
const goCodeNames: readonly string[] = [
  'OK',
  'Canceled',
  'Unknown',
  'InvalidArgument',
  'DeadlineExceeded',
  'NotFound',
  'AlreadyExists',
  'PermissionDenied',
  'ResourceExhausted',
  'FailedPrecondition',
  'Aborted',
  'OutOfRange',
  'Unimplemented',
  'Internal',
  'Unavailable',
  'DataLoss',
  'Unauthenticated',
];

export function goCodeName(code: number): string {
  return goCodeNames[code] ?? `Code(${code})`;
}
