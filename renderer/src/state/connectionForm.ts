/**
 * The connection bar's fields as typed, and the pure conversion into the contract's
 * ConnectionOptions and SchemaSource. Bad input becomes an WorkbenchErrorData naming the field, so
 * the bar can say what to fix before anything goes over the wire.
 */
import type { ConnectionOptions, WorkbenchErrorData, MetadataEntry, SchemaSource } from '../../../shared/api';

export type SchemaSourceKind = SchemaSource['kind'];

export interface ConnectionForm {
  target: string;
  security: 'plaintext' | 'tls';
  caFile: string;
  certFile: string;
  keyFile: string;
  skipVerify: boolean;
  /** TLS server name to verify against (grpcurl's -servername). */
  serverName: string;
  /** :authority override (grpcurl's -authority). */
  authority: string;
  schemaSource: SchemaSourceKind;
  /** Paths, one per line or comma-separated. */
  protoFiles: string;
  importPaths: string;
  protosetFiles: string;
}

export const emptyConnectionForm: ConnectionForm = {
  target: '',
  security: 'plaintext',
  caFile: '',
  certFile: '',
  keyFile: '',
  skipVerify: false,
  serverName: '',
  authority: '',
  schemaSource: 'reflection',
  protoFiles: '',
  importPaths: '',
  protosetFiles: '',
};

export type Checked<T> = { ok: true; value: T } | { ok: false; error: WorkbenchErrorData };

/** "a.proto, b.proto\nc.proto" → ["a.proto", "b.proto", "c.proto"]. */
export function splitPathList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function optional(text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function buildConnection(form: ConnectionForm): Checked<ConnectionOptions> {
  const target = form.target.trim();
  if (target === '') {
    return {
      ok: false,
      error: {
        kind: 'bad_input',
        message: 'Target is empty.',
        hint: 'Enter host:port, e.g. localhost:50051 or dns:///api.example.com:443.',
        subject: 'Target',
      },
    };
  }
  const certFile = optional(form.certFile);
  const keyFile = optional(form.keyFile);
  if (form.security === 'tls' && (certFile === undefined) !== (keyFile === undefined)) {
    return {
      ok: false,
      error: {
        kind: 'bad_input',
        message: 'A client certificate needs its key (and the other way round).',
        hint: 'Fill in both "Client cert" and "Client key" for mTLS, or neither.',
        subject: certFile ? 'Client key' : 'Client cert',
      },
    };
  }
  const tls: ConnectionOptions['tls'] =
    form.security === 'plaintext'
      ? { mode: 'plaintext' }
      : {
          mode: 'tls',
          caFile: optional(form.caFile),
          certFile,
          keyFile,
          insecureSkipVerify: form.skipVerify || undefined,
          serverName: optional(form.serverName),
        };
  return { ok: true, value: { target, tls, authority: optional(form.authority) } };
}

export function buildSchemaSource(
  form: ConnectionForm,
  connection: ConnectionOptions,
  metadata: MetadataEntry[],
): Checked<SchemaSource> {
  switch (form.schemaSource) {
    case 'reflection':
      return { ok: true, value: { kind: 'reflection', connection, metadata } };
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
