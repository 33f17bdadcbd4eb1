/**
 * The 17 gRPC status codes with what they mean and whether a retry can help — the table from our
 * study guide (§07), so the UI and the CLI explain a status the same way.
 */

export type RetryAdvice = 'no' | 'yes' | 'backoff' | 'sometimes' | 'maybe' | 'n/a';

export interface StatusCodeInfo {
  code: number;
  name: string;
  meaning: string;
  retry: RetryAdvice;
  /** One sentence on what a retry would do. */
  retryText: string;
}

const table: readonly StatusCodeInfo[] = [
  { code: 0, name: 'OK', meaning: 'Success.', retry: 'n/a', retryText: 'Nothing to retry.' },
  {
    code: 1,
    name: 'CANCELLED',
    meaning: 'The call was cancelled, usually by the caller.',
    retry: 'no',
    retryText: 'Do not retry: someone chose to stop this call.',
  },
  {
    code: 2,
    name: 'UNKNOWN',
    meaning: 'Unknown error: the server raised something that is not a gRPC status.',
    retry: 'maybe',
    retryText: 'Maybe: look at the message first; it is often a server bug.',
  },
  {
    code: 3,
    name: 'INVALID_ARGUMENT',
    meaning: "Bad request (the client's fault), whatever the server's state.",
    retry: 'no',
    retryText: 'Do not retry: the same request will fail again. Fix the request.',
  },
  {
    code: 4,
    name: 'DEADLINE_EXCEEDED',
    meaning: 'The deadline expired before the call completed; it may still have completed on the server.',
    retry: 'sometimes',
    retryText: 'Sometimes: retry only idempotent calls, perhaps with a longer deadline.',
  },
  {
    code: 5,
    name: 'NOT_FOUND',
    meaning: 'A requested resource was not found.',
    retry: 'no',
    retryText: 'Do not retry: the resource is missing.',
  },
  {
    code: 6,
    name: 'ALREADY_EXISTS',
    meaning: 'The resource the client tried to create already exists.',
    retry: 'no',
    retryText: 'Do not retry: it is already there.',
  },
  {
    code: 7,
    name: 'PERMISSION_DENIED',
    meaning: 'The caller is authenticated but not allowed to do this.',
    retry: 'no',
    retryText: 'Do not retry: fix the permissions.',
  },
  {
    code: 8,
    name: 'RESOURCE_EXHAUSTED',
    meaning: 'A quota or rate limit was hit, or the server ran out of a resource.',
    retry: 'backoff',
    retryText: 'Yes, with backoff: the limit may clear.',
  },
  {
    code: 9,
    name: 'FAILED_PRECONDITION',
    meaning: 'The system is not in a state this operation needs.',
    retry: 'no',
    retryText: 'Do not retry until the state is fixed.',
  },
  {
    code: 10,
    name: 'ABORTED',
    meaning: 'The operation was aborted, typically by a concurrency conflict.',
    retry: 'yes',
    retryText: 'Yes, at a higher level (e.g. restart the read-modify-write).',
  },
  {
    code: 11,
    name: 'OUT_OF_RANGE',
    meaning: 'The operation went past the valid range (e.g. reading past the end).',
    retry: 'no',
    retryText: 'Do not retry the same request.',
  },
  {
    code: 12,
    name: 'UNIMPLEMENTED',
    meaning: 'The server does not implement this method (or this service).',
    retry: 'no',
    retryText: 'Do not retry: check the method name and the server version.',
  },
  {
    code: 13,
    name: 'INTERNAL',
    meaning: 'An invariant broke on the server: a bug.',
    retry: 'maybe',
    retryText: 'Maybe: it may be transient, but it usually is a bug.',
  },
  {
    code: 14,
    name: 'UNAVAILABLE',
    meaning:
      'The service is unavailable right now (down, restarting, or unreachable); the request most likely never reached application logic.',
    retry: 'yes',
    retryText: 'Yes: the canonical safe-to-retry code, with backoff.',
  },
  {
    code: 15,
    name: 'DATA_LOSS',
    meaning: 'Unrecoverable data loss or corruption.',
    retry: 'no',
    retryText: 'Do not retry: escalate.',
  },
  {
    code: 16,
    name: 'UNAUTHENTICATED',
    meaning: 'No valid credentials were sent.',
    retry: 'no',
    retryText: 'Do not retry: send valid credentials.',
  },
];

const byCode = new Map(table.map((info) => [info.code, info]));
const byName = new Map(table.map((info) => [info.name, info]));

export const statusCodes: readonly StatusCodeInfo[] = table;

/** Info for a numeric code; an out-of-range code gets a clear `CODE_<n>` entry instead of a crash. */
export function statusInfo(code: number): StatusCodeInfo {
  return (
    byCode.get(code) ?? {
      code,
      name: `CODE_${code}`,
      meaning: `Not a standard gRPC status code (${code}).`,
      retry: 'maybe',
      retryText: 'Unknown: this code is outside the gRPC specification.',
    }
  );
}

export function statusName(code: number): string {
  return statusInfo(code).name;
}

/** Parses a code given by name (`UNAVAILABLE`, case-insensitive) or number (`14`). */
export function parseStatusCode(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const code = Number(trimmed);
    return byCode.has(code) ? code : undefined;
  }
  return byName.get(trimmed.toUpperCase())?.code;
}
