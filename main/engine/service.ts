import type {
  ConnectionOptions,
  HostInfo,
  MetadataEntry,
  MethodDescription,
  WorkbenchApi,
  WorkbenchClient,
  WorkbenchEvent,
  WorkspaceOperationName,
} from '../../shared/api';
import { createEventHub, createInProcessClient, valueAtPath, WorkbenchError } from '../../shared/api';
import { exampleJson, jsonSchemaForMessage } from '../../shared/codec';
import type { BurstManager } from './burst/burst-manager';
import { CallRecordings } from './call/message-recording';
import { startCall, type CallHandle } from './call/start-call';
import { ChannelPool } from './channel/pool';
import type { ChannelWatcher } from './channelz/channel-watcher';
import { resolveHostVariables, type HostVariableSources } from './collections/call-secrets';
import { lazyCollectionOperations } from './collections/lazy-collection-operations';
import type { SecretStore } from './collections/secrets';
import type { RunCall } from './collections/runner';
import type { HealthWatch } from './health/health';
import { describeDescriptorText, methodPath, SchemaStore } from './schema';
import { duplicateId } from './ids';
import { loadSchemaFromSources, schemaLoadSummary } from './schema/load-schema';
import type { ForwardManager } from './k8s/forward-manager';
import { K8sTargets } from './k8s/k8s-targets';
import { savedForwardOperations, type SavedForwardStore } from './k8s/saved-forwards';
import { isK8sTarget } from '../../shared/k8s/target';

export interface WorkbenchServiceOptions {
  /** Where every call, channel and burst event goes (the host forwards them to the client). */
  emit: (event: WorkbenchEvent) => void;
  hostInfo: HostInfo;
  /** Shared channel pool; the service makes its own when none is given. Closed on dispose either way. */
  pool?: ChannelPool;
  /** How many ended calls keep their recorded messages for exportMessages (default 20). */
  keepEndedRecordings?: number;
  /** Default true. False for a front end that never exports (the CLI): calls then write nothing to disk. */
  recordMessages?: boolean;
  /** The host's secret store (host capabilities), for collections' secrets; absent: none is kept. */
  secrets?: SecretStore;
  /** The port-forwards of this service (k8s:// targets and openForward); the service makes its own when none is given. */
  forwards?: ForwardManager;
  /**
   * The host's keeping of the user's work in its data folder (drafts, history, recent collections,
   * the folder browser); absent (the CLI, tests): those operations say the host keeps none.
   */
  workspace?: WorkspaceOperations;
  /** The host's keeping of the forwards a user opened (its data folder); absent (the CLI, tests): none is kept. */
  savedForwards?: SavedForwardStore;
  /** The demo lab's scenarios, where the host runs the lab (main/host/lab-scenarios.ts); absent: none. */
  labScenarios?: LabScenarioOperations;
  /** Each call a collection run made, its secrets masked (the host keeps them in its history); absent: none kept. */
  recordRunCall?: (call: RunCall) => void;
}

/** Starting the demo lab's scenarios, as a host that runs the lab implements it. */
export type LabScenarioOperations = Pick<WorkbenchApi, 'startLabScenario'>;

/** The workspace operations as a host implements them (main/host/workspace). */
export type WorkspaceOperations = Pick<WorkbenchApi, WorkspaceOperationName>;

export type WorkbenchService = WorkbenchApi & {
  /** Cancels running calls and bursts, ends channel watches, closes every channel and deletes recorded messages. */
  dispose(): Promise<void>;
};

/**
 * The engine as one service object, what every host and the in-process client expose. Params
 * arrive already validated against the operation table; failures are thrown as WorkbenchError.
 * Ids of calls, health watches, bursts and channel watches are the client's.
 */
export function createEngineService(options: WorkbenchServiceOptions): WorkbenchService {
  const { emit } = options;
  const pool = options.pool ?? new ChannelPool();
  const schemas = new SchemaStore();
  const calls = new Map<string, CallHandle>();
  /** The collection each running call was sent from: later stream messages get its secrets too. */
  const callCollections = new Map<string, string>();
  const hostVariables: HostVariableSources = {
    processEnv: process.env,
    ...(options.secrets === undefined ? {} : { store: options.secrets }),
  };
  /**
   * What every health call takes: its connection (a `k8s://` target forwarded) and its metadata with
   * `{{secret.…}}`/`{{env.…}}` resolved, as a call's are.
   */
  const healthCall = async <T extends HealthCallParams>(params: T) => {
    const resolved = await k8sParams(await resolveHostVariables(params, params.collection?.root, hostVariables));
    const { connection, metadata, deadlineMs } = resolved;
    return { resolved, call: { pool, connection, metadata, ...(deadlineMs === undefined ? {} : { deadlineMs }) } };
  };
  const healthWatches = new Map<string, HealthWatch>();
  const recordings = new CallRecordings({ keepEnded: options.keepEndedRecordings });
  // Bursts, channel watches, health and the cluster operations load their modules (and generated
  // descriptors) on first use: a process that makes one call parses, compiles and runs none of them.
  let channelsLoaded: Promise<ChannelWatcher> | undefined;
  const channels = (): Promise<ChannelWatcher> =>
    (channelsLoaded ??= import('./channelz/channel-watcher').then((module) => new module.ChannelWatcher(pool, emit)));
  let burstsLoaded: Promise<BurstManager> | undefined;
  const bursts = (): Promise<BurstManager> =>
    (burstsLoaded ??= import('./burst/burst-manager').then(
      (module) => new module.BurstManager({ pool, schemaFor: (schemaId) => schemas.get(schemaId), emit }),
    ));
  const health = () => import('./health/health');
  // Collection runs are one more client of the engine: an engine of their own (its own channels),
  // reached through the same dispatch, so their calls' events stay off the host's event stream.
  let runner: (WorkbenchClient & { dispose(): Promise<void> }) | undefined;
  const runnerClient = (): WorkbenchClient => {
    if (runner === undefined) {
      const events = createEventHub();
      const engine = createEngineService({ emit: events.emit, hostInfo: options.hostInfo, recordMessages: false });
      runner = Object.assign(createInProcessClient(engine, events), { dispose: () => engine.dispose() });
    }
    return runner;
  };
  const collections = lazyCollectionOperations({
    emit,
    runnerClient,
    ...(options.secrets === undefined ? {} : { secrets: options.secrets }),
    ...(options.recordRunCall === undefined ? {} : { onRunCall: options.recordRunCall }),
  });
  const { remember, ...savedForwards } = savedForwardOperations(options.savedForwards);
  const watchForwards = (forwards: ForwardManager): { forwards: ForwardManager; k8s: K8sTargets } => {
    forwards.on('state', (forwardId, change) => {
      const forward = forwards.get(forwardId);
      if (forward) emit({ type: 'forward-state', forwardId, change, snapshot: forward.snapshot() });
    });
    forwards.on('closed', (forwardId) => emit({ type: 'forward-end', forwardId }));
    return { forwards, k8s: new K8sTargets(forwards) };
  };
  // A host's own forward manager is watched from the start; the service's own is made on first use.
  let clusterLoaded: Promise<{ forwards: ForwardManager; k8s: K8sTargets }> | undefined =
    options.forwards === undefined ? undefined : Promise.resolve(watchForwards(options.forwards));
  const cluster = () =>
    (clusterLoaded ??= import('./k8s/forward-manager').then((module) => watchForwards(new module.ForwardManager())));
  const forwards = async (): Promise<ForwardManager> => (await cluster()).forwards;
  const clusterBrowse = () => import('./k8s/browse');
  /** Params with a k8s:// target resolved (K8sTargets.params); any other target loads no cluster code. */
  const k8sParams = async <T extends { connection: ConnectionOptions }>(params: T): Promise<T> =>
    isK8sTarget(params.connection.target) ? (await cluster()).k8s.params(params) : params;

  const runningCall = (callId: string): CallHandle => {
    const call = calls.get(callId);
    if (call === undefined) {
      throw new WorkbenchError('not_found', `There is no running call ${callId}.`, {
        subject: callId,
        hint: 'The call has ended or was never started.',
      });
    }
    return call;
  };
  /** Calls and health watches share one id space: cancelCall ends either. */
  const claimCallId = (callId: string): void => {
    if (calls.has(callId) || healthWatches.has(callId)) throw duplicateId('call', callId);
  };

  return {
    hostInfo: async () => options.hostInfo,
    startLabScenario: (params) =>
      options.labScenarios === undefined
        ? Promise.reject(
            new WorkbenchError('not_found', 'This host runs no demo lab, so it has no scenarios to start.', {
              hint: 'Start the app with its lab (npm start) or browser mode with --lab.',
            }),
          )
        : options.labScenarios.startLabScenario(params),

    loadSchema: async ({ sources, link = 'all', schemaId }) => {
      const loading = (async () => {
        const resolved = await Promise.all(
          sources.map(async (source) =>
            source.kind === 'reflection'
              ? k8sParams(await resolveHostVariables(source, source.collection?.root, hostVariables))
              : source,
          ),
        );
        return loadSchemaFromSources(resolved, pool, link);
      })();
      // Under the client's id, operations naming it wait for this load (SchemaStore.ready).
      if (schemaId !== undefined)
        await schemas.addLoading(
          schemaId,
          loading.then((loaded) => loaded.schema),
        );
      const loaded = await loading;
      return { schemaId: schemaId ?? schemas.add(loaded.schema), ...schemaLoadSummary(loaded, link) };
    },

    describeMethod: async ({ schemaId, method }): Promise<MethodDescription> => {
      const desc = (await schemas.ready(schemaId)).findMethod(method);
      return {
        name: desc.name,
        path: methodPath(desc),
        kind: desc.methodKind,
        inputType: desc.input.typeName,
        outputType: desc.output.typeName,
        inputJsonSchema: jsonSchemaForMessage(desc.input),
        exampleJson: exampleJson(desc.input, { style: 'minimal' }),
        fullTemplateJson: exampleJson(desc.input),
        descriptorText: describeDescriptorText(desc),
        inputDescriptorText: describeDescriptorText(desc.input),
        outputDescriptorText: describeDescriptorText(desc.output),
      };
    },
    listSymbols: async ({ schemaId, service }) => {
      const schema = await schemas.ready(schemaId);
      return { names: service === undefined ? schema.listServices() : schema.listMethods(service) };
    },
    describeSymbol: async ({ schemaId, symbol, template }) => {
      const schema = await schemas.ready(schemaId);
      const text = schema.describe(symbol);
      // Only when asked: the template needs the message linked, which describe alone avoids.
      const message = template === true ? schema.registry.getMessage(symbol.replace(/^\./, '')) : undefined;
      return { symbol, text, ...(message === undefined ? {} : { template: exampleJson(message) }) };
    },
    exportSchema: async ({ schemaId, symbols }) => ({
      protosetBase64: Buffer.from((await schemas.ready(schemaId)).toProtoset(symbols)).toString('base64'),
    }),

    startCall: async (params) => {
      const { callId } = params;
      claimCallId(callId);
      const root = params.collection?.root;
      const request = await k8sParams(await resolveHostVariables(params, root, hostVariables));
      const schema = await schemas.ready(request.schemaId);
      const recording = options.recordMessages === false ? undefined : await recordings.create(callId, request.method);
      let call: CallHandle;
      try {
        claimCallId(callId); // another start with this id may have run while the recording was created
        call = await startCall({
          pool,
          schema,
          request,
          onEvent: (event) => {
            if (event.type === 'call-messages') recording?.append(event.messages);
            emit(event);
          },
        });
      } catch (error) {
        void recordings.forget(callId);
        throw error;
      }
      calls.set(callId, call);
      if (root !== undefined) callCollections.set(callId, root);
      void call.done.then(() => {
        calls.delete(callId);
        callCollections.delete(callId);
        recordings.markEnded(callId);
      });
      return { callId };
    },
    sendMessage: async ({ callId, json }) => {
      const call = runningCall(callId);
      const { messages } = await resolveHostVariables({ messages: [json] }, callCollections.get(callId), hostVariables);
      return call.send(messages[0]!);
    },
    halfClose: async ({ callId }) => runningCall(callId).halfClose(),
    cancelCall: async ({ callId }) => {
      const watch = healthWatches.get(callId);
      if (watch !== undefined) watch.cancel();
      else runningCall(callId).cancel();
    },
    exportMessages: async ({ callId }) => recordings.get(callId).exported(),
    fetchMessageValue: async ({ callId, index, path }) => {
      const value = valueAtPath(await recordings.get(callId).message(index), path);
      if (value === undefined) {
        throw new WorkbenchError('not_found', `Message ${index} of the call has no value at ${path.join('.')}.`, {
          subject: path.join('.'),
        });
      }
      // The text the page copies (JSON.stringify of what it received, indented): the recording is that JSON.
      return { value: typeof value === 'string' ? value : JSON.stringify(value, null, 2) };
    },

    healthCheck: async (params) => {
      const { resolved, call } = await healthCall(params);
      return (await health()).checkHealth({ ...call, service: resolved.service });
    },
    watchHealth: async (params) => {
      claimCallId(params.callId);
      const { resolved, call } = await healthCall(params);
      const { callId } = resolved;
      claimCallId(callId);
      const watch = await (
        await health()
      ).watchHealth({ ...call, service: resolved.service }, (servingStatus) =>
        emit({ type: 'health-status', callId, servingStatus }),
      );
      healthWatches.set(callId, watch);
      void watch.done.then((status) => {
        healthWatches.delete(callId);
        emit({ type: 'health-end', callId, status });
      });
      return { callId };
    },
    listHealth: async (params) => {
      const { resolved, call } = await healthCall(params);
      return (await health()).listHealth({ ...call, services: resolved.services });
    },

    watchChannel: async (params) => (await channels()).watchChannel(await k8sParams(params)),
    unwatchChannel: async (params) => (await channels()).unwatchChannel(params),
    serverChannelz: async (params) => {
      const { connection, metadata, deadlineMs } = await k8sParams(params);
      const { queryServerChannelz } = await import('./channelz/server-channelz');
      return queryServerChannelz({ pool, connection, metadata, ...(deadlineMs === undefined ? {} : { deadlineMs }) });
    },
    startBurst: async (params) => {
      const { request, forward } = await (await cluster()).k8s.burst(params);
      return (await bursts()).startBurst(request, forward);
    },

    openForward: async ({ forwardId, kubeconfig, context, namespace, target, remotePort, localPort, mode }) => {
      const forward = await (
        await forwards()
      ).open({
        id: forwardId,
        ...(kubeconfig === undefined ? {} : { kubeconfig }),
        ...(context === undefined ? {} : { context }),
        ...(namespace === undefined ? {} : { namespace }),
        target,
        remotePort,
        ...(localPort === undefined ? {} : { localPort }),
        mode,
      });
      const snapshot = forward.snapshot();
      // A forward that works matters more than remembering it: a data folder that cannot be written
      // must not fail the open.
      await remember({
        ...(kubeconfig === undefined ? {} : { kubeconfig }),
        context: snapshot.context,
        namespace: snapshot.namespace,
        target,
        remotePort,
        mode,
        ...(localPort === undefined || localPort === 0 ? {} : { localPort }),
      }).catch(() => undefined);
      return snapshot;
    },
    closeForward: async ({ forwardId }) => (await forwards()).close(forwardId),
    listForwards: async () => ({ forwards: (await forwards()).list() }),
    checkService: async (params) => (await import('./k8s/check-service')).checkServiceInCluster(params),
    listKubeContexts: async (params) => (await clusterBrowse()).listKubeContexts(params),
    listNamespaces: async (params) => (await clusterBrowse()).listNamespaces(params),
    listServices: async (params) => (await clusterBrowse()).listServices(params),
    ...savedForwards,
    cancelBurst: async (params) => (await bursts()).cancelBurst(params),

    ...collections,
    ...(options.workspace ?? noWorkspace),

    dispose: async () => {
      await collections.dispose();
      await runner?.dispose();
      if (burstsLoaded !== undefined) (await burstsLoaded).dispose();
      if (channelsLoaded !== undefined) (await channelsLoaded).dispose();
      const running = [...calls.values()];
      for (const call of running) call.cancel();
      const watches = [...healthWatches.values()];
      for (const watch of watches) watch.cancel();
      await Promise.all([...running.map((call) => call.done), ...watches.map((watch) => watch.done)]);
      if (clusterLoaded !== undefined) await (await clusterLoaded).forwards.closeAll();
      pool.closeAll();
      await recordings.dispose();
    },
  };
}

/** What the three health operations' params share. */
interface HealthCallParams {
  connection: ConnectionOptions;
  metadata: MetadataEntry[];
  deadlineMs?: number;
  collection?: { root: string };
}

const workspaceUnavailable = (): never => {
  throw new WorkbenchError('not_found', 'This host keeps no workspace (drafts, history, recent collections).', {
    hint: 'Use the app or browser mode (grpc-workbench serve): they keep them in their data folder.',
  });
};

const noWorkspace: WorkspaceOperations = {
  loadWorkspace: async () => workspaceUnavailable(),
  saveWorkspace: async () => workspaceUnavailable(),
  listHistory: async () => workspaceUnavailable(),
  getHistoryEntry: async () => workspaceUnavailable(),
  clearHistory: async () => workspaceUnavailable(),
  listDirectory: async () => workspaceUnavailable(),
  recentCollections: async () => workspaceUnavailable(),
};
