/**
 * An in-memory WorkbenchClient for store and component tests: it records every operation, answers
 * from a small built-in schema (one method of each kind), and lets the test push events as a host
 * would. Any operation can be replaced per test (e.g. to reject with an engine error).
 */
import type {
  MethodDescription,
  OperationInput,
  OperationName,
  OperationResults,
  ServiceSummary,
  WorkbenchClient,
  WorkbenchEvent,
} from '../../../shared/api';
import { eventSubjectId } from '../../../shared/api';
import { fakeWorkspaceHandlers } from '../../../shared/api/testing/fake-workspace';
import { fakeCollectionHandlers } from './fake-collections';

export const fakeServices: ServiceSummary[] = [
  {
    name: 'user.v1.UserService',
    file: 'user/v1/user.proto',
    methods: [
      {
        name: 'GetUser',
        path: 'user.v1.UserService/GetUser',
        kind: 'unary',
        inputType: 'user.v1.GetUserRequest',
        outputType: 'user.v1.User',
      },
      {
        name: 'ListUsers',
        path: 'user.v1.UserService/ListUsers',
        kind: 'server_streaming',
        inputType: 'user.v1.ListUsersRequest',
        outputType: 'user.v1.User',
      },
      {
        name: 'ImportUsers',
        path: 'user.v1.UserService/ImportUsers',
        kind: 'client_streaming',
        inputType: 'user.v1.User',
        outputType: 'user.v1.ImportUsersResponse',
      },
      {
        name: 'Chat',
        path: 'user.v1.UserService/Chat',
        kind: 'bidi_streaming',
        inputType: 'user.v1.ChatMessage',
        outputType: 'user.v1.ChatMessage',
      },
    ],
  },
  {
    name: 'grpc.health.v1.Health',
    file: 'grpc/health/v1/health.proto',
    methods: [
      {
        name: 'Check',
        path: 'grpc.health.v1.Health/Check',
        kind: 'unary',
        inputType: 'grpc.health.v1.HealthCheckRequest',
        outputType: 'grpc.health.v1.HealthCheckResponse',
      },
    ],
  },
];

export interface RecordedOperation {
  name: OperationName;
  params: unknown;
}

type Handlers = { [K in OperationName]: (params: OperationInput<K>) => Promise<OperationResults[K]> };

export class FakeWorkbenchClient implements WorkbenchClient {
  readonly operations: RecordedOperation[] = [];
  private readonly listeners = new Set<(event: WorkbenchEvent) => void>();
  readonly handlers: Handlers;

  constructor(overrides: Partial<Handlers> = {}) {
    this.handlers = { ...this.defaultHandlers(), ...overrides };
  }

  /** Delivers events to every listener, as a transport does with a pushed batch. */
  emit(...events: WorkbenchEvent[]): void {
    for (const event of events) for (const listener of this.listeners) listener(event);
  }

  onEvent(listener: (event: WorkbenchEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  subscribe(id: string, listener: (event: WorkbenchEvent) => void): () => void {
    return this.onEvent((event) => {
      if (eventSubjectId(event) === id) listener(event);
    });
  }

  /** The host capability: recorded as the exportMessages it stands on. */
  saveExport = (callId: string) => this.run('exportMessages', { callId });
  /** An in-memory host reaches no clipboard: the page copies itself (a test may replace this). */
  deliverMessageValue: WorkbenchClient['deliverMessageValue'] = async () => 'unsupported';

  /** The params of every recorded operation of one name, in order. */
  paramsOf<K extends OperationName>(name: K): OperationInput<K>[] {
    return this.operations.filter((op) => op.name === name).map((op) => op.params as OperationInput<K>);
  }

  hostInfo = (params: OperationInput<'hostInfo'>) => this.run('hostInfo', params);
  startLabScenario = (params: OperationInput<'startLabScenario'>) => this.run('startLabScenario', params);
  loadSchema = (params: OperationInput<'loadSchema'>) => this.run('loadSchema', params);
  describeMethod = (params: OperationInput<'describeMethod'>) => this.run('describeMethod', params);
  listSymbols = (params: OperationInput<'listSymbols'>) => this.run('listSymbols', params);
  describeSymbol = (params: OperationInput<'describeSymbol'>) => this.run('describeSymbol', params);
  exportSchema = (params: OperationInput<'exportSchema'>) => this.run('exportSchema', params);
  healthCheck = (params: OperationInput<'healthCheck'>) => this.run('healthCheck', params);
  watchHealth = (params: OperationInput<'watchHealth'>) => this.run('watchHealth', params);
  listHealth = (params: OperationInput<'listHealth'>) => this.run('listHealth', params);
  startCall = (params: OperationInput<'startCall'>) => this.run('startCall', params);
  sendMessage = (params: OperationInput<'sendMessage'>) => this.run('sendMessage', params);
  halfClose = (params: OperationInput<'halfClose'>) => this.run('halfClose', params);
  cancelCall = (params: OperationInput<'cancelCall'>) => this.run('cancelCall', params);
  watchChannel = (params: OperationInput<'watchChannel'>) => this.run('watchChannel', params);
  unwatchChannel = (params: OperationInput<'unwatchChannel'>) => this.run('unwatchChannel', params);
  serverChannelz = (params: OperationInput<'serverChannelz'>) => this.run('serverChannelz', params);
  startBurst = (params: OperationInput<'startBurst'>) => this.run('startBurst', params);
  cancelBurst = (params: OperationInput<'cancelBurst'>) => this.run('cancelBurst', params);
  exportMessages = (params: OperationInput<'exportMessages'>) => this.run('exportMessages', params);
  fetchMessageValue = (params: OperationInput<'fetchMessageValue'>) => this.run('fetchMessageValue', params);
  openCollection = (params: OperationInput<'openCollection'>) => this.run('openCollection', params);
  readCollectionEntry = (params: OperationInput<'readCollectionEntry'>) => this.run('readCollectionEntry', params);
  writeCollectionEntry = (params: OperationInput<'writeCollectionEntry'>) => this.run('writeCollectionEntry', params);
  createCollectionEntry = (params: OperationInput<'createCollectionEntry'>) =>
    this.run('createCollectionEntry', params);
  renameCollectionEntry = (params: OperationInput<'renameCollectionEntry'>) =>
    this.run('renameCollectionEntry', params);
  moveCollectionEntry = (params: OperationInput<'moveCollectionEntry'>) => this.run('moveCollectionEntry', params);
  deleteCollectionEntry = (params: OperationInput<'deleteCollectionEntry'>) =>
    this.run('deleteCollectionEntry', params);
  watchCollection = (params: OperationInput<'watchCollection'>) => this.run('watchCollection', params);
  unwatchCollection = (params: OperationInput<'unwatchCollection'>) => this.run('unwatchCollection', params);
  secretStatus = (params: OperationInput<'secretStatus'>) => this.run('secretStatus', params);
  setSecret = (params: OperationInput<'setSecret'>) => this.run('setSecret', params);
  deleteSecret = (params: OperationInput<'deleteSecret'>) => this.run('deleteSecret', params);
  startRun = (params: OperationInput<'startRun'>) => this.run('startRun', params);
  cancelRun = (params: OperationInput<'cancelRun'>) => this.run('cancelRun', params);
  exportRunJunit = (params: OperationInput<'exportRunJunit'>) => this.run('exportRunJunit', params);
  exportGrpcurl = (params: OperationInput<'exportGrpcurl'>) => this.run('exportGrpcurl', params);
  importGrpcurl = (params: OperationInput<'importGrpcurl'>) => this.run('importGrpcurl', params);
  openForward = (params: OperationInput<'openForward'>) => this.run('openForward', params);
  closeForward = (params: OperationInput<'closeForward'>) => this.run('closeForward', params);
  listForwards = (params: OperationInput<'listForwards'>) => this.run('listForwards', params);
  checkService = (params: OperationInput<'checkService'>) => this.run('checkService', params);
  listKubeContexts = (params: OperationInput<'listKubeContexts'>) => this.run('listKubeContexts', params);
  listNamespaces = (params: OperationInput<'listNamespaces'>) => this.run('listNamespaces', params);
  listServices = (params: OperationInput<'listServices'>) => this.run('listServices', params);
  listSavedForwards = (params: OperationInput<'listSavedForwards'>) => this.run('listSavedForwards', params);
  forgetSavedForward = (params: OperationInput<'forgetSavedForward'>) => this.run('forgetSavedForward', params);
  loadWorkspace = (params: OperationInput<'loadWorkspace'>) => this.run('loadWorkspace', params);
  saveWorkspace = (params: OperationInput<'saveWorkspace'>) => this.run('saveWorkspace', params);
  listHistory = (params: OperationInput<'listHistory'>) => this.run('listHistory', params);
  getHistoryEntry = (params: OperationInput<'getHistoryEntry'>) => this.run('getHistoryEntry', params);
  clearHistory = (params: OperationInput<'clearHistory'>) => this.run('clearHistory', params);
  listDirectory = (params: OperationInput<'listDirectory'>) => this.run('listDirectory', params);
  recentCollections = (params: OperationInput<'recentCollections'>) => this.run('recentCollections', params);

  private run<K extends OperationName>(name: K, params: OperationInput<K>): Promise<OperationResults[K]> {
    this.operations.push({ name, params });
    return this.handlers[name](params);
  }

  private defaultHandlers(): Handlers {
    return {
      hostInfo: async () => ({ version: '0.0.0-test', host: 'browser' }),
      startLabScenario: async ({ name }) => ({
        name,
        title: `Scenario ${name}`,
        description: 'What it shows.',
        target: '127.0.0.1:7100',
        method: 'user.v1.UserService/GetUser',
        requestJson: '{"id":"u1"}',
        burst: { total: 300, concurrency: 10, connections: 'shared', lbPolicy: 'pick_first', backendKey: 'x-backend' },
      }),
      loadSchema: async () => ({ schemaId: 'schema-1', services: fakeServices, fileCount: 2, problems: [] }),
      describeMethod: async ({ method }) => describeFakeMethod(method),
      listSymbols: async () => ({ names: fakeServices.map((service) => service.name) }),
      describeSymbol: async ({ symbol }) => ({ symbol, text: `${symbol} is a service:` }),
      exportSchema: async () => ({ protosetBase64: '' }),
      healthCheck: async () => ({
        status: { code: 0, name: 'OK', message: '', details: [] },
        servingStatus: 'SERVING',
      }),
      watchHealth: async ({ callId }) => ({ callId }),
      listHealth: async () => {
        const ok = { code: 0, name: 'OK', message: '', details: [] };
        return {
          method: 'list' as const,
          listStatus: ok,
          services: [
            { service: '', servingStatus: 'SERVING' as const, status: ok },
            { service: 'user.v1.UserService', servingStatus: 'SERVING' as const, status: ok },
          ],
        };
      },
      startCall: async ({ callId }) => ({ callId }),
      sendMessage: async () => undefined,
      halfClose: async () => undefined,
      cancelCall: async () => undefined,
      watchChannel: async ({ watchId, connection }) => ({
        watchId,
        snapshot: {
          target: connection.target,
          state: 'IDLE',
          timeline: [],
          subchannels: [],
          callsStarted: 0,
          callsSucceeded: 0,
          callsFailed: 0,
        },
      }),
      unwatchChannel: async () => undefined,
      serverChannelz: async ({ connection }) => ({ target: connection.target, servers: [], queryCalls: 1 }),
      startBurst: async ({ burstId }) => ({ burstId }),
      cancelBurst: async () => undefined,
      openForward: async ({ forwardId, mode, namespace }) => ({
        id: forwardId,
        mode: mode ?? 'single',
        context: 'lab',
        namespace: namespace ?? 'lab',
        target: 'svc/user-svc',
        remotePort: 'grpc',
        state: 'ready',
        ports: [],
        log: [],
      }),
      closeForward: async () => undefined,
      listForwards: async () => ({ forwards: [] }),
      checkService: async ({ service, namespace }) => ({
        service,
        namespace: namespace ?? 'lab',
        ok: true,
        findings: [],
      }),
      listKubeContexts: async () => ({ current: 'lab', contexts: [{ name: 'lab', cluster: 'lab', namespace: 'lab' }] }),
      listNamespaces: async () => ({ namespaces: ['default', 'lab'], current: 'lab' }),
      listServices: async ({ namespace }) => ({
        context: 'lab',
        namespace: namespace ?? 'lab',
        services: [],
        pods: [],
      }),
      listSavedForwards: async () => ({ forwards: [], kept: true }),
      forgetSavedForward: async () => undefined,
      exportMessages: async ({ callId }) => ({
        path: `/tmp/${callId}.ndjson`,
        fileName: 'export.ndjson',
        count: 0,
        bytes: 0,
      }),
      fetchMessageValue: async ({ index, path }) => ({ value: `value of message ${index} at ${path.join('.')}` }),
      ...fakeCollectionHandlers(),
      ...fakeWorkspaceHandlers(),
    };
  }
}

export function describeFakeMethod(path: string): MethodDescription {
  const summary = fakeServices.flatMap((service) => service.methods).find((method) => method.path === path);
  if (!summary) throw Object.assign(new Error(`Method ${path} not found`), { kind: 'unknown_method' });
  return {
    ...summary,
    inputJsonSchema: { type: 'object', properties: { id: { type: 'string' } } },
    exampleJson: { id: 'u1' },
    fullTemplateJson: { id: 'u1', name: 'string', roles: ['string'] },
    descriptorText: `rpc ${summary.name} ( .${summary.inputType} ) returns ( .${summary.outputType} );`,
    inputDescriptorText: `message ${summary.inputType} {}`,
    outputDescriptorText: `message ${summary.outputType} {}`,
  };
}
