/**
 * The boundary every host shares, and the in-process client too: validate an operation call,
 * run it on the service, and turn every failure into WorkbenchError data. The WebSocket server,
 * the Electron IPC adapter and createInProcessClient all go through here, so they cannot drift.
 * Pure (no Node): it lives in shared/ so renderer tests can run the same boundary.
 */
import * as z from 'zod';
import { WorkbenchError } from './errors';
import type { OperationName, OperationParsed, WorkbenchApi } from './operations';
import { isOperationName, parseOperationParams } from './operations';
import type { WireOutcome } from './wire';
import { badInputFromZod } from './wire';

export async function dispatchOperation(api: WorkbenchApi, op: unknown, params: unknown): Promise<WireOutcome> {
  if (!isOperationName(op)) {
    const error = new WorkbenchError('bad_input', `Unknown operation "${String(op)}"`, {
      hint: 'The renderer and the host are from different versions; reload the window.',
      subject: 'op',
    });
    return { error: error.toJSON() };
  }
  try {
    const parsed = checkOperationParams(op, params);
    const run = api[op] as (p: unknown) => Promise<unknown>;
    const result = await run.call(api, parsed);
    return { result } as WireOutcome<OperationName>;
  } catch (error) {
    return { error: WorkbenchError.from(error).toJSON() };
  }
}

/**
 * An operation's params as the boundary checks them, for a host's own doors to an operation (an
 * HTTP route, an IPC capability): parsed, or a `bad_input` WorkbenchError naming the field.
 */
export function checkOperationParams<K extends OperationName>(op: K, params: unknown): OperationParsed<K> {
  try {
    return parseOperationParams(op, params);
  } catch (error) {
    throw error instanceof z.ZodError ? badInputFromZod(op, error) : WorkbenchError.from(error);
  }
}
