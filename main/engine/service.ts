import { randomUUID } from 'node:crypto';
import type {
  HostInfo,
  MethodDescription,
  SchemaLoadResult,
  SchemaSource,
  WorkbenchApi,
  WorkbenchEvent,
} from '../../shared/api/contract';
import { exampleJson, jsonSchemaForMessage } from '../../shared/codec';
import { BurstManager } from './burst';
import { CallRecordings } from './call/messageRecording';
import { startCall, type CallHandle } from './call/startCall';
import { ChannelPool } from './channel/pool';
import { ChannelWatcher, queryServerChannelz } from './channelz';
import { EngineError } from './errors';
import { loadSchemaViaReflection } from './reflection/loadSchemaViaReflection';
import { compileProtoFiles, describeDescriptorText, methodPath, readProtosets, Schema, SchemaStore } from './schema';

export interface WorkbenchServiceOptions {
  /** Where every call, channel and burst event goes (the host forwards them to the renderer). */
  emit: (event: WorkbenchEvent) => void;
  hostInfo: HostInfo;
  /** Shared channel pool; the service makes its own when none is given. Closed on dispose either way. */
  pool?: ChannelPool;
  /** How many ended calls keep their recorded messages for exportMessages (default 20). */
  keepEndedRecordings?: number;
}

export type WorkbenchService = WorkbenchApi & {
  /** Cancels running calls and bursts, ends channel watches, closes every channel and deletes recorded messages. */
  dispose(): Promise<void>;
};

/**
 * The one service object both hosts expose (Electron IPC and the browser-mode WebSocket). Params
 * arrive already validated against the contract's schemas; failures are thrown as EngineError.
 */
export function createWorkbenchService(options: WorkbenchServiceOptions): WorkbenchService {
  const { emit } = options;
  const pool = options.pool ?? new ChannelPool();
  const schemas = new SchemaStore();
  const calls = new Map<string, CallHandle>();
  const recordings = new CallRecordings({ keepEnded: options.keepEndedRecordings });
  const channels = new ChannelWatcher(pool, emit);
  const bursts = new BurstManager({ pool, schemaFor: (schemaId) => schemas.get(schemaId), emit });

  const runningCall = (callId: string): CallHandle => {
    const call = calls.get(callId);
    if (call === undefined) {
      throw new EngineError('not_found', `There is no running call ${callId}.`, {
        subject: callId,
        hint: 'The call has ended or was never started.',
      });
    }
    return call;
  };

  return {
    hostInfo: async () => options.hostInfo,

    loadSchema: async (source) => {
      const { schema, problems, reflectionVersion } = await loadSchemaFrom(source, pool);
      return {
        schemaId: schemas.add(schema),
        services: schema.services(),
        fileCount: schema.fileSet.file.length,
        problems: [...problems, ...schema.problems],
        ...(reflectionVersion === undefined ? {} : { reflectionVersion }),
      };
    },

    describeMethod: async ({ schemaId, method }): Promise<MethodDescription> => {
      const desc = schemas.get(schemaId).findMethod(method);
      return {
        name: desc.name,
        path: methodPath(desc),
        kind: desc.methodKind,
        inputType: desc.input.typeName,
        outputType: desc.output.typeName,
        inputJsonSchema: jsonSchemaForMessage(desc.input),
        exampleJson: exampleJson(desc.input),
        inputDescriptorText: describeDescriptorText(desc.input),
        outputDescriptorText: describeDescriptorText(desc.output),
      };
    },

    startCall: async (request) => {
      const callId = randomUUID();
      const recording = await recordings.create(callId, request.method);
      let call: CallHandle;
      try {
        call = await startCall({
          pool,
          schema: schemas.get(request.schemaId),
          request,
          callId,
          onEvent: (event) => {
            if (event.type === 'call-messages') recording.append(event.messages);
            emit(event);
          },
        });
      } catch (error) {
        void recordings.forget(callId);
        throw error;
      }
      calls.set(callId, call);
      void call.done.then(() => {
        calls.delete(callId);
        recordings.markEnded(callId);
      });
      return { callId };
    },
    sendMessage: async ({ callId, json }) => runningCall(callId).send(json),
    halfClose: async ({ callId }) => runningCall(callId).halfClose(),
    cancelCall: async ({ callId }) => runningCall(callId).cancel(),

    watchChannel: (params) => channels.watchChannel(params),
    unwatchChannel: async (params) => channels.unwatchChannel(params),
    serverChannelz: ({ connection, metadata }) => queryServerChannelz({ pool, connection, metadata }),
    startBurst: (request) => bursts.startBurst(request),
    cancelBurst: async (params) => bursts.cancelBurst(params),
    exportMessages: async ({ callId }) => recordings.get(callId).exported(),

    dispose: async () => {
      bursts.dispose();
      channels.dispose();
      const running = [...calls.values()];
      for (const call of running) call.cancel();
      await Promise.all(running.map((call) => call.done));
      pool.closeAll();
      await recordings.dispose();
    },
  };
}

interface LoadedSchema {
  schema: Schema;
  problems: SchemaLoadResult['problems'];
  reflectionVersion?: SchemaLoadResult['reflectionVersion'];
}

async function loadSchemaFrom(source: SchemaSource, pool: ChannelPool): Promise<LoadedSchema> {
  switch (source.kind) {
    case 'reflection': {
      const reflected = await loadSchemaViaReflection({
        pool,
        connection: source.connection,
        metadata: source.metadata,
      });
      return {
        schema: Schema.fromFileDescriptorProtos(reflected.files),
        problems: reflected.problems,
        reflectionVersion: reflected.version,
      };
    }
    case 'protoFiles': {
      const compiled = await compileProtoFiles({ files: source.files, importPaths: source.importPaths });
      return { schema: Schema.fromFileDescriptorSet(compiled.fileSet), problems: compiled.problems };
    }
    case 'protoset':
      return { schema: Schema.fromFileDescriptorSet(await readProtosets(source.files)), problems: [] };
  }
}
