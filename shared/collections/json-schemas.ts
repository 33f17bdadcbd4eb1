/**
 * JSON Schemas of the collection file kinds, generated from the zod models (checked in under
 * `schemas/`, with a test that they are up to date), so editors validate the files: each file we
 * create names its schema in a `# yaml-language-server: $schema=…` first line.
 */
import * as z from 'zod';
import { collectionFileSchema, environmentFileSchema, folderFileSchema } from './collection';
import { grpcRequestSchema } from './request';

export type CollectionFileKind = 'collection' | 'folder' | 'request' | 'environment';

/** The file name in `schemas/` of each kind's JSON Schema. */
export const jsonSchemaFiles: { [K in CollectionFileKind]: string } = {
  collection: 'collection.schema.json',
  folder: 'folder.schema.json',
  request: 'grpc-request.schema.json',
  environment: 'environment.schema.json',
};

const models = {
  collection: [collectionFileSchema, 'gRPC Workbench collection (workbench.yaml)'],
  folder: [folderFileSchema, 'gRPC Workbench folder (_folder.yaml)'],
  request: [grpcRequestSchema, 'gRPC Workbench request (*.grpc.yaml)'],
  environment: [environmentFileSchema, 'gRPC Workbench environment (environments/NAME.yaml)'],
} as const;

/** Each kind's JSON Schema (draft 2020-12) as the text checked in. */
export function collectionJsonSchemaTexts(): Record<string, string> {
  return Object.fromEntries(
    (Object.keys(models) as CollectionFileKind[]).map((kind) => {
      const [schema, title] = models[kind];
      const json = {
        ...z.toJSONSchema(schema, { target: 'draft-2020-12' }),
        // Relative: the schemas ship in the package's schemas/ folder, and files point there by a relative path.
        $id: jsonSchemaFiles[kind],
        title,
      };
      return [jsonSchemaFiles[kind], `${JSON.stringify(json, null, 2)}\n`];
    }),
  );
}
