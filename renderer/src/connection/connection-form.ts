/**
 * Where the schema comes from, as the connection bar's fields hold it, and the pure conversion
 * into the contract's SchemaSource. (Target, TLS and authority are the request draft's.) Bad input
 * becomes an WorkbenchErrorData naming the field, so the bar can say what to fix before anything goes
 * over the wire.
 */
import type { ConnectionOptions, MetadataEntry, SchemaSource } from '../../../shared/api';
import { MetadataError, parseHeaderArg } from '../../../shared/metadata';
import type { Checked } from '../ui/checked';

export type SchemaSourceKind = SchemaSource['kind'];

export interface SchemaSourceForm {
  schemaSource: SchemaSourceKind;
  /** Paths, one per line or comma-separated. */
  protoFiles: string;
  importPaths: string;
  protosetFiles: string;
  /** Metadata sent with reflection only (grpcurl's -reflect-header), one `key: value` per line. */
  reflectionHeaders: string;
}

export const emptySchemaSourceForm: SchemaSourceForm = {
  schemaSource: 'reflection',
  protoFiles: '',
  importPaths: '',
  protosetFiles: '',
  reflectionHeaders: '',
};

/** "a.proto, b.proto\nc.proto" → ["a.proto", "b.proto", "c.proto"]. */
export function splitPathList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

export function buildSchemaSource(
  form: SchemaSourceForm,
  connection: ConnectionOptions,
  metadata: MetadataEntry[],
): Checked<SchemaSource> {
  switch (form.schemaSource) {
    case 'reflection': {
      const headers: MetadataEntry[] = [];
      for (const line of form.reflectionHeaders.split('\n')) {
        if (line.trim() === '') continue;
        try {
          headers.push(parseHeaderArg(line));
        } catch (error) {
          if (!(error instanceof MetadataError)) throw error;
          return {
            ok: false,
            error: {
              kind: 'bad_input',
              message: `Reflection headers: ${error.message}.`,
              hint: 'Write one `key: value` per line.',
              subject: 'Reflection headers',
              setting: 'reflectionHeaders',
            },
          };
        }
      }
      // A reflection header replaces the request's metadata of the same key.
      const replaced = new Set(headers.map((entry) => entry.key));
      const merged = [...metadata.filter((entry) => !replaced.has(entry.key)), ...headers];
      return { ok: true, value: { kind: 'reflection', connection, metadata: merged } };
    }
    case 'protoFiles': {
      const files = splitPathList(form.protoFiles);
      if (files.length === 0) {
        return {
          ok: false,
          error: {
            kind: 'bad_input',
            message: 'No .proto files given.',
            hint: 'List .proto files, directories or globs, one per line.',
            subject: 'Proto files',
          },
        };
      }
      return { ok: true, value: { kind: 'protoFiles', files, importPaths: splitPathList(form.importPaths) } };
    }
    case 'protoset': {
      const files = splitPathList(form.protosetFiles);
      if (files.length === 0) {
        return {
          ok: false,
          error: {
            kind: 'bad_input',
            message: 'No protoset file given.',
            hint: 'Give the path of a FileDescriptorSet, e.g. from `protoc --descriptor_set_out`.',
            subject: 'Protoset files',
          },
        };
      }
      return { ok: true, value: { kind: 'protoset', files } };
    }
  }
}
