/** Contract domain `schemas`: service discovery (reflection, .proto files, protosets) and symbols. */
import * as z from 'zod';
import { lazySchema } from './lazy-schema';
import type { RpcKind } from './connection';
import { connectionOptionsSchema, metadataEntrySchema } from './connection';

export const schemaSourceSchema = lazySchema(() =>
  z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('reflection'),
      connection: connectionOptionsSchema,
      /** Sent with reflection requests: servers often require auth for reflection too. */
      metadata: z.array(metadataEntrySchema).default([]),
      /** Bounds the whole reflection conversation (the CLI's -max-time). */
      deadlineMs: z.number().int().positive().optional(),
      /**
       * Fetch only what these symbols need: `[]` the service list alone (grpcurl's `list`), names the
       * files defining them and their imports (`describe X`, a call). Absent: every service's files.
       */
      symbols: z.array(z.string().min(1)).max(1024).optional(),
      /** The collection the request is from: the host resolves `{{secret.NAME}}` in `metadata` from its secret store. */
      collection: z.object({ root: z.string().min(1) }).optional(),
    }),
    z.object({
      kind: z.literal('protoFiles'),
      /** Files, directories (recursive) and globs. */
      files: z.array(z.string().min(1)).min(1),
      /** In order, like protoc's -I. */
      importPaths: z.array(z.string().min(1)).default([]),
    }),
    z.object({
      kind: z.literal('protoset'),
      files: z.array(z.string().min(1)).min(1),
    }),
  ]),
);
export type SchemaSource = z.input<typeof schemaSourceSchema>;

/**
 * One schema from one or more sources, loaded in order and merged: where two sources define the
 * same file, the earlier wins (grpcurl: the server's reflection beats local files, which fill in
 * what it lacks). A collection names its sources the same way.
 */
export const loadSchemaParamsSchema = lazySchema(() =>
  z.object({
    sources: z.array(schemaSourceSchema).min(1).max(16),
    /**
     * What the load answers about linking (resolving the types across files). `all` (when absent):
     * `services`, `fileCount` and `problems` cover every file — every file that would not link is
     * reported (the host checks the descriptors, and links them only when one may not link; a call
     * or describeMethod links the rest on first use). `onUse`: linking is left to the operation —
     * for grpcurl's `describe SYMBOL`, which prints from the file descriptors and links only the
     * files declaring the option extensions it prints. The result then lists no `services`, counts
     * the files loaded, and reports only the problems found before linking (missing imports); a
     * file that does not link is reported by the operation that needs it, naming the file.
     */
    link: z.enum(['all', 'onUse']).optional(),
    /**
     * The id the schema gets, chosen by the client (absent: the host chooses). Known before the load
     * ends: describeMethod, startCall and the symbol operations on it wait for the load (and fail
     * with its error), so a kept tab can send while its schema is fetched again.
     */
    schemaId: z.string().min(1).max(200).optional(),
  }),
);

export interface MethodSummary {
  /** Method name, e.g. `GetUser`. */
  name: string;
  /** `package.Service/Method`, the form grpcurl and the wire use. */
  path: string;
  kind: RpcKind;
  inputType: string;
  outputType: string;
}

export interface ServiceSummary {
  /** Fully-qualified service name, e.g. `user.v1.UserService`. */
  name: string;
  /** The .proto file that declares it. */
  file: string;
  methods: MethodSummary[];
}

/** A file that could not be loaded; the rest of the schema still loads. */
export interface SchemaProblem {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export interface SchemaLoadResult {
  schemaId: string;
  services: ServiceSummary[];
  fileCount: number;
  problems: SchemaProblem[];
  /** For reflection: which protocol version answered. */
  reflectionVersion?: 'v1' | 'v1alpha';
}

export interface MethodDescription extends MethodSummary {
  /** A JSON Schema (draft 2020-12 subset understood by Monaco) of the input message in proto3 JSON. */
  inputJsonSchema: unknown;
  /**
   * A minimal valid-looking example of the input message, as proto3 JSON: the required fields
   * (proto2 `required`, `google.api.field_behavior = REQUIRED`, else id/name-like fields) with
   * realistic values; oneofs and optional blocks left unset.
   */
  exampleJson: unknown;
  /** Every field filled (a oneof's first member): a template to edit down. */
  fullTemplateJson: unknown;
  /** protoc-style text of the rpc declaration itself (grpcurl -v prints it before a call). */
  descriptorText: string;
  /** protoc-style text of the input and output message declarations. */
  inputDescriptorText: string;
  outputDescriptorText: string;
}

const schemaIdSchema = lazySchema(() => z.string().min(1));

export const describeMethodParamsSchema = lazySchema(() =>
  z.object({ schemaId: schemaIdSchema, method: z.string().min(1) }),
);

/** grpcurl's `list`: every service, or the methods of one. */
export const listSymbolsParamsSchema = lazySchema(() =>
  z.object({ schemaId: schemaIdSchema, service: z.string().min(1).optional() }),
);
export interface SymbolList {
  /** Service names sorted, or `pkg.Service.Method` lines of one service, sorted. */
  names: string[];
}

/** grpcurl's `describe SYMBOL`. */
export const describeSymbolParamsSchema = lazySchema(() =>
  z.object({
    schemaId: schemaIdSchema,
    symbol: z.string().min(1),
    /** grpcurl's -msg-template: a message's template too. */
    template: z.boolean().optional(),
  }),
);
export interface SymbolDescription {
  symbol: string;
  /** `pkg.Name is a message:` and the protoc-style declaration. */
  text: string;
  /** When asked for and the symbol is a message: the same full template as `fullTemplateJson` (every field). */
  template?: unknown;
}

/** grpcurl's -protoset-out: the files defining `symbols` (all when absent) and their imports. */
export const exportSchemaParamsSchema = lazySchema(() =>
  z.object({
    schemaId: schemaIdSchema,
    symbols: z.array(z.string().min(1)).optional(),
  }),
);
export interface SchemaExport {
  /** A binary FileDescriptorSet, base64 (so it survives JSON and structured clone alike). */
  protosetBase64: string;
}

/** protoc's `file:line:col: message`. */
export function formatSchemaProblem(problem: SchemaProblem): string {
  const position =
    problem.line === undefined ? '' : `:${problem.line}${problem.column === undefined ? '' : `:${problem.column}`}`;
  return `${problem.file}${position}: ${problem.message}`;
}
