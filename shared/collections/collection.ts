/**
 * The other file kinds of a collection (docs/collections.md): `workbench.yaml` (kind: collection),
 * `_folder.yaml` (kind: folder) and `environments/NAME.yaml` (kind: environment). Like the request
 * model, everything is what a user writes: durations as text, paths relative to the file.
 */
import * as z from 'zod';
import { lazySchema } from '../api/lazy-schema';
import { metadataMapSchema, tlsSettingSchema } from './request';

/** The format version this build reads and writes. */
export const COLLECTION_FORMAT_VERSION = 1;

export const COLLECTION_FILE = 'workbench.yaml';
export const FOLDER_FILE = '_folder.yaml';
export const REQUEST_SUFFIX = '.grpc.yaml';
export const ENVIRONMENTS_FOLDER = 'environments';

/** One schema source of a collection; the sources are tried in order and merged. */
export const schemaSourceSettingSchema = lazySchema(() =>
  z.union([
    z.object({ reflection: z.object({}).strict() }).strict(),
    z.object({ protoset: z.string().min(1) }).strict(),
    z
      .object({
        proto: z
          .object({ files: z.array(z.string().min(1)).min(1), importPaths: z.array(z.string().min(1)).optional() })
          .strict(),
      })
      .strict(),
  ]),
);
export type SchemaSourceSetting = z.infer<typeof schemaSourceSettingSchema>;

/** Connection and call defaults of a collection or folder; a request's own fields win. */
export const defaultsSchema = lazySchema(() =>
  z
    .object({
      target: z.string().optional(),
      tls: tlsSettingSchema.optional(),
      authority: z.string().optional(),
      deadline: z.string().optional(),
      /** Merged key by key: a folder's entry replaces the collection's entry of the same name. */
      metadata: metadataMapSchema.optional(),
    })
    .strict(),
);
export type Defaults = z.infer<typeof defaultsSchema>;

/** Children by file or folder name without the extension; the ones not listed follow alphabetically. */
const orderSchema = lazySchema(() => z.array(z.string().min(1)));

/** `workbench.yaml`. */
export const collectionFileSchema = lazySchema(() =>
  z
    .object({
      kind: z.literal('collection'),
      version: z.literal(COLLECTION_FORMAT_VERSION),
      name: z.string().min(1),
      schema: z.array(schemaSourceSettingSchema).optional(),
      defaults: defaultsSchema.optional(),
      order: orderSchema.optional(),
    })
    .strict(),
);
export type CollectionFile = z.infer<typeof collectionFileSchema>;

/** `_folder.yaml` (optional in a folder). */
export const folderFileSchema = lazySchema(() =>
  z
    .object({
      kind: z.literal('folder'),
      name: z.string().min(1).optional(),
      defaults: defaultsSchema.optional(),
      order: orderSchema.optional(),
    })
    .strict(),
);
export type FolderFile = z.infer<typeof folderFileSchema>;

/** `environments/NAME.yaml`: variables, and only the *names* of its secrets. */
export const environmentFileSchema = lazySchema(() =>
  z
    .object({
      kind: z.literal('environment'),
      name: z.string().min(1),
      vars: z.record(z.string(), z.string()).optional(),
      secrets: z
        .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a secret name is letters, digits and _'))
        .optional(),
    })
    .strict(),
);
export type EnvironmentFile = z.infer<typeof environmentFileSchema>;

/** Merges defaults from the outside in (collection, then folders); metadata merges by key. */
export function mergeDefaults(...layers: readonly (Defaults | undefined)[]): Defaults {
  const merged: Defaults = {};
  for (const layer of layers) {
    if (layer === undefined) continue;
    const { metadata, ...rest } = layer;
    Object.assign(merged, rest);
    if (metadata !== undefined) merged.metadata = { ...merged.metadata, ...metadata };
  }
  return merged;
}

/** The request as it is sent: the merged defaults under the request's own fields (metadata merged by key). */
export function applyDefaults<R extends Defaults & { tls?: unknown }>(request: R, defaults: Defaults): R {
  const { metadata, ...rest } = defaults;
  const merged = { ...rest, ...request };
  const allMetadata = { ...metadata, ...request.metadata };
  return Object.keys(allMetadata).length === 0 ? merged : { ...merged, metadata: allMetadata };
}
