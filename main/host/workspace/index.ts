/**
 * The host's keeping of the user's work in its data folder (docs/architecture.md, "The
 * workspace"): the workspace operations the engine takes as its `workspace` option, and the
 * decorator that records each session's calls in the history and opened collections in the
 * recent list. One per host process, shared by all its sessions (every browser tab).
 */
import { basename } from 'node:path';
import { WorkbenchError } from '../../../shared/api';
import type { WorkspaceOperations } from '../../engine/index';
import type { SecretStore } from '../capabilities';
import type { ServiceFactory } from '../service-factory';
import { listDirectory } from './directory-listing';
import { createHistoryLog, type HistoryLogOptions } from './history-log';
import { createRecentCollections } from './recent-collections';
import { recordCallHistory, type CallHistoryOptions } from './record-calls';
import { createWorkspaceFile } from './workspace-file';

export interface HostWorkspaceOptions {
  dataDir: string;
  /** For masking the secrets a call names in its history entry. */
  secrets?: SecretStore;
  history?: HistoryLogOptions;
  /** Where the folder browser starts (default: the user's home folder). */
  home?: string;
  onError?: CallHistoryOptions['onError'];
}

export interface HostWorkspace {
  operations: WorkspaceOperations;
  /** A host's service factory whose services record their calls and opened collections. */
  decorate(createService: ServiceFactory): ServiceFactory;
}

export function createHostWorkspace(options: HostWorkspaceOptions): HostWorkspace {
  const { dataDir } = options;
  const file = createWorkspaceFile(dataDir);
  const history = createHistoryLog(dataDir, options.history);
  const recent = createRecentCollections(dataDir);
  const onError =
    options.onError ??
    ((error) => console.error(`gRPC Workbench: could not keep your work in ${dataDir}: ${error.message}`));

  const operations: WorkspaceOperations = {
    loadWorkspace: () => file.load(),
    saveWorkspace: ({ workspace }) => file.save(workspace),
    listHistory: (query) => history.list(query),
    getHistoryEntry: ({ id }) => history.get(id),
    clearHistory: () => history.clear(),
    listDirectory: ({ path }) => listDirectory(path, options.home),
    recentCollections: async () => ({ collections: await recent.list() }),
  };

  const decorate = (createService: ServiceFactory): ServiceFactory => {
    const recording = recordCallHistory(createService, { history, secrets: options.secrets, onError });
    return (context) => {
      const service = recording(context);
      return {
        ...service,
        openCollection: async (params) => {
          const tree = await service.openCollection(params);
          // The recent list is a convenience: failing to write it must not fail the open.
          await recent
            .add({ root: tree.root, name: tree.collection?.name ?? basename(tree.root) })
            .catch((error: unknown) => onError(WorkbenchError.from(error)));
          return tree;
        },
      };
    };
  };

  return { operations, decorate };
}
