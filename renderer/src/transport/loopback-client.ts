/**
 * An in-memory WorkbenchClient over a WorkbenchApi object, for tests and tools that run the API
 * in the same process (connect-es keeps an in-memory transport for the same reason). Params are
 * validated as a host would, and failures become WorkbenchCallErrors as over a real link.
 */
import { z } from 'zod';
import type {
  EngineErrorKind,
  WireError,
  WorkbenchApi,
  WorkbenchClient,
  WorkbenchEvent,
} from '../../../shared/api/contract';
import { engineErrorKinds, parseOperationParams } from '../../../shared/api/contract';
import type { WireOutcome } from '../../../shared/api/wire';
import { badInputFromZod } from '../../../shared/api/wire';
import { clientFromOutcomeLink } from './outcome-client';

export interface LoopbackEvents {
  subscribe(listener: (events: WorkbenchEvent[]) => void): () => void;
}

export function createLoopbackClient(api: WorkbenchApi, events: LoopbackEvents): WorkbenchClient {
  return clientFromOutcomeLink({
    async invoke(op, params): Promise<WireOutcome> {
      try {
        const parsed = parseOperationParams(op, params);
        const result = await (api[op] as (p: unknown) => Promise<unknown>)(parsed);
        return { result } as WireOutcome;
      } catch (error) {
        if (error instanceof z.ZodError) return { error: badInputFromZod(op, error) };
        return { error: errorAsData(error) };
      }
    },
    subscribe: (listener) => events.subscribe(listener),
  });
}

/** Keeps the kind/hint/subject of engine-style errors (duck-typed: main/ is out of reach here). */
function errorAsData(error: unknown): WireError {
  const candidate = error as { kind?: unknown; message?: unknown; hint?: unknown; subject?: unknown };
  const kind = (engineErrorKinds as readonly unknown[]).includes(candidate?.kind)
    ? (candidate.kind as EngineErrorKind)
    : 'internal';
  return {
    kind,
    message: error instanceof Error ? error.message : String(error),
    ...(typeof candidate?.hint === 'string' ? { hint: candidate.hint } : {}),
    ...(typeof candidate?.subject === 'string' ? { subject: candidate.subject } : {}),
  };
}
