/**
 * The operations of the contract domain `collections` (shared/api/collections.ts) on the store,
 * the runner and the grpcurl converter. Runs go through a client of the engine (the runner is one
 * more client, never a third door); secrets go to and from the host's SecretStore and never
 * come back out.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type {
  CollectionEntryModel,
  CollectionOperationName,
  RunJunitExport,
  SecretStatus,
  WorkbenchApi,
  WorkbenchClient,
  WorkbenchEvent,
} from '../../../shared/api';
import { WorkbenchError } from '../../../shared/api';
import {
  COLLECTION_FILE,
  ENVIRONMENTS_FOLDER,
  FOLDER_FILE,
  REQUEST_SUFFIX,
} from '../../../shared/collections/collection';
import { EXIT_USAGE } from '../../../shared/collections/exit-status';
import { formatJunit } from '../../../shared/collections/reporters';
import type { RunReport } from '../../../shared/collections/run-report';
import { findVariablesDeep, secretEnvVariable } from '../../../shared/collections/variables';
import { duplicateId } from '../ids';
import { CollectionStore, findCollectionRoot, type TreeNode } from './collection-store';
import { createClientEngine } from './engine-adapter';
import { exportRequestFile, importToRequestFile } from './grpcurl-files';
import { runCollection, type RunCall } from './runner';
import { secretKey, type SecretStore } from './secrets';
import type { FileKind } from './yaml-files';

export type { CollectionOperationName };

export interface CollectionOperationsOptions {
  emit: (event: WorkbenchEvent) => void;
  /** The client runs make their calls through (created on first run). */
  runnerClient: () => WorkbenchClient;
  /** The host's secret store; without one, secrets come only from the run and the environment. */
  secrets?: SecretStore;
  /** For `WORKBENCH_SECRET_…` and `{{env.NAME}}` (default process.env). */
  processEnv?: Readonly<Record<string, string | undefined>>;
  /** Each call a run made, masked (the host's history); absent: a run's calls are kept nowhere. */
  onRunCall?: (call: RunCall) => void;
}

/** How many finished runs keep their report for exportRunJunit. */
const KEEP_RUN_REPORTS = 20;

const modelKinds: Record<CollectionEntryModel['kind'], FileKind> = {
  'grpc-request': 'request',
  folder: 'folder',
  collection: 'collection',
  environment: 'environment',
};

export function createCollectionOperations(
  options: CollectionOperationsOptions,
): Pick<WorkbenchApi, CollectionOperationName> & { dispose(): Promise<void> } {
  const { emit } = options;
  const processEnv = options.processEnv ?? process.env;
  const watches = new Map<string, Promise<() => Promise<void>>>();
  const runs = new Map<string, { abort: AbortController; done: Promise<void> }>();
  const reports = new Map<string, RunReport>();

  const secretStore = (): SecretStore => {
    if (options.secrets !== undefined) return options.secrets;
    throw new WorkbenchError('io', 'This host has no secret store.', {
      hint: 'Give secrets to a run instead, or as WORKBENCH_SECRET_<NAME> environment variables.',
    });
  };

  return {
    openCollection: async ({ path }) => {
      const root = findCollectionRoot(resolve(path));
      if (root === undefined) {
        throw new WorkbenchError('bad_input', `${path} is not in a collection (no ${COLLECTION_FILE} here or above).`, {
          subject: path,
          hint: `A collection is a folder holding ${COLLECTION_FILE}.`,
        });
      }
      return new CollectionStore(root).open();
    },

    readCollectionEntry: async ({ root, path }) => {
      const read = await storeOf(root).readModel(fileKindOf(path), path);
      if (read.text === undefined)
        throw new WorkbenchError('io', `${path}: ${read.problem!.message}`, { subject: path });
      return {
        path,
        text: read.text,
        ...(read.model === undefined ? {} : { model: read.model as CollectionEntryModel }),
        ...(read.problem === undefined ? {} : { problem: read.problem }),
      };
    },

    writeCollectionEntry: async ({ root, path, model }) => {
      const kind = fileKindOf(path);
      if (modelKinds[model.kind] !== kind) {
        throw new WorkbenchError('bad_input', `${path} holds a ${kind} file, not a ${model.kind}.`, { subject: path });
      }
      await storeOf(root).writeModel(kind, path, model as never);
    },

    createCollectionEntry: async ({ root, folder, name, entry }) => {
      const store = storeOf(root);
      const path =
        entry.type === 'request'
          ? await store.createRequest(folder, name, entry.request)
          : await store.createFolder(folder, name, entry.folder);
      return { path };
    },
    renameCollectionEntry: async ({ root, path, newName }) => ({ path: await storeOf(root).rename(path, newName) }),
    moveCollectionEntry: async ({ root, path, toFolder }) => ({ path: await storeOf(root).move(path, toFolder) }),
    deleteCollectionEntry: async ({ root, path }) => storeOf(root).delete(path),

    watchCollection: async ({ watchId, root }) => {
      if (watches.has(watchId)) throw duplicateId('collection watch', watchId);
      const stop = storeOf(root).watch((change) => emit({ type: 'collection-changed', watchId, changes: [change] }));
      watches.set(watchId, stop);
      try {
        await stop;
      } catch (error) {
        watches.delete(watchId);
        throw error;
      }
      return { watchId };
    },
    unwatchCollection: async ({ watchId }) => {
      const stop = watches.get(watchId);
      if (stop === undefined) throw notFound('collection watch', watchId);
      watches.delete(watchId);
      await (
        await stop
      )();
    },

    secretStatus: async ({ root }) => {
      const tree = await storeOf(root).open();
      const names = new Set<string>(tree.environments.flatMap((entry) => entry.environment?.secrets ?? []));
      const models = [tree.collection, ...tree.children.flatMap(modelsOf)];
      for (const ref of findVariablesDeep(models)) if (ref.kind === 'secret') names.add(ref.name);
      const secrets: SecretStatus[] = [];
      for (const name of [...names].sort()) {
        const environmentVariable = secretEnvVariable(name);
        const stored = (await options.secrets?.get(secretKey(tree.root, name))) !== undefined;
        secrets.push({
          name,
          source: processEnv[environmentVariable] !== undefined ? 'environment-variable' : stored ? 'store' : 'missing',
          environmentVariable,
        });
      }
      return { secrets };
    },
    setSecret: async ({ root, name, value }) => secretStore().set(secretKey(storeOf(root).root, name), value),
    deleteSecret: async ({ root, name }) => secretStore().delete(secretKey(storeOf(root).root, name)),

    startRun: async ({ runId, paths, cwd, env, envVars, secrets, tags, bail }) => {
      if (runs.has(runId)) throw duplicateId('run', runId);
      const abort = new AbortController();
      const engine = createClientEngine(options.runnerClient());
      const finish = (report: RunReport, error?: WorkbenchError) => {
        reports.set(runId, report);
        for (const old of [...reports.keys()].slice(0, -KEEP_RUN_REPORTS)) reports.delete(old);
        runs.delete(runId);
        emit({ type: 'run-end', runId, report, ...(error === undefined ? {} : { error: error.toJSON() }) });
      };
      // Started after startRun answered: the client subscribed before, so it hears every event.
      const done = Promise.resolve()
        .then(() =>
          runCollection(engine, {
            paths,
            ...(cwd === undefined ? {} : { cwd }),
            ...(env === undefined ? {} : { env }),
            envVars,
            secrets: {
              flags: secrets,
              processEnv,
              ...(options.secrets === undefined ? {} : { store: options.secrets }),
            },
            processEnv,
            tags,
            bail,
            signal: abort.signal,
            onResult: (result, progress) => emit({ type: 'run-progress', runId, result, ...progress }),
            ...(options.onRunCall === undefined ? {} : { onCall: options.onRunCall }),
          }),
        )
        .then(
          (report) => finish(report),
          (error: unknown) => {
            const failure = WorkbenchError.from(error);
            finish(brokenRunReport(failure.message), failure);
          },
        );
      runs.set(runId, { abort, done });
      return { runId };
    },
    cancelRun: async ({ runId }) => {
      const run = runs.get(runId);
      if (run === undefined) throw notFound('run', runId);
      run.abort.abort();
    },
    exportRunJunit: async ({ runId }): Promise<RunJunitExport> => {
      const report = reports.get(runId);
      if (report === undefined) {
        throw new WorkbenchError('not_found', `There is no finished run ${runId}.`, {
          subject: runId,
          hint: `A run's report is kept after it ended, for the last ${KEEP_RUN_REPORTS} runs.`,
        });
      }
      return { xml: formatJunit(report), fileName: `${report.collection?.name ?? 'run'}.junit.xml` };
    },

    exportGrpcurl: async ({ file, env, envVars, cwd }) => ({
      command: await exportRequestFile(file, {
        ...(env === undefined ? {} : { env }),
        envVars,
        processEnv,
        ...(cwd === undefined ? {} : { cwd }),
      }),
    }),
    importGrpcurl: async ({ command, name, secretNames, out }) =>
      importToRequestFile(command, {
        ...(name === undefined ? {} : { name }),
        secretNames,
        ...(out === undefined ? {} : { out }),
      }),

    dispose: async () => {
      for (const run of runs.values()) run.abort.abort();
      await Promise.all([...runs.values()].map((run) => run.done));
      const stops = [...watches.values()];
      watches.clear();
      await Promise.all(stops.map(async (stop) => (await stop)()));
    },
  };
}

/** The store of a collection folder; refuses a folder without workbench.yaml. */
function storeOf(root: string): CollectionStore {
  const store = new CollectionStore(root);
  if (!existsSync(join(store.root, COLLECTION_FILE))) {
    throw new WorkbenchError('bad_input', `${root} is not a collection folder (it has no ${COLLECTION_FILE}).`, {
      subject: root,
    });
  }
  return store;
}

/** Which kind of file a collection path names, from its place and name. */
function fileKindOf(path: string): FileKind {
  if (path === COLLECTION_FILE) return 'collection';
  if (path === FOLDER_FILE || path.endsWith(`/${FOLDER_FILE}`)) return 'folder';
  if (path.endsWith(REQUEST_SUFFIX)) return 'request';
  if (path.startsWith(`${ENVIRONMENTS_FOLDER}/`) && path.endsWith('.yaml')) return 'environment';
  throw new WorkbenchError('bad_input', `${path} is not a file of a collection.`, {
    subject: path,
    hint: `Collection files are ${COLLECTION_FILE}, ${FOLDER_FILE}, *${REQUEST_SUFFIX} and ${ENVIRONMENTS_FOLDER}/NAME.yaml.`,
  });
}

function modelsOf(node: TreeNode): unknown[] {
  return node.type === 'request' ? [node.request] : [node.folder, ...node.children.flatMap(modelsOf)];
}

function notFound(what: string, id: string): WorkbenchError {
  return new WorkbenchError('not_found', `There is no ${what} ${id}.`, {
    subject: id,
    hint: `The ${what} has ended or was never started.`,
  });
}

/** The report of a run that broke before it could report (a bug or an unreadable folder). */
function brokenRunReport(message: string): RunReport {
  return {
    exitStatus: EXIT_USAGE,
    problems: [{ kind: 'usage', message }],
    results: [],
    passed: 0,
    failed: 0,
    skipped: 0,
    durationMs: 0,
  };
}
