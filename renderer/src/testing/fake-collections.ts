/** The collections handlers of the FakeWorkbenchClient: one small collection, answers without a disk. */
import type { CollectionOperationName, CollectionTree, OperationInput, OperationResults } from '../../../shared/api';

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
