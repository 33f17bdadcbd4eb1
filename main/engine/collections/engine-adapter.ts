/**
 * The runner's engine port (runner-engine.ts) on a WorkbenchClient: the runner is one more client
 * of the engine, through the same door as the CLI and the hosts (the operation table's validation
 * included). It subscribes to each call and burst by its own id before starting it.
 */
import { randomUUID } from 'node:crypto';
import type {
  BurstEvent,
  BurstReport,
  CallEvent,
  ConnectionOptions,
  SchemaSource,
  WorkbenchClient,
  WorkbenchEvent,
} from '../../../shared/api';
import { followEvents, WorkbenchError } from '../../../shared/api';
import { callOutcome, outcomeFailureCategory } from '../../../shared/collections/call-outcome';
import type { BurstOutcome, CallOutcome, OutcomeFailure } from '../../../shared/collections/outcome';
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
type BurstEnd = Extract<BurstEvent, { type: 'burst-end' }>;

const isCallEnd = (event: WorkbenchEvent): event is CallEnd => event.type === 'call-end';
const isBurstEnd = (event: WorkbenchEvent): event is BurstEnd => event.type === 'burst-end';

/** The runner's engine on a client of the engine (the in-process one in the CLI and the service). */
export function createClientEngine(client: WorkbenchClient): RunnerEngine {
  return {
    async loadSchema(sources: readonly RunnerSchemaSource[], connection: RunnerConnection): Promise<RunnerSchema> {
      let result;
      try {
        result = await client.loadSchema({ sources: sources.map((source) => toSchemaSource(source, connection)) });
      } catch (error) {
        const failure = WorkbenchError.from(error);
        // A transport failure keeps its kind: the runner tells "could not connect" (2) from "no schema" (5).
        throw new WorkbenchError(failure.kind, `No schema could be loaded: ${failure.message}`, {
          hint: failure.hint ?? 'Check the schema sources of workbench.yaml and that the target serves reflection.',
        });
      }
      const methods = new Map<string, RunnerRpcKind>();
      for (const service of result.services) {
        for (const method of service.methods) if (!methods.has(method.path)) methods.set(method.path, method.kind);
      }
      return {
        id: result.schemaId,
        methods,
        problems: result.problems.map((problem) => `${problem.file}: ${problem.message}`),
      };
    },

    async call(call: RunnerCall, steps: readonly RunnerStep[], signal?: AbortSignal): Promise<CallOutcome> {
      const kind = call.schema.methods.get(call.method);
      if (kind === undefined) {
        return failedOutcome({
          category: 'schema',
          kind: 'unknown_method',
          message: `${call.method} is not in the schema`,
        });
      }
      const streamingInput = kind === 'client_streaming' || kind === 'bidi_streaming';
      const firstJson = steps.find((step): step is { json: string } => 'json' in step)?.json ?? '{}';
      const callId = randomUUID();
      const messages: unknown[] = [];
      const changed = new Set<() => void>();
      const events = followEvents(client, callId, isCallEnd, (event) => {
        if (event.type === 'call-messages') messages.push(...event.messages.map((message) => message.json));
        for (const notify of [...changed]) notify();
      });
      try {
        await client.startCall({
          callId,
          schemaId: call.schema.id,
          method: call.method,
          connection: connectionOptions(call.connection),
          metadata: call.metadata.map(([key, value]) => ({ key, value })),
          ...(call.deadlineMs === undefined ? {} : { deadlineMs: call.deadlineMs }),
          ...(call.compression === undefined ? {} : { compression: call.compression }),
          messages: streamingInput ? [] : [firstJson],
        });
      } catch (error) {
        events.dispose();
        const info = WorkbenchError.from(error);
        return failedOutcome({
          category: outcomeFailureCategory(info.kind, undefined) ?? 'request',
          kind: info.kind,
          message: info.message,
        });
      }
      // Once ended, a cancel finds no call: that not_found is expected.
      const cancel = () => void client.cancelCall({ callId }).catch(() => undefined);
      signal?.addEventListener('abort', cancel, { once: true });
      /** Resolves when `condition` holds or the call ended. */
      const until = (condition: () => boolean): Promise<void> =>
        new Promise((done) => {
          const check = () => {
            if (!condition() && !events.hasEnded()) return;
            changed.delete(check);
            done();
          };
          changed.add(check);
          check();
        });
      try {
        if (streamingInput) {
          for (const step of steps) {
            if (events.hasEnded()) break;
            if ('json' in step) await client.sendMessage({ callId, json: step.json });
            else if ('delayMs' in step) await new Promise((done) => setTimeout(done, step.delayMs));
            else await until(() => messages.length >= step.waitReceived);
          }
          if (!events.hasEnded()) await client.halfClose({ callId });
        }
        return callOutcome(await events.ended, messages);
      } finally {
        signal?.removeEventListener('abort', cancel);
      }
    },

    async burst(burst: RunnerBurst, signal?: AbortSignal): Promise<BurstOutcome> {
      const burstId = randomUUID();
      const events = followEvents(client, burstId, isBurstEnd);
      try {
        await client.startBurst({
          burstId,
          schemaId: burst.schema.id,
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
        });
      } catch (error) {
        events.dispose();
        throw error;
      }
      const cancel = () => void client.cancelBurst({ burstId }).catch(() => undefined);
      signal?.addEventListener('abort', cancel, { once: true });
      try {
        const end = await events.ended;
        if (end.error !== undefined) throw WorkbenchError.fromData(end.error);
        return toBurstOutcome(end.report);
      } finally {
        signal?.removeEventListener('abort', cancel);
      }
    },
  };
}

function connectionOptions(connection: RunnerConnection): ConnectionOptions {
  return {
    target: connection.target,
    tls: connection.tls,
    ...(connection.authority === undefined ? {} : { authority: connection.authority }),
    ...(connection.loadBalancingPolicy === undefined ? {} : { loadBalancingPolicy: connection.loadBalancingPolicy }),
    ...(connection.serviceConfigJson === undefined ? {} : { serviceConfigJson: connection.serviceConfigJson }),
    ...connection.channel,
  };
}

function toSchemaSource(source: RunnerSchemaSource, connection: RunnerConnection): SchemaSource {
  if (source.kind === 'reflection') return { kind: 'reflection', connection: connectionOptions(connection) };
  if (source.kind === 'protoset') return { kind: 'protoset', files: [source.file] };
  return { kind: 'protoFiles', files: source.files, importPaths: source.importPaths };
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

function toBurstOutcome(report: BurstReport): BurstOutcome {
  return {
    calls: report.calls,
    ok: report.ok,
    connections: report.connections,
    backends: report.backends.map((backend) => ({ id: backend.id, hits: backend.hits, errors: backend.errors })),
    verdict: { kind: report.verdict.kind, text: report.verdict.text },
  };
}
