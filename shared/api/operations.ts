/**
 * The ONE operation table: every operation a client may call on a host, merged from the contract's
 * domains. Each operation's params are a zod schema, so every host (and the in-process client)
 * validates what crosses the boundary with the same code, and the TypeScript types are inferred
 * from the schemas. Results are produced by our own engine, so they are typed but not re-validated.
 * To add an operation: its params schema and result type in its domain file, one row here and one
 * in OperationResults, its implementation in main/engine/service.ts (see docs/architecture.md).
 */
import * as z from 'zod';
import { lazySchema } from './lazy-schema';
import type { CallEvent, MessagesExport, MessageValue } from './calls';
import type {
  ForwardEvent,
  ForwardSnapshot,
  KubeContextList,
  NamespaceList,
  SavedForwardList,
  ServiceCheckResult,
  ServiceList,
} from './cluster';
import {
  checkServiceParamsSchema,
  forwardIdParamsSchema,
  listKubeContextsParamsSchema,
  listNamespacesParamsSchema,
  listSavedForwardsParamsSchema,
  listServicesParamsSchema,
  openForwardParamsSchema,
  savedForwardIdParamsSchema,
} from './cluster';
import {
  callIdParamsSchema,
  fetchMessageValueParamsSchema,
  invokeRequestSchema,
  sendMessageParamsSchema,
} from './calls';
import type {
  CollectionEntry,
  CollectionEntryPath,
  CollectionEvent,
  CollectionTree,
  GrpcurlCommand,
  GrpcurlImportResult,
  RunJunitExport,
  SecretStatus,
} from './collections';
import {
  collectionEntryParamsSchema,
  createCollectionEntryParamsSchema,
  deleteSecretParamsSchema,
  exportGrpcurlParamsSchema,
  importGrpcurlParamsSchema,
  moveCollectionEntryParamsSchema,
  openCollectionParamsSchema,
  renameCollectionEntryParamsSchema,
  runIdParamsSchema,
  secretStatusParamsSchema,
  setSecretParamsSchema,
  startRunParamsSchema,
  unwatchCollectionParamsSchema,
  watchCollectionParamsSchema,
  writeCollectionEntryParamsSchema,
} from './collections';
import type { HealthCheckResult, HealthEvent, HealthListResult } from './health';
import { healthCheckParamsSchema, listHealthParamsSchema, watchHealthParamsSchema } from './health';
import type { HostCapabilitiesClient, HostInfo, LabScenarioRun } from './host';
import { startLabScenarioParamsSchema } from './host';
import type { BurstEvent, ChannelEvent, ChannelSnapshot, ServerChannelzReport } from './lens';
import {
  burstIdParamsSchema,
  burstRequestSchema,
  serverChannelzParamsSchema,
  watchChannelParamsSchema,
  watchIdParamsSchema,
} from './lens';
import type { DirectoryListing, HistoryEntry, HistoryPage, RecentCollection, WorkspaceLoadResult } from './workspace';
import {
  historyEntryParamsSchema,
  listDirectoryParamsSchema,
  listHistoryParamsSchema,
  saveWorkspaceParamsSchema,
} from './workspace';
import type { MethodDescription, SchemaExport, SchemaLoadResult, SymbolDescription, SymbolList } from './schemas';
import {
  describeMethodParamsSchema,
  describeSymbolParamsSchema,
  exportSchemaParamsSchema,
  listSymbolsParamsSchema,
  loadSchemaParamsSchema,
} from './schemas';

/** The params of an operation that takes none: `{}`, or nothing at all. */
const noParamsSchema = lazySchema(() => z.object({}).default({}));

/**
 * Params schema of every operation; the keys are the operation names on the wire. Each schema is
 * built on its first use (lazy-schema.ts), so importing the table costs next to nothing.
 */
export const operationParams = {
  // host
  hostInfo: noParamsSchema,
  startLabScenario: startLabScenarioParamsSchema,
  // schemas
  loadSchema: loadSchemaParamsSchema,
  describeMethod: describeMethodParamsSchema,
  listSymbols: listSymbolsParamsSchema,
  describeSymbol: describeSymbolParamsSchema,
  exportSchema: exportSchemaParamsSchema,
  // calls
  startCall: invokeRequestSchema,
  sendMessage: sendMessageParamsSchema,
  halfClose: callIdParamsSchema,
  cancelCall: callIdParamsSchema,
  exportMessages: callIdParamsSchema,
  fetchMessageValue: fetchMessageValueParamsSchema,
  // health
  healthCheck: healthCheckParamsSchema,
  watchHealth: watchHealthParamsSchema,
  listHealth: listHealthParamsSchema,
  // lens
  watchChannel: watchChannelParamsSchema,
  unwatchChannel: watchIdParamsSchema,
  serverChannelz: serverChannelzParamsSchema,
  startBurst: burstRequestSchema,
  cancelBurst: burstIdParamsSchema,
  // collections
  openCollection: openCollectionParamsSchema,
  readCollectionEntry: collectionEntryParamsSchema,
  writeCollectionEntry: writeCollectionEntryParamsSchema,
  createCollectionEntry: createCollectionEntryParamsSchema,
  renameCollectionEntry: renameCollectionEntryParamsSchema,
  moveCollectionEntry: moveCollectionEntryParamsSchema,
  deleteCollectionEntry: collectionEntryParamsSchema,
  watchCollection: watchCollectionParamsSchema,
  unwatchCollection: unwatchCollectionParamsSchema,
  secretStatus: secretStatusParamsSchema,
  setSecret: setSecretParamsSchema,
  deleteSecret: deleteSecretParamsSchema,
  startRun: startRunParamsSchema,
  cancelRun: runIdParamsSchema,
  exportRunJunit: runIdParamsSchema,
  exportGrpcurl: exportGrpcurlParamsSchema,
  importGrpcurl: importGrpcurlParamsSchema,
  // cluster
  openForward: openForwardParamsSchema,
  closeForward: forwardIdParamsSchema,
  listForwards: noParamsSchema,
  checkService: checkServiceParamsSchema,
  listKubeContexts: listKubeContextsParamsSchema,
  listNamespaces: listNamespacesParamsSchema,
  listServices: listServicesParamsSchema,
  listSavedForwards: listSavedForwardsParamsSchema,
  forgetSavedForward: savedForwardIdParamsSchema,
  // workspace
  loadWorkspace: noParamsSchema,
  saveWorkspace: saveWorkspaceParamsSchema,
  listHistory: listHistoryParamsSchema,
  getHistoryEntry: historyEntryParamsSchema,
  clearHistory: noParamsSchema,
  listDirectory: listDirectoryParamsSchema,
  recentCollections: noParamsSchema,
} as const;

export type OperationName = keyof typeof operationParams;

export interface OperationResults {
  hostInfo: HostInfo;
  /** Starts the scenario's own lab (stopping the previous one); fails where the host runs no lab. */
  startLabScenario: LabScenarioRun;
  loadSchema: SchemaLoadResult;
  describeMethod: MethodDescription;
  listSymbols: SymbolList;
  describeSymbol: SymbolDescription;
  exportSchema: SchemaExport;
  startCall: { callId: string };
  sendMessage: void;
  halfClose: void;
  cancelCall: void;
  exportMessages: MessagesExport;
  /** A value a call-messages event carried elided (ReceivedMessage.elided), whole. */
  fetchMessageValue: MessageValue;
  healthCheck: HealthCheckResult;
  /** Ends with cancelCall({ callId }); its events are HealthEvents. */
  watchHealth: { callId: string };
  listHealth: HealthListResult;
  watchChannel: { watchId: string; snapshot: ChannelSnapshot };
  unwatchChannel: void;
  serverChannelz: ServerChannelzReport;
  startBurst: { burstId: string };
  cancelBurst: void;
  openCollection: CollectionTree;
  readCollectionEntry: CollectionEntry;
  writeCollectionEntry: void;
  createCollectionEntry: CollectionEntryPath;
  renameCollectionEntry: CollectionEntryPath;
  moveCollectionEntry: CollectionEntryPath;
  deleteCollectionEntry: void;
  /** Its events are `collection-changed`; ends with unwatchCollection({ watchId }). */
  watchCollection: { watchId: string };
  unwatchCollection: void;
  secretStatus: { secrets: SecretStatus[] };
  setSecret: void;
  deleteSecret: void;
  /** Its events: `run-progress` per request, then exactly one `run-end`. */
  startRun: { runId: string };
  cancelRun: void;
  exportRunJunit: RunJunitExport;
  exportGrpcurl: GrpcurlCommand;
  importGrpcurl: GrpcurlImportResult;
  /** Resolves when the forward is ready; its events are ForwardEvents until forward-end. */
  openForward: ForwardSnapshot;
  closeForward: void;
  listForwards: { forwards: ForwardSnapshot[] };
  checkService: ServiceCheckResult;
  listKubeContexts: KubeContextList;
  listNamespaces: NamespaceList;
  listServices: ServiceList;
  /** The forwards openForward saved (the host's data folder), to offer them again after a restart. */
  listSavedForwards: SavedForwardList;
  forgetSavedForward: void;
  loadWorkspace: WorkspaceLoadResult;
  saveWorkspace: void;
  listHistory: HistoryPage;
  getHistoryEntry: HistoryEntry;
  clearHistory: void;
  listDirectory: DirectoryListing;
  /** Newest first; a collection is added when openCollection opens it. */
  recentCollections: { collections: RecentCollection[] };
}

export type OperationInput<K extends OperationName> = z.input<(typeof operationParams)[K]>;
export type OperationParsed<K extends OperationName> = z.output<(typeof operationParams)[K]>;

/** Every event a host pushes; each carries the client-chosen id of what it belongs to. */
export type WorkbenchEvent = CallEvent | HealthEvent | ChannelEvent | BurstEvent | CollectionEvent | ForwardEvent;

/** The call, health watch, burst or channel watch an event belongs to. */
export function eventSubjectId(event: WorkbenchEvent): string {
  switch (event.type) {
    case 'channel-state':
    case 'collection-changed':
      return event.watchId;
    case 'run-progress':
    case 'run-end':
      return event.runId;
    case 'burst-progress':
    case 'burst-end':
      return event.burstId;
    case 'forward-state':
    case 'forward-end':
      return event.forwardId;
    default:
      return event.callId;
  }
}

/** The service object the engine implements once and every host carries. */
export type WorkbenchApi = {
  [K in OperationName]: (params: OperationParsed<K>) => Promise<OperationResults[K]>;
};

export type WorkbenchOperations = {
  [K in OperationName]: (params: OperationInput<K>) => Promise<OperationResults[K]>;
};

/**
 * What every front end is given (the renderer over IPC or WebSocket, the CLI in process): the
 * operations — rejecting with a WorkbenchError — plus one way to listen and the host capabilities.
 */
export type WorkbenchClient = WorkbenchOperations &
  HostCapabilitiesClient &
  // Every client answers it: `unsupported` where its host cannot (clientFromOutcomeLink's default).
  Required<Pick<HostCapabilitiesClient, 'deliverMessageValue'>> & {
    /**
     * Hears the events of one call, health watch, burst or channel watch (by its client-chosen id).
     * Subscribe before starting it: nothing is buffered for ids nobody listens to.
     */
    subscribe(id: string, listener: (event: WorkbenchEvent) => void): () => void;
    /** Hears every event (for a view of all running things); prefer subscribe. */
    onEvent(listener: (event: WorkbenchEvent) => void): () => void;
  };

/** Validates params for an operation at a host boundary; throws a ZodError naming the bad field. */
export function parseOperationParams<K extends OperationName>(name: K, params: unknown): OperationParsed<K> {
  return operationParams[name].parse(params ?? {}) as OperationParsed<K>;
}

export function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(operationParams, name);
}
