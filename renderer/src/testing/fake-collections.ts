/** The collections handlers of the FakeWorkbenchClient: one small collection, answers without a disk. */
import type {
  CollectionEntryModel,
  CollectionFileProblem,
  CollectionOperationName,
  CollectionTree,
  CollectionTreeNode,
  OperationInput,
  OperationResults,
} from '../../../shared/api';
import { WorkbenchError } from '../../../shared/api';
import type { CollectionFile, FolderFile } from '../../../shared/collections/collection';
import { orderChildren } from '../../../shared/collections/manifest-order';
import type { GrpcRequest } from '../../../shared/collections/request';

type CollectionHandlers = {
  [K in CollectionOperationName]: (params: OperationInput<K>) => Promise<OperationResults[K]>;
};

export const fakeCollectionTree: CollectionTree = {
  root: '/work/users-api',
  collection: { kind: 'collection', version: 1, name: 'Users API' },
  problems: [],
  children: [
    {
      type: 'request',
      path: 'get-user.grpc.yaml',
      id: 'get-user',
      name: 'Get a user',
      request: { kind: 'grpc-request', name: 'Get a user', method: 'user.v1.UserService/GetUser' },
    },
  ],
  environments: [],
};

export function fakeCollectionHandlers(): CollectionHandlers {
  return {
    openCollection: async () => fakeCollectionTree,
    readCollectionEntry: async ({ path }) => ({ path, text: '' }),
    writeCollectionEntry: async () => undefined,
    createCollectionEntry: async ({ folder, name }) => ({ path: `${folder ? `${folder}/` : ''}${name}.grpc.yaml` }),
    renameCollectionEntry: async ({ newName }) => ({ path: `${newName}.grpc.yaml` }),
    moveCollectionEntry: async ({ path, toFolder }) => ({ path: `${toFolder}/${path.split('/').pop()}` }),
    deleteCollectionEntry: async () => undefined,
    watchCollection: async ({ watchId }) => ({ watchId }),
    unwatchCollection: async () => undefined,
    secretStatus: async () => ({ secrets: [] }),
    setSecret: async () => undefined,
    deleteSecret: async () => undefined,
    startRun: async ({ runId }) => ({ runId }),
    cancelRun: async () => undefined,
    exportRunJunit: async () => ({ xml: '<testsuites/>', fileName: 'run.junit.xml' }),
    exportGrpcurl: async () => ({ command: 'grpcurl -plaintext 127.0.0.1:50051 list' }),
    importGrpcurl: async () => ({
      request: { kind: 'grpc-request', name: 'Imported', method: 'user.v1.UserService/GetUser' },
      text: '',
    }),
  };
}

/**
 * A collection kept in memory for tests that edit a tree: `files` maps collection paths to models
 * (`workbench.yaml`, `…/_folder.yaml`, `….grpc.yaml`) or to a problem for a file that does not
 * parse; folders are the parents of the files plus `folders`. The tree is built as the host does
 * (manifest order, then the rest by code point); rename, move and delete keep `order` the same way.
 */
export interface MemoryCollection {
  root: string;
  files: Map<string, CollectionEntryModel | CollectionFileProblem>;
  folders: Set<string>;
  handlers: Pick<
    CollectionHandlers,
    | 'openCollection'
    | 'readCollectionEntry'
    | 'writeCollectionEntry'
    | 'createCollectionEntry'
    | 'renameCollectionEntry'
    | 'moveCollectionEntry'
    | 'deleteCollectionEntry'
  >;
}

export function memoryCollection(
  files: Record<string, CollectionEntryModel | CollectionFileProblem>,
  root = '/work/lab',
): MemoryCollection {
  const store = new Map(Object.entries(files));
  const folders = new Set<string>();
  const parentOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
  const baseOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);
  const idOf = (path: string) => baseOf(path).replace(/\.grpc\.yaml$/, '');
  const manifestPath = (folder: string) => (folder === '' ? 'workbench.yaml' : `${folder}/_folder.yaml`);
  const isProblem = (value: unknown): value is CollectionFileProblem =>
    typeof value === 'object' && value !== null && 'message' in value && !('kind' in value);
  const allFolders = () => {
    const all = new Set(folders);
    for (const path of store.keys()) for (let at = parentOf(path); at !== ''; at = parentOf(at)) all.add(at);
    return all;
  };
  const exists = (path: string) => store.has(path) || allFolders().has(path);
  const refuseExisting = (path: string) => {
    if (exists(path)) throw new WorkbenchError('bad_input', `${path} already exists.`, { subject: path });
  };
  const orderOf = (folder: string) => {
    const model = store.get(manifestPath(folder));
    return model && !isProblem(model) && 'order' in model ? model.order : undefined;
  };
  const replaceOrderEntry = (folder: string, from: string, to: string | undefined) => {
    const model = store.get(manifestPath(folder));
    const order = orderOf(folder);
    if (!model || isProblem(model) || order === undefined || !order.includes(from)) return;
    const next = order.flatMap((entry) => (entry !== from ? [entry] : to === undefined ? [] : [to]));
    store.set(manifestPath(folder), { ...model, order: next } as CollectionEntryModel);
  };
  const problems: CollectionFileProblem[] = [];
  const nodesOf = (folder: string): CollectionTreeNode[] => {
    const byId = new Map<string, () => CollectionTreeNode>();
    for (const sub of allFolders()) if (parentOf(sub) === folder) byId.set(baseOf(sub), () => folderNode(sub));
    for (const path of store.keys())
      if (parentOf(path) === folder && path.endsWith('.grpc.yaml')) byId.set(idOf(path), () => requestNode(path));
    const ordered = orderChildren([...byId.keys()], orderOf(folder));
    return ordered.names.map((id) => byId.get(id)!());
  };
  const requestNode = (path: string): CollectionTreeNode => {
    const model = store.get(path)!;
    if (isProblem(model)) problems.push(model);
    return isProblem(model)
      ? { type: 'request', path, id: idOf(path), name: idOf(path), problem: model }
      : { type: 'request', path, id: idOf(path), name: (model as GrpcRequest).name, request: model as GrpcRequest };
  };
  const folderNode = (path: string): CollectionTreeNode => {
    const model = store.get(manifestPath(path));
    if (isProblem(model)) problems.push(model);
    const folder = model && !isProblem(model) ? (model as FolderFile) : undefined;
    return {
      type: 'folder',
      path,
      id: baseOf(path),
      name: folder?.name ?? baseOf(path),
      ...(folder ? { folder } : {}),
      ...(isProblem(model) ? { problem: model } : {}),
      children: nodesOf(path),
    };
  };
  const renameTo = (path: string, target: string) => {
    refuseExisting(target);
    for (const key of [...store.keys()]) {
      if (key === path || key.startsWith(`${path}/`)) {
        store.set(target + key.slice(path.length), store.get(key)!);
        store.delete(key);
      }
    }
    for (const folder of [...folders]) {
      if (folder === path || folder.startsWith(`${path}/`)) {
        folders.delete(folder);
        folders.add(target + folder.slice(path.length));
      }
    }
  };

  return {
    root,
    files: store,
    folders,
    handlers: {
      openCollection: async () => {
        problems.length = 0;
        const collection = store.get('workbench.yaml');
        const children = nodesOf('');
        return {
          root,
          ...(collection && !isProblem(collection) ? { collection: collection as CollectionFile } : {}),
          problems: [...problems],
          children,
          environments: [],
        };
      },
      readCollectionEntry: async ({ path }) => {
        const model = store.get(path);
        if (model === undefined) throw new WorkbenchError('io', `${path}: cannot read: ENOENT`, { subject: path });
        return isProblem(model) ? { path, text: 'broken', problem: model } : { path, text: '', model };
      },
      writeCollectionEntry: async ({ path, model }) => {
        store.set(path, structuredClone(model));
      },
      createCollectionEntry: async ({ folder, name, entry }) => {
        const path = `${folder ? `${folder}/` : ''}${name}${entry.type === 'request' ? '.grpc.yaml' : ''}`;
        refuseExisting(path);
        if (entry.type === 'request') store.set(path, structuredClone(entry.request));
        else {
          folders.add(path);
          if (entry.folder) store.set(manifestPath(path), structuredClone(entry.folder));
        }
        return { path };
      },
      renameCollectionEntry: async ({ path, newName }) => {
        const target = `${parentOf(path) ? `${parentOf(path)}/` : ''}${newName}${path.endsWith('.grpc.yaml') ? '.grpc.yaml' : ''}`;
        renameTo(path, target);
        replaceOrderEntry(parentOf(path), idOf(path), idOf(target));
        return { path: target };
      },
      moveCollectionEntry: async ({ path, toFolder }) => {
        const target = `${toFolder ? `${toFolder}/` : ''}${baseOf(path)}`;
        renameTo(path, target);
        replaceOrderEntry(parentOf(path), idOf(path), undefined);
        return { path: target };
      },
      deleteCollectionEntry: async ({ path }) => {
        if (!exists(path)) throw new WorkbenchError('io', `${path}: ENOENT`, { subject: path });
        for (const key of [...store.keys()]) if (key === path || key.startsWith(`${path}/`)) store.delete(key);
        for (const folder of [...folders]) if (folder === path || folder.startsWith(`${path}/`)) folders.delete(folder);
        replaceOrderEntry(parentOf(path), idOf(path), undefined);
      },
    },
  };
}

/** A saved request of the fake schema's methods. */
export const savedRequest = (name: string, method = 'user.v1.UserService/GetUser'): GrpcRequest => ({
  kind: 'grpc-request',
  name,
  method,
});

/**
 * A lab-like collection in memory: a folder and a request at the top ordered by `order`, the
 * folder with its own `_folder.yaml` order, and a request file that does not parse.
 */
export function labMemoryCollection(): MemoryCollection {
  return memoryCollection({
    'workbench.yaml': { kind: 'collection', version: 1, name: 'Lab', order: ['users', 'health'] },
    'health.grpc.yaml': savedRequest('Health', 'grpc.health.v1.Health/Check'),
    'users/_folder.yaml': { kind: 'folder', name: 'Users', order: ['list-users', 'get-user'] },
    'users/get-user.grpc.yaml': savedRequest('Get a user'),
    'users/list-users.grpc.yaml': savedRequest('List users', 'user.v1.UserService/ListUsers'),
    'users/broken.grpc.yaml': { path: 'users/broken.grpc.yaml', line: 3, col: 1, message: 'unknown field "mesage"' },
  });
}
