/**
 * A small in-memory WorkbenchApi for host and transport tests: a fake of OUR service (the engine
 * has its own tests against real gRPC servers). It records the params it was given and emits a
 * scripted call so event delivery can be observed end to end.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostedService, ServiceHostContext } from '../host-service';
import { EngineError } from '../../engine/errors';

export interface FakeServiceRecorder {
  /** Params each operation received, after host-side validation. */
  calls: { op: string; params: unknown }[];
  disposed: number;
}

/** How many call-messages events startCall emits, each with `messagesPerEvent` messages. */
export interface FakeServiceScript {
  messageEvents?: number;
  messagesPerEvent?: number;
}

export function createFakeServiceFactory(script: FakeServiceScript = {}) {
  const recorder: FakeServiceRecorder = { calls: [], disposed: 0 };
  const { messageEvents = 2, messagesPerEvent = 3 } = script;

  const factory = ({ emit, hostInfo }: ServiceHostContext): HostedService => {
    let nextCall = 1;
    // exportMessages answers with a real file (hosts stream or copy it), written on first use.
    let exportDir: string | undefined;
    const record = (op: string, params: unknown) => recorder.calls.push({ op, params });
    const notFound = (what: string) =>
      new EngineError('not_found', `No ${what} with that id`, { hint: 'It may have ended already.' });
    return {
      async hostInfo(params) {
        record('hostInfo', params);
        return hostInfo;
      },
      async loadSchema(params) {
        record('loadSchema', params);
        throw new EngineError('schema', 'user.proto:3:1: syntax error', {
          subject: 'user.proto',
          hint: 'Fix the file.',
        });
      },
      async describeMethod(params) {
        record('describeMethod', params);
        throw new Error('a bug escaped the engine');
      },
      async startCall(params) {
        record('startCall', params);
        const callId = `call-${nextCall++}`;
        // Like the engine, events flow after the call id is known to the caller.
        setImmediate(() => {
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
      async watchChannel(params) {
        record('watchChannel', params);
        return {
          watchId: 'w1',
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
        return { target: params.connection.target, servers: [] };
      },
      async startBurst(params) {
        record('startBurst', params);
        return { burstId: 'b1' };
      },
      async cancelBurst(params) {
        record('cancelBurst', params);
        throw notFound('burst');
      },
      async exportMessages(params) {
        record('exportMessages', params);
        const started = Number(/^call-(\d+)$/.exec(params.callId)?.[1]);
        if (!(started >= 1 && started < nextCall)) throw notFound('call');
        exportDir ??= mkdtempSync(join(tmpdir(), 'fake-service-'));
        const path = join(exportDir, `${params.callId}.ndjson`);
        const count = messageEvents * messagesPerEvent;
        const text = Array.from({ length: count }, (_, n) => `${JSON.stringify({ n })}\n`).join('');
        writeFileSync(path, text);
        return { path, fileName: 'svc_M.ndjson', count, bytes: Buffer.byteLength(text) };
      },
      dispose() {
        recorder.disposed++;
        if (exportDir) rmSync(exportDir, { recursive: true, force: true });
      },
    };
  };
  return { factory, recorder };
}
