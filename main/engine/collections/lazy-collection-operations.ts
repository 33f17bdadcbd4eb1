import type { WorkbenchApi } from '../../../shared/api';
import type { CollectionOperationName, CollectionOperationsOptions } from './collection-operations';

type CollectionOperations = Pick<WorkbenchApi, CollectionOperationName> & { dispose(): Promise<void> };

/** Every collection operation (the type makes the list complete). */
const operationNames: Record<CollectionOperationName, true> = {
  openCollection: true,
  readCollectionEntry: true,
  writeCollectionEntry: true,
  createCollectionEntry: true,
  renameCollectionEntry: true,
  moveCollectionEntry: true,
  deleteCollectionEntry: true,
  watchCollection: true,
  unwatchCollection: true,
  secretStatus: true,
  setSecret: true,
  deleteSecret: true,
  startRun: true,
  cancelRun: true,
  exportRunJunit: true,
  exportGrpcurl: true,
  importGrpcurl: true,
};

/**
 * The collection operations, their module (YAML, file watching, atomic writes) imported by the
 * first of them: importing it costs most of what importing grpc-js does, and a call needs none of it.
 */
export function lazyCollectionOperations(options: CollectionOperationsOptions): CollectionOperations {
  let loaded: Promise<CollectionOperations> | undefined;
  const operations = (): Promise<CollectionOperations> =>
    (loaded ??= import('./collection-operations').then((module) => module.createCollectionOperations(options)));
  const forwarded = Object.fromEntries(
    Object.keys(operationNames).map((name) => [
      name,
      async (params: never) => ((await operations())[name as CollectionOperationName] as (p: never) => unknown)(params),
    ]),
  ) as Pick<WorkbenchApi, CollectionOperationName>;
  return { ...forwarded, dispose: async () => (loaded === undefined ? undefined : (await loaded).dispose()) };
}
