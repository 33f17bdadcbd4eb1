/**
 * The collection runner (`grpc-workbench run`, and the desktop app's "Run collection"): selects
 * requests, checks the whole selection before sending anything (files that do not parse, an
 * unknown environment → 3; a variable or secret that cannot be resolved → 4), runs them in
 * manifest order with captures flowing to later requests, and reports results as data with every
 * secret value masked.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { WorkbenchError } from '../../../shared/api/errors';
import {
  applyDefaults,
  mergeDefaults,
  type CollectionFile,
  type Defaults,
} from '../../../shared/collections/collection';
import { runExitStatus, type RequestVerdict } from '../../../shared/collections/exit-status';
import { evaluateExpectations, evaluateLbExpectation } from '../../../shared/collections/expectations';
import { createMasker, maskDeep } from '../../../shared/collections/masking';
import type { CallOutcome } from '../../../shared/collections/outcome';
import {
  withSentConnection,
  type GrpcRequest,
  type StreamStep,
  type TlsSetting,
} from '../../../shared/collections/request';
import type { RequestResult, RunProblem, RunReport } from '../../../shared/collections/run-report';
import {
  findVariablesDeep,
  resolveDeep,
  unresolvedVariableError,
  unresolvedVariables,
  type VariableScope,
} from '../../../shared/collections/variables';
import { parseDurationMs } from '../../../shared/duration';
import {
  CollectionStore,
  findCollectionRoot,
  toCollectionPath,
  type CollectionTree,
  type TreeNode,
} from './collection-store';
import { formatFileProblem, type FileProblem } from './file-problem';
import { channelConnectionOptions, type ChannelConnectionOptions } from '../../../shared/collections/channel-settings';
import type {
  RunnerConnection,
  RunnerEngine,
  RunnerRpcKind,
  RunnerSchema,
  RunnerSchemaSource,
  RunnerStep,
} from './runner-engine';
import { resolveSecrets, type SecretSources } from './secrets';
import { parseFile } from './yaml-files';

export interface RunOptions {
  /** Collection folders, sub-folders or request files; default: the current folder. */
  paths?: readonly string[];
  /** Where relative paths start (default process.cwd()). */
  cwd?: string;
  /** An environment of the collection (`environments/NAME.yaml`). */
  env?: string;
  /** `--env-var K=V`: over the environment's vars. */
  envVars?: Readonly<Record<string, string>>;
  secrets?: SecretSources;
  /** For `{{env.NAME}}`. */
  processEnv?: Readonly<Record<string, string | undefined>>;
  /** Only requests with at least one of these tags. */
  tags?: readonly string[];
  /** Stop at the first request that does not pass; the rest are skipped. */
  bail?: boolean;
  signal?: AbortSignal;
  /** Each result as soon as its request is done (masked), with how many of the selection are done, for a live view. */
  onResult?: (result: RequestResult, progress: { done: number; total: number }) => void;
  /** Each call the run made (masked), as it ended: what a host keeps in its history. */
  onCall?: (call: RunCall) => void;
}

/** One call of a run, for a host's history: the request as its file has it, and what came back. */
export interface RunCall {
  /** The file's request before `{{variables}}`, with the target and TLS it went to where it names none. */
  request: GrpcRequest;
  kind: RunnerRpcKind;
  /** The collection and the request file's collection path; absent for a file outside a collection. */
  origin?: { root: string; path: string };
  startedAtMs: number;
  outcome: CallOutcome;
}

/** A selected request with what applies to it: merged defaults, schema sources, stream files. */
export interface PlannedRequest {
  path: string;
  folder: string;
  /** The file's folder on disk: relative paths in it start there. */
  baseDir: string;
  request: GrpcRequest;
  defaults: Defaults;
  schemaSources: RunnerSchemaSource[];
  streamFiles: Map<string, string[]>;
}

const DEFAULT_BACKEND_KEY = 'x-backend';

export async function runCollection(engine: RunnerEngine, options: RunOptions = {}): Promise<RunReport> {
  const started = Date.now();
  const problems: RunProblem[] = [];
  const usage = (message: string, path?: string) =>
    problems.push({ kind: 'usage', message, ...(path ? { path } : {}) });
  const cwd = options.cwd ?? process.cwd();
  const processEnv = options.processEnv ?? process.env;

  const selection = await selectRequests(options.paths ?? ['.'], cwd, usage);
  const tree = selection.tree;
  const collection = tree?.collection;

  const chosen = chooseEnvironment(tree, options.env, usage);
  const environment = chosen?.name;
  const vars: Record<string, string> = { ...chosen?.vars, ...options.envVars };

  let planned = selection.planned;
  if (options.tags !== undefined && options.tags.length > 0) {
    const wanted = new Set(options.tags);
    planned = planned.filter((entry) => entry.request.tags?.some((tag) => wanted.has(tag)));
  }

  // Secrets: every one the selection uses, looked up once.
  const secretNames = planned.flatMap((entry) =>
    findVariablesDeep([entry.request, entry.defaults]).flatMap((ref) => (ref.kind === 'secret' ? [ref.name] : [])),
  );
  const secrets = await resolveSecrets(secretNames, tree?.root ?? cwd, { processEnv, ...options.secrets });
  const mask = createMasker(Object.values(secrets.values));
  const scope: VariableScope = { vars, secrets: secrets.values, processEnv };

  // Check the whole selection before sending anything.
  const pendingCaptures = new Set<string>();
  for (const entry of planned) {
    const missing = unresolvedVariables([entry.request, entry.defaults], scope, pendingCaptures);
    if (missing.length > 0)
      problems.push({
        kind: 'unresolved',
        message: unresolvedVariableError(missing, entry.path).message,
        path: entry.path,
      });
    for (const name of Object.keys(entry.request.expect?.capture ?? {})) pendingCaptures.add(name);
    for (const problem of await checkRequestFiles(entry)) usage(problem, entry.path);
  }
  if (planned.length === 0 && problems.length === 0) usage('No request matches the selection.');

  const results: RequestResult[] = [];
  if (problems.length === 0) {
    const schemas = new Map<string, Promise<RunnerSchema>>();
    let stop = false;
    for (const entry of planned) {
      if (stop || options.signal?.aborted) {
        results.push(skippedResult(entry));
        continue;
      }
      const record = (call: RunCall) =>
        options.onCall?.(
          maskDeep(tree === undefined ? call : { ...call, origin: { root: tree.root, path: entry.path } }, mask),
        );
      const result = maskDeep(await runOne(engine, entry, scope, schemas, options.signal, record), mask);
      results.push(result);
      options.onResult?.(result, { done: results.length, total: planned.length });
      if (options.bail && result.verdict !== 'passed') stop = true;
    }
  }

  const passed = results.filter((result) => result.verdict === 'passed').length;
  const skipped = results.filter((result) => result.verdict === 'skipped').length;
  return maskDeep(
    {
      ...(tree && collection ? { collection: { name: collection.name, root: tree.root } } : {}),
      ...(environment === undefined ? {} : { environment }),
      exitStatus: runExitStatus(
        problems.map((problem) => problem.kind),
        results.map((result) => result.verdict),
      ),
      problems,
      results,
      passed,
      failed: results.length - passed - skipped,
      skipped,
      durationMs: Date.now() - started,
    },
    mask,
  );
}

function skippedResult(entry: PlannedRequest): RequestResult {
  return {
    path: entry.path,
    folder: entry.folder,
    name: entry.request.name,
    method: entry.request.method,
    verdict: 'skipped',
    messageCount: 0,
    timeMs: 0,
    expectations: [],
  };
}

/** The vars of `--env NAME`; a problem (usage) when the collection has no such environment or it does not parse. */
export function chooseEnvironment(
  tree: CollectionTree | undefined,
  env: string | undefined,
  usage: (message: string, path?: string) => void,
): { name: string; vars: Record<string, string> } | undefined {
  if (env === undefined) return undefined;
  if (tree === undefined) {
    usage(`--env ${env}: the requests are not in a collection, so it has no environments.`);
    return undefined;
  }
  const entry = tree.environments.find((candidate) => candidate.id === env);
  if (entry === undefined) {
    const known = tree.environments.map((candidate) => candidate.id).join(', ') || 'none';
    usage(`Unknown environment "${env}"; the collection has ${known}.`);
    return undefined;
  }
  if (entry.environment === undefined) {
    usage(formatFileProblem(entry.problem!), entry.path);
    return undefined;
  }
  return { name: entry.environment.name, vars: { ...entry.environment.vars } };
}

export interface Selection {
  tree?: CollectionTree;
  planned: PlannedRequest[];
}

/** The requests the paths name, in manifest order (files in the order given); problems go to `usage`. */
export async function selectRequests(
  paths: readonly string[],
  cwd: string,
  usage: (message: string, path?: string) => void,
): Promise<Selection> {
  const absolute = paths.map((path) => resolve(cwd, path));
  const roots = new Set<string>();
  const standalone: string[] = [];
  for (const path of absolute) {
    const info = await stat(path).catch(() => undefined);
    if (info === undefined) {
      usage(`${path}: no such file or folder.`);
      continue;
    }
    const root = findCollectionRoot(info.isDirectory() ? path : dirname(path));
    if (root !== undefined) roots.add(root);
    else if (info.isFile()) standalone.push(path);
    else usage(`${path} is not in a collection (no workbench.yaml here or above).`);
  }
  if (roots.size > 1) {
    usage(`The paths belong to ${roots.size} collections (${[...roots].join(', ')}); run one collection at a time.`);
    return { planned: [] };
  }
  const planned: PlannedRequest[] = [];
  for (const file of standalone) {
    const text = await readFile(file, 'utf8');
    const parsed = parseFile('request', text, file);
    if (!parsed.ok) usage(formatFileProblem(parsed.problem), file);
    else planned.push(await plan(file, '', dirname(file), parsed.model, {}, [{ kind: 'reflection' }]));
  }
  const [root] = roots;
  if (root === undefined) return { planned };

  const tree = await new CollectionStore(root).open();
  const reported = new Set<string>();
  const report = (problem: FileProblem) => {
    const text = formatFileProblem(problem);
    if (!reported.has(text)) usage(text, problem.path);
    reported.add(text);
  };
  if (tree.collection === undefined) {
    const problem = tree.problems.find((candidate) => candidate.path === 'workbench.yaml');
    if (problem) report(problem);
    return { tree, planned };
  }
  const collection = tree.collection;
  const schemaSources = (collection.schema ?? [{ reflection: {} }]).map((source) => toRunnerSource(source, root));
  const seen = new Set<string>();
  const visit = async (nodes: readonly TreeNode[], layers: Defaults[], wanted: (path: string) => boolean) => {
    for (const node of nodes) {
      if (node.type === 'folder') {
        if (node.problem) {
          if (wanted(node.path) || nodeUnder(node.path, absolute, root)) report(node.problem);
          continue;
        }
        const folderDefaults = absolutizeDefaults(node.folder?.defaults, resolve(root, node.path));
        await visit(node.children, [...layers, folderDefaults], wanted);
      } else if (wanted(node.path) && !seen.has(node.path)) {
        seen.add(node.path);
        if (node.problem) report(node.problem);
        else {
          const folder = node.path.includes('/') ? node.path.slice(0, node.path.lastIndexOf('/')) : '';
          const baseDir = resolve(root, folder);
          planned.push(await plan(node.path, folder, baseDir, node.request!, mergeDefaults(...layers), schemaSources));
        }
      }
    }
  };
  const collectionDefaults = absolutizeDefaults(collection.defaults, root);
  for (const path of absolute) {
    const relativePath = toCollectionPath(root, path);
    const inside = (candidate: string) =>
      relativePath === '' || candidate === relativePath || candidate.startsWith(`${relativePath}/`);
    await visit(tree.children, [collectionDefaults], inside);
  }
  return { tree, planned };
}

function nodeUnder(folder: string, absolute: readonly string[], root: string): boolean {
  return absolute.some((path) => {
    const relativePath = toCollectionPath(root, path);
    return relativePath === '' || `${folder}/`.startsWith(`${relativePath}/`) || relativePath.startsWith(`${folder}/`);
  });
}

function toRunnerSource(source: NonNullable<CollectionFile['schema']>[number], root: string): RunnerSchemaSource {
  if ('reflection' in source) return { kind: 'reflection' };
  if ('protoset' in source) return { kind: 'protoset', file: resolve(root, source.protoset) };
  return {
    kind: 'proto',
    files: source.proto.files.map((file) => resolve(root, file)),
    importPaths: (source.proto.importPaths ?? []).map((path) => resolve(root, path)),
  };
}

function absolutizeTls(tls: TlsSetting | undefined, baseDir: string): TlsSetting | undefined {
  if (tls === undefined || tls.mode === 'plaintext') return tls;
  const file = (path: string | undefined) => (path === undefined || isAbsolute(path) ? path : resolve(baseDir, path));
  return {
    ...tls,
    ...(tls.caFile === undefined ? {} : { caFile: file(tls.caFile) }),
    ...(tls.certFile === undefined ? {} : { certFile: file(tls.certFile) }),
    ...(tls.keyFile === undefined ? {} : { keyFile: file(tls.keyFile) }),
  };
}

function absolutizeDefaults(defaults: Defaults | undefined, baseDir: string): Defaults {
  if (defaults === undefined) return {};
  const tls = absolutizeTls(defaults.tls, baseDir);
  return { ...defaults, ...(tls === undefined ? {} : { tls }) };
}

async function plan(
  path: string,
  folder: string,
  baseDir: string,
  request: GrpcRequest,
  defaults: Defaults,
  schemaSources: RunnerSchemaSource[],
): Promise<PlannedRequest> {
  const tls = absolutizeTls(request.tls, baseDir);
  return {
    path,
    folder,
    baseDir,
    request: { ...request, ...(tls === undefined ? {} : { tls }) },
    defaults,
    schemaSources,
    streamFiles: new Map(),
  };
}

/**
 * Problems a request has whatever the variables hold: no target, bad durations, stream files that
 * cannot be read. Reads the stream files into `entry.streamFiles`.
 */
export async function checkRequestFiles(entry: PlannedRequest): Promise<string[]> {
  const problems: string[] = [];
  const { request, defaults } = entry;
  if ((request.target ?? defaults.target) === undefined)
    problems.push(`${entry.path}: no target (give one in the request or in the collection's defaults).`);
  for (const [field, value] of [
    ['deadline', request.deadline ?? defaults.deadline],
    ['expect.within', request.expect?.within],
    ...(request.messages ?? []).flatMap((step, index) =>
      'delay' in step ? [[`messages[${index}].delay`, step.delay] as const] : [],
    ),
  ] as const) {
    if (value === undefined || value.includes('{{')) continue;
    try {
      parseDurationMs(value);
    } catch (error) {
      problems.push(`${entry.path}: ${field}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const step of request.messages ?? []) {
    if (!('file' in step)) continue;
    const file = resolve(entry.baseDir, step.file);
    try {
      const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line.trim() !== '');
      entry.streamFiles.set(step.file, lines);
    } catch (error) {
      problems.push(
        `${entry.path}: messages file ${step.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
  }
  return problems;
}

function schemaKey(sources: readonly RunnerSchemaSource[], connection: RunnerConnection): string {
  const usesReflection = sources.some((source) => source.kind === 'reflection');
  return JSON.stringify([sources, usesReflection ? connection : null]);
}

function toSteps(request: GrpcRequest, streamFiles: ReadonlyMap<string, string[]>): RunnerStep[] {
  if (request.messages === undefined) return [{ json: request.message ?? '{}' }];
  return request.messages.flatMap((step: StreamStep): RunnerStep[] => {
    if ('json' in step) return [{ json: step.json }];
    if ('file' in step) return (streamFiles.get(step.file) ?? []).map((json) => ({ json }));
    if ('delay' in step) return [{ delayMs: parseDurationMs(step.delay) }];
    return [{ waitReceived: step.wait.received }];
  });
}

function firstValue(metadata: Record<string, string[]>, key: string): string | undefined {
  return metadata[key]?.[0];
}

async function runOne(
  engine: RunnerEngine,
  entry: PlannedRequest,
  scope: VariableScope,
  schemas: Map<string, Promise<RunnerSchema>>,
  signal: AbortSignal | undefined,
  record: (call: RunCall) => void,
): Promise<RequestResult> {
  const started = Date.now();
  const base = { path: entry.path, folder: entry.folder, name: entry.request.name, method: entry.request.method };
  const failed = (verdict: RequestVerdict, error: string): RequestResult => ({
    ...base,
    verdict,
    messageCount: 0,
    timeMs: Date.now() - started,
    expectations: [],
    error,
  });

  let request: GrpcRequest;
  let channel: ChannelConnectionOptions;
  try {
    const [own, defaults] = resolveDeep([entry.request, entry.defaults] as const, scope, entry.path);
    request = applyDefaults(own, defaults);
    channel = channelConnectionOptions(request.channel);
  } catch (error) {
    return failed('failed', `${entry.path}: ${WorkbenchError.from(error).message}`);
  }
  const connection: RunnerConnection = {
    target: request.target!,
    tls: request.tls ?? { mode: 'plaintext' },
    ...(request.authority === undefined ? {} : { authority: request.authority }),
    ...(request.loadBalancingPolicy === undefined ? {} : { loadBalancingPolicy: request.loadBalancingPolicy }),
    ...(request.serviceConfig === undefined ? {} : { serviceConfigJson: request.serviceConfig }),
    ...(Object.keys(channel).length === 0 ? {} : { channel }),
  };
  const deadline = request.deadline;
  const metadata = Object.entries(request.metadata ?? {});

  const key = schemaKey(entry.schemaSources, connection);
  let schemaLoad = schemas.get(key);
  if (schemaLoad === undefined) schemas.set(key, (schemaLoad = engine.loadSchema(entry.schemaSources, connection)));
  let schema: RunnerSchema;
  try {
    schema = await schemaLoad;
  } catch (error) {
    const failure = WorkbenchError.from(error);
    const transport = ['dns', 'refused', 'tls', 'connection', 'timeout'].includes(failure.kind);
    return failed(transport ? 'transport' : 'schema', failure.message);
  }
  const kind = schema.methods.get(request.method);
  if (kind === undefined) return failed('schema', `${entry.path}: ${request.method} is not in the schema.`);

  const call = {
    schema,
    method: request.method,
    connection,
    metadata,
    ...(deadline === undefined ? {} : { deadlineMs: Math.max(1, Math.round(parseDurationMs(deadline))) }),
    ...(request.compression === undefined ? {} : { compression: request.compression }),
  };
  const steps = toSteps(request, entry.streamFiles);
  const callStarted = Date.now();
  const outcome: CallOutcome = await engine.call(call, steps, signal);
  record({ request: withSentConnection(entry.request, connection), kind, startedAtMs: callStarted, outcome });
  const backendKey = request.expect?.lb?.backendKey ?? DEFAULT_BACKEND_KEY;
  const backend = firstValue(outcome.headers, backendKey) ?? firstValue(outcome.trailers, backendKey) ?? outcome.peer;
  const common = {
    ...base,
    status: { code: outcome.status.code, name: outcome.status.name, message: outcome.status.message },
    ...(outcome.peer === undefined ? {} : { peer: outcome.peer }),
    ...(backend === undefined ? {} : { backend }),
    messageCount: outcome.messages.length,
  };
  if (outcome.failure !== undefined && outcome.failure.category !== 'request') {
    return {
      ...common,
      verdict: outcome.failure.category,
      timeMs: Date.now() - started,
      expectations: [],
      error: outcome.failure.message,
    };
  }

  const evaluation = evaluateExpectations(request.expect, outcome);
  const expectations = [...evaluation.results];
  Object.assign(scope.vars, evaluation.captures);
  const lb = request.expect?.lb;
  let error: string | undefined = outcome.failure?.message;
  if (lb !== undefined) {
    try {
      const report = await engine.burst(
        {
          ...call,
          requestJson: steps.find((step): step is { json: string } => 'json' in step)?.json ?? '{}',
          calls: lb.calls,
          concurrency: lb.concurrency,
          connections: lb.connections ?? 'shared',
          ...(lb.backendKey === undefined ? {} : { backendKey: lb.backendKey }),
        },
        signal,
      );
      expectations.push(...evaluateLbExpectation(lb, report));
    } catch (burstError) {
      error = WorkbenchError.from(burstError).message;
      expectations.push({ check: 'lb', passed: false, expected: 'a burst', actual: error });
    }
  }
  return {
    ...common,
    verdict: expectations.every((result) => result.passed) ? 'passed' : 'failed',
    timeMs: Date.now() - started,
    expectations,
    ...(error === undefined ? {} : { error }),
  };
}
