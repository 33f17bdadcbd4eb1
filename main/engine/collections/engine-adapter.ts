/**
 * The runner's engine port on today's WorkbenchService (main/engine/service.ts): the one file that
 * changes when the engine's entry changes. It owns a service of its own and routes the service's
 * events to the call or burst that is waiting for them.
 */
import {
  parseOperationParams,
  type BurstReport,
  type CallEvent,
  type CallStatus,
  type WorkbenchEvent,
} from '../../../shared/api/contract';
import { WorkbenchError } from '../../../shared/api/errors';
import type { BurstOutcome, CallOutcome, OutcomeFailure } from '../../../shared/collections/outcome';
import { toErrorInfo } from '../errors';
import { createWorkbenchService, type WorkbenchService } from '../service';
import type {
  RunnerBurst,
  RunnerCall,
  RunnerConnection,
  RunnerEngine,
  RunnerRpcKind,
  RunnerSchema,
  RunnerSchemaSource,
  RunnerStep,
} from './runner-engine';

type CallEnd = Extract<CallEvent, { type: 'call-end' }>;

interface CallTracker {
  messages: unknown[];
  end?: CallEnd;
  changed: Set<() => void>;
}

interface LoadedSource {
  schemaId: string;
  methods: Set<string>;
}

const DEADLINE_EXCEEDED = 4;
const transportKinds = new Set(['dns', 'refused', 'tls', 'connection']);
const schemaKinds = new Set(['unknown_method', 'schema']);

export type ServiceEngine = RunnerEngine & { dispose(): Promise<void> };

export function createServiceEngine(): ServiceEngine {
  const calls = new Map<string, CallTracker>();
  const bursts = new Map<string, (event: Extract<WorkbenchEvent, { type: 'burst-end' }>) => void>();
  const endedBursts = new Map<string, Extract<WorkbenchEvent, { type: 'burst-end' }>>();
  const schemas = new Map<string, LoadedSource[]>();
  const tracker = (callId: string): CallTracker => {
    let found = calls.get(callId);
    if (found === undefined) calls.set(callId, (found = { messages: [], changed: new Set() }));
    return found;
  };
  const service: WorkbenchService = createWorkbenchService({
    hostInfo: { version: 'runner', host: 'browser' },
    emit: (event) => {
      if (event.type === 'call-messages') tracker(event.callId).messages.push(...event.messages.map((m) => m.json));
      else if (event.type === 'call-end') tracker(event.callId).end = event;
      else if (event.type === 'burst-end') {
        const waiter = bursts.get(event.burstId);
        if (waiter) waiter(event);
        else endedBursts.set(event.burstId, event);
        return;
      } else return;
      for (const notify of tracker(event.callId).changed) notify();
    },
  });

  const until = (call: CallTracker, condition: () => boolean): Promise<void> =>
    new Promise((done) => {
      const check = () => {
        if (condition() || call.end !== undefined) {
          call.changed.delete(check);
          done();
        }
      };
      call.changed.add(check);
      check();
    });

  const connectionOptions = (connection: RunnerConnection) => ({
    target: connection.target,
    tls: connection.tls,
    ...(connection.authority === undefined ? {} : { authority: connection.authority }),
    ...(connection.loadBalancingPolicy === undefined ? {} : { loadBalancingPolicy: connection.loadBalancingPolicy }),
    ...(connection.serviceConfigJson === undefined ? {} : { serviceConfigJson: connection.serviceConfigJson }),
  });

  const sourceFor = (schema: RunnerSchema, method: string): string | undefined =>
    schemas.get(schema.id)?.find((source) => source.methods.has(method))?.schemaId;

  return {
    async loadSchema(sources: readonly RunnerSchemaSource[], connection: RunnerConnection): Promise<RunnerSchema> {
      const loaded: LoadedSource[] = [];
      const methods = new Map<string, RunnerRpcKind>();
      const problems: string[] = [];
      const failures: WorkbenchError[] = [];
      for (const source of sources) {
        const params =
          source.kind === 'reflection'
            ? { kind: 'reflection' as const, connection: connectionOptions(connection) }
            : source.kind === 'protoset'
              ? { kind: 'protoset' as const, files: [source.file] }
              : { kind: 'protoFiles' as const, files: source.files, importPaths: source.importPaths };
        try {
          const result = await service.loadSchema(parseOperationParams('loadSchema', params));
          const names = new Set<string>();
          for (const entry of result.services) {
            for (const method of entry.methods) {
              names.add(method.path);
              if (!methods.has(method.path)) methods.set(method.path, method.kind);
            }
          }
          loaded.push({ schemaId: result.schemaId, methods: names });
          problems.push(...result.problems.map((problem) => `${problem.file}: ${problem.message}`));
        } catch (error) {
          failures.push(asWorkbenchError(error));
          problems.push(`${source.kind}: ${failures.at(-1)!.message}`);
        }
      }
      if (loaded.length === 0) {
        // A transport failure keeps its kind: the runner tells "could not connect" (2) from "no schema" (5).
        const transport = failures.find((failure) => categoryOf(failure.kind, undefined) === 'transport');
        throw new WorkbenchError(
          transport?.kind ?? 'schema',
          `No schema source could be loaded: ${problems.join('; ')}`,
          {
            hint:
              transport?.hint ?? 'Check the schema sources of workbench.yaml and that the target serves reflection.',
          },
        );
      }
      const id = `schema-${schemas.size + 1}`;
      schemas.set(id, loaded);
      return { id, methods, problems };
    },

    async call(call: RunnerCall, steps: readonly RunnerStep[], signal?: AbortSignal): Promise<CallOutcome> {
      const schemaId = sourceFor(call.schema, call.method);
      const kind = call.schema.methods.get(call.method);
      if (schemaId === undefined || kind === undefined) {
        return failedOutcome({
          category: 'schema',
          kind: 'unknown_method',
          message: `${call.method} is not in the schema`,
        });
      }
      const streamingInput = kind === 'client_streaming' || kind === 'bidi_streaming';
      const firstJson = steps.find((step): step is { json: string } => 'json' in step)?.json ?? '{}';
      let callId: string;
      try {
        ({ callId } = await service.startCall(
          parseOperationParams('startCall', {
            schemaId,
            method: call.method,
            connection: connectionOptions(call.connection),
            metadata: call.metadata.map(([key, value]) => ({ key, value })),
            ...(call.deadlineMs === undefined ? {} : { deadlineMs: call.deadlineMs }),
            messages: streamingInput ? [] : [firstJson],
          }),
        ));
      } catch (error) {
        const info = asWorkbenchError(error);
        return failedOutcome({
          category: categoryOf(info.kind, undefined) ?? 'request',
          kind: info.kind,
          message: info.message,
        });
      }
      const tracked = tracker(callId);
      const cancel = () => void service.cancelCall({ callId }).catch(() => undefined);
      signal?.addEventListener('abort', cancel, { once: true });
      try {
        if (streamingInput) await sendSteps(callId, tracked, steps);
        await until(tracked, () => false);
      } finally {
        signal?.removeEventListener('abort', cancel);
        calls.delete(callId);
      }
      return toOutcome(tracked.end!, tracked.messages);
    },

    async burst(burst: RunnerBurst, signal?: AbortSignal): Promise<BurstOutcome> {
      const schemaId = sourceFor(burst.schema, burst.method);
      if (schemaId === undefined) throw new WorkbenchError('unknown_method', `${burst.method} is not in the schema`);
      const { burstId } = await service.startBurst(
        parseOperationParams('startBurst', {
          schemaId,
          method: burst.method,
          connection: connectionOptions(burst.connection),
          metadata: burst.metadata.map(([key, value]) => ({ key, value })),
          requestJson: burst.requestJson,
          ...(burst.deadlineMs === undefined ? {} : { deadlineMs: burst.deadlineMs }),
          total: burst.calls,
          concurrency: burst.concurrency,
          connections: burst.connections,
          lbPolicy: burst.connection.loadBalancingPolicy ?? 'pick_first',
          ...(burst.backendKey === undefined ? {} : { backendKey: burst.backendKey }),
        }),
      );
      const cancel = () => void service.cancelBurst({ burstId });
      signal?.addEventListener('abort', cancel, { once: true });
      const end = await new Promise<Extract<WorkbenchEvent, { type: 'burst-end' }>>((done) => {
        const already = endedBursts.get(burstId);
        if (already) done(already);
        else bursts.set(burstId, done);
      });
      signal?.removeEventListener('abort', cancel);
      bursts.delete(burstId);
      endedBursts.delete(burstId);
      if (end.error !== undefined) throw WorkbenchError.fromData(end.error);
      return toBurstOutcome(end.report);
    },

    dispose: () => service.dispose(),
  };

  async function sendSteps(callId: string, call: CallTracker, steps: readonly RunnerStep[]): Promise<void> {
    for (const step of steps) {
      if (call.end !== undefined) return;
      if ('json' in step) await service.sendMessage({ callId, json: step.json });
      else if ('delayMs' in step) await new Promise((done) => setTimeout(done, step.delayMs));
      else await until(call, () => call.messages.length >= step.waitReceived);
    }
    if (call.end === undefined) await service.halfClose({ callId });
  }
}

function categoryOf(kind: string, status: CallStatus | undefined): OutcomeFailure['category'] | undefined {
  if (transportKinds.has(kind)) return 'transport';
  if (kind === 'timeout') return status?.code === DEADLINE_EXCEEDED ? undefined : 'transport';
  if (schemaKinds.has(kind)) return 'schema';
  return 'request';
}

function failedOutcome(failure: OutcomeFailure): CallOutcome {
  return {
    status: { code: 2, name: 'UNKNOWN', message: failure.message, details: [] },
    headers: {},
    trailers: {},
    messages: [],
    timings: { totalMs: 0 },
    sent: 0,
    failure,
  };
}

function toOutcome(end: CallEnd, messages: unknown[]): CallOutcome {
  const { status } = end;
  const category = status.error === undefined ? undefined : categoryOf(status.error.kind, status);
  return {
    status: { code: status.code, name: status.name, message: status.message, details: status.details },
    headers: end.headers,
    trailers: end.trailers,
    messages,
    ...(end.peer === undefined ? {} : { peer: end.peer }),
    timings: end.timings,
    sent: end.sent,
    ...(category === undefined || status.error === undefined
      ? {}
      : { failure: { category, kind: status.error.kind, message: status.error.message } }),
  };
}

function toBurstOutcome(report: BurstReport): BurstOutcome {
  return {
    calls: report.calls,
    ok: report.ok,
    connections: report.connections,
    backends: report.backends.map((backend) => ({ id: backend.id, hits: backend.hits, errors: backend.errors })),
    verdict: { kind: report.verdict.kind, text: report.verdict.text },
  };
}

/** The engine still throws EngineError; WorkbenchError carries the same data. */
function asWorkbenchError(error: unknown): WorkbenchError {
  return error instanceof WorkbenchError ? error : WorkbenchError.fromData(toErrorInfo(error));
}
