/**
 * THE fake of our service, for host, transport and renderer tests (the engine has its own tests
 * against real gRPC servers): a small in-memory WorkbenchApi that records the params it was given
 * and emits a scripted call so event delivery can be observed end to end. It runs anywhere: where
 * export must yield a real file (hosts stream or copy it), the test passes `exportFiles`.
 */
import { WorkbenchError } from '../errors';
import type { HostInfo } from '../host';
import type { WorkbenchApi, WorkbenchEvent } from '../operations';
import { fakeCollectionOperations } from './fake-collections';
import { fakeWorkspaceHandlers } from './fake-workspace';

export type FakeService = WorkbenchApi & { dispose(): void };

export interface FakeServiceContext {
  emit(event: WorkbenchEvent): void;
  hostInfo: HostInfo;
}

export interface FakeServiceRecorder {
  /** Params each operation received, after host-side validation. */
  calls: { op: string; params: unknown }[];
  disposed: number;
}

export interface FakeServiceScript {
  /** How many call-messages events startCall emits, each with `messagesPerEvent` messages. */
  messageEvents?: number;
  messagesPerEvent?: number;
  /** Where each service instance writes its exports; without it exportMessages finds nothing. */
  exportFiles?: () => ExportFiles;
}

/** Real files for exportMessages (hosts stream or copy them). */
export interface ExportFiles {
  /** Writes an export's NDJSON text and returns its path. */
  write(callId: string, text: string): string;
  /** Removes what write wrote (on dispose). */
  cleanUp(): void;
}

export function createFakeServiceFactory(script: FakeServiceScript = {}) {
  const recorder: FakeServiceRecorder = { calls: [], disposed: 0 };
  const { messageEvents = 2, messagesPerEvent = 3 } = script;

  const factory = ({ emit, hostInfo }: FakeServiceContext): FakeService => {
    const startedCalls = new Set<string>();
    const exportFiles = script.exportFiles?.();
    const record = (op: string, params: unknown) => recorder.calls.push({ op, params });
    const notFound = (what: string) =>
      new WorkbenchError('not_found', `No ${what} with that id`, { hint: 'It may have ended already.' });
    const unsupported = (op: string) => new WorkbenchError('internal', `The fake service does not implement ${op}`);
    return {
      async hostInfo(params) {
        record('hostInfo', params);
        return hostInfo;
      },
      async startLabScenario(params) {
        record('startLabScenario', params);
        throw unsupported('startLabScenario');
      },
      async loadSchema(params) {
        record('loadSchema', params);
        throw new WorkbenchError('schema', 'user.proto:3:1: syntax error', {
          subject: 'user.proto',
          hint: 'Fix the file.',
        });
      },
      async describeMethod(params) {
        record('describeMethod', params);
        throw new Error('a bug escaped the engine');
      },
      async listSymbols(params) {
        record('listSymbols', params);
        throw unsupported('listSymbols');
      },
      async describeSymbol(params) {
        record('describeSymbol', params);
        throw unsupported('describeSymbol');
      },
      async exportSchema(params) {
        record('exportSchema', params);
        throw unsupported('exportSchema');
      },
      async startCall(params) {
        record('startCall', params);
        const { callId } = params;
        startedCalls.add(callId);
        // Like the engine, events flow after startCall answered (shared/ has no timers: a microtask).
        void Promise.resolve().then(() => {
          emit({ type: 'call-started', callId, method: params.method, kind: 'server_streaming', startedAt: 0 });
          for (let event = 0; event < messageEvents; event++) {
            const messages = Array.from({ length: messagesPerEvent }, (_, i) => {
              const index = event * messagesPerEvent + i;
              return { index, json: { n: index }, sizeBytes: 2, receivedMs: index };
            });
            emit({ type: 'call-messages', callId, messages });
          }
        });
        return { callId };
      },
      async sendMessage(params) {
        record('sendMessage', params);
      },
      async halfClose(params) {
        record('halfClose', params);
      },
      async cancelCall(params) {
        record('cancelCall', params);
        throw notFound('call');
      },
      async healthCheck(params) {
        record('healthCheck', params);
        throw unsupported('healthCheck');
      },
      async watchHealth(params) {
        record('watchHealth', params);
        throw unsupported('watchHealth');
      },
      async listHealth(params) {
        record('listHealth', params);
        throw unsupported('listHealth');
      },
      async watchChannel(params) {
        record('watchChannel', params);
        return {
          watchId: params.watchId,
          snapshot: {
            target: params.connection.target,
            state: 'IDLE',
            timeline: [],
            subchannels: [],
            callsStarted: 0,
            callsSucceeded: 0,
            callsFailed: 0,
          },
        };
      },
      async unwatchChannel(params) {
        record('unwatchChannel', params);
      },
      async serverChannelz(params) {
        record('serverChannelz', params);
        return { target: params.connection.target, servers: [], queryCalls: 1 };
      },
      async startBurst(params) {
        record('startBurst', params);
        return { burstId: params.burstId };
      },
      async cancelBurst(params) {
        record('cancelBurst', params);
        throw notFound('burst');
      },
      async openForward(params) {
        record('openForward', params);
        throw unsupported('openForward');
      },
      async closeForward(params) {
        record('closeForward', params);
        throw notFound('forward');
      },
      async listForwards(params) {
        record('listForwards', params);
        return { forwards: [] };
      },
      async checkService(params) {
        record('checkService', params);
        throw unsupported('checkService');
      },
      async listKubeContexts(params) {
        record('listKubeContexts', params);
        return { current: 'lab', contexts: [{ name: 'lab', cluster: 'lab', namespace: 'lab' }] };
      },
      async listNamespaces(params) {
        record('listNamespaces', params);
        return { namespaces: ['default', 'lab'], current: 'lab' };
      },
      async listServices(params) {
        record('listServices', params);
        return { context: 'lab', namespace: params.namespace ?? 'lab', services: [], pods: [] };
      },
      async fetchMessageValue(params) {
        record('fetchMessageValue', params);
        throw notFound('call');
      },
      async listSavedForwards(params) {
        record('listSavedForwards', params);
        return { forwards: [], kept: false };
      },
      async forgetSavedForward(params) {
        record('forgetSavedForward', params);
      },
      async exportMessages(params) {
        record('exportMessages', params);
        if (!startedCalls.has(params.callId) || exportFiles === undefined) throw notFound('call');
        const count = messageEvents * messagesPerEvent;
        // ASCII only, so its length is its size in bytes.
        const text = Array.from({ length: count }, (_, n) => `${JSON.stringify({ n })}\n`).join('');
        const path = exportFiles.write(params.callId, text);
        return { path, fileName: 'svc_M.ndjson', count, bytes: text.length };
      },
      ...fakeCollectionOperations(record, emit),
      ...fakeWorkspaceHandlers(),
      dispose() {
        recorder.disposed++;
        exportFiles?.cleanUp();
      },
    };
  };
  return { factory, recorder };
}
