/**
 * The boundary both hosts share: validate an operation call from the renderer, run it on the
 * service, and turn every failure into data. Used by the WebSocket server and the Electron IPC
 * adapter alike, so the two hosts cannot drift apart.
 */
import { z } from 'zod';
import type { OperationName, WorkbenchApi } from '../../shared/api/contract';
import { isOperationName, parseOperationParams } from '../../shared/api/contract';
import type { WireOutcome } from '../../shared/api/wire';
import { badInputFromZod } from '../../shared/api/wire';
import { toErrorInfo } from '../engine/errors';

export async function dispatchOperation(api: WorkbenchApi, op: unknown, params: unknown): Promise<WireOutcome> {
  if (!isOperationName(op)) {
    return {
      error: {
        kind: 'bad_input',
        message: `Unknown operation "${String(op)}"`,
        hint: 'The renderer and the host are from different versions; reload the window.',
        subject: 'op',
      },
    };
  }
  let parsed: unknown;
  try {
    parsed = parseOperationParams(op, params);
  } catch (error) {
    return { error: error instanceof z.ZodError ? badInputFromZod(op, error) : toErrorInfo(error) };
  }
  try {
    const run = api[op] as (p: unknown) => Promise<unknown>;
    const result = await run.call(api, parsed);
    return { result } as WireOutcome<OperationName>;
  } catch (error) {
    return { error: toErrorInfo(error) };
  }
}
