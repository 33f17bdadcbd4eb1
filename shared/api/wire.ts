/**
 * The messages that carry the WorkbenchApi over a byte link (WebSocket in browser mode; the same
 * envelopes ride Electron IPC). One request/response pair per operation call, plus pushed event
 * batches. Nothing throws across the boundary: a failure is an `{ error: WorkbenchErrorData }` outcome.
 */
import * as z from 'zod';
import { lazySchema } from './lazy-schema';
import type { WorkbenchErrorData } from './errors';
import { WorkbenchError } from './errors';
import type { OperationName, OperationResults, WorkbenchEvent } from './operations';

/** The outcome of one operation: its result, or the error as data. */
export type WireOutcome<K extends OperationName = OperationName> =
  { result: OperationResults[K] } | { error: WorkbenchErrorData };

export const wireRequestSchema = lazySchema(() =>
  z.object({
    id: z.number().int().nonnegative(),
    op: z.string().min(1),
    params: z.unknown(),
  }),
);
export type WireRequest = z.infer<typeof wireRequestSchema>;

export type WireResponse = { id: number } & WireOutcome;

/** Events are pushed in batches: the host coalesces whatever the link could not carry yet. */
export interface WireEventPush {
  events: WorkbenchEvent[];
}

export type WireServerMessage = WireResponse | WireEventPush;

export function isEventPush(message: WireServerMessage): message is WireEventPush {
  return 'events' in message;
}

/** `connection.target`, `messages[2]`: the form the user sees in the request editor. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}

/**
 * A params validation failure as a `bad_input` error naming the first field at fault; `setting`
 * is that field's name, so a front end can name it in its own words (see shared/settings.ts).
 */
export function badInputFromZod(operation: string, error: z.ZodError): WorkbenchError {
  const issues = error.issues.slice(0, 3).map((issue) => {
    const path = formatFieldPath(issue.path);
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  const first = error.issues[0];
  const subject = first ? formatFieldPath(first.path) : '';
  const field =
    first === undefined ? undefined : [...first.path].reverse().find((segment) => typeof segment === 'string');
  return new WorkbenchError('bad_input', `Invalid parameters for ${operation}: ${issues.join('; ')}`, {
    hint: 'Nothing was done: correct that setting and try again.',
    ...(subject === '' ? {} : { subject }),
    ...(typeof field === 'string' ? { setting: field } : {}),
  });
}

/**
 * The largest request frame browser mode accepts (the WebSocket's payload limit). The page checks
 * it before sending, so an oversized request is refused with a clear message and the session lives
 * on; a frame over it that reaches the host closes the socket with 1009.
 */
export const MAX_REQUEST_FRAME_BYTES = 64 * 1024 * 1024;
