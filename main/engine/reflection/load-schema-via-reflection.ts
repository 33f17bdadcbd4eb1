import type { FileDescriptorProto } from '@bufbuild/protobuf/wkt';
import type { ConnectionOptions, MetadataEntry, SchemaProblem } from '../../../shared/api';
import { statusName } from '../../../shared/status-codes';
import type { ChannelPool } from '../channel/pool';
import { toGrpcMetadata } from '../rpc/metadata';
import { explainTransportFailure } from '../rpc/transport-errors';
import { WorkbenchError } from '../../../shared/api';
import { connectOrThrow } from '../channel/await-connection';
import { dependencyOrder } from '../schema/file-order';
import {
  runReflectionSession,
  type ReflectionScope,
  type ReflectionVersion,
  type SessionOutcome,
} from './reflection-session';

/** Reflection of a big schema is many round trips, but a server that never answers must not hang us. */
const DEFAULT_REFLECTION_DEADLINE_MS = 30_000;

export interface ReflectionParams {
  pool: ChannelPool;
  connection: ConnectionOptions;
  /** Sent with every reflection request: servers often require auth for reflection too. */
  metadata: readonly MetadataEntry[];
  deadlineMs?: number;
  /** What to fetch (ReflectionScope): absent, the whole server. */
  symbols?: readonly string[];
}

export interface ReflectionResult {
  /** Every file the listed services need, dependencies before the files that import them. */
  files: FileDescriptorProto[];
  version: ReflectionVersion;
  /** Services the server lists but could not describe. */
  problems: SchemaProblem[];
  /** The services ListServices named, when it was asked. */
  listedServices?: string[];
}

/**
 * The server's schema — or the part `symbols` needs — through grpc.reflection.v1, falling back to v1alpha when v1 is
 * UNIMPLEMENTED (grpc-go before 1.57 and many others serve only v1alpha).
 */
export async function loadSchemaViaReflection(params: ReflectionParams): Promise<ReflectionResult> {
  const { connection } = params;
  // grpc-js clones request metadata per call, so both attempts can share one.
  const metadata = toGrpcMetadata(params.metadata);
  const lease = await params.pool.acquire(connection);
  const startedAt = Date.now();
  const deadlineMs = params.deadlineMs ?? DEFAULT_REFLECTION_DEADLINE_MS;
  const scope: ReflectionScope = params.symbols === undefined ? {} : { symbols: params.symbols };
  try {
    await connectOrThrow(lease, connection);
    for (const version of ['v1', 'v1alpha'] as const) {
      const outcome = await runReflectionSession(lease, version, metadata, startedAt + deadlineMs, scope);
      if (outcome.kind === 'unimplemented') continue;
      if (outcome.kind === 'files') {
        const { listedServices } = outcome;
        return {
          files: dependencyOrder(outcome.files, outcome.files.keys()),
          version,
          problems: outcome.problems,
          ...(listedServices === undefined ? {} : { listedServices }),
        };
      }
      throw sessionError(outcome, params, Date.now() - startedAt, lease.state() === 'READY');
    }
    throw new WorkbenchError('schema', `${connection.target} does not offer server reflection.`, {
      subject: connection.target,
      hint: 'Give the schema as .proto files ({{protoFiles}}, {{importPaths}}) or a protoset ({{protosets}}).',
    });
  } finally {
    lease.release();
  }
}

function sessionError(
  outcome: Exclude<SessionOutcome, { kind: 'files' | 'unimplemented' }>,
  params: ReflectionParams,
  elapsedMs: number,
  connected: boolean,
): WorkbenchError {
  const { target, tls } = params.connection;
  if (outcome.kind === 'missing-file') {
    return new WorkbenchError(
      'schema',
      `Reflection on ${target} cannot provide ${outcome.file} (imported by ${outcome.importedBy}): ${outcome.message}`,
      {
        subject: outcome.file,
        hint: 'The server registers a file without its imports; load the schema from .proto files or a protoset instead.',
      },
    );
  }
  if (outcome.kind === 'undecodable') {
    return new WorkbenchError(
      'schema',
      `A reflection answer from ${target} could not be decoded (${outcome.what}): ${outcome.reason}`,
      {
        subject: target,
        hint: 'The server sends broken reflection data; load the schema from .proto files or a protoset instead.',
      },
    );
  }
  if (outcome.kind === 'ended-early') {
    const listing = outcome.unanswered.includes('its services');
    return new WorkbenchError(
      'schema',
      listing
        ? `${target} ended the reflection stream before listing its services.`
        : `${target} ended the reflection stream before describing ${outcome.unanswered.join(', ')}.`,
      {
        subject: target,
        hint: 'The server ends reflection early; load the schema from .proto files or a protoset instead.',
      },
    );
  }
  const { code, details } = outcome.status;
  const transport = explainTransportFailure(code, details, {
    target,
    tls,
    deadlineMs: params.deadlineMs ?? DEFAULT_REFLECTION_DEADLINE_MS,
    elapsedMs,
    connected,
  });
  if (transport !== undefined)
    return new WorkbenchError(transport.kind, transport.message, { hint: transport.hint, subject: transport.subject });
  return new WorkbenchError(
    'schema',
    `Server reflection on ${target} failed: ${statusName(code)} (${code}): ${details}`,
    {
      subject: target,
      hint:
        code === 16 || code === 7
          ? 'The server wants credentials for reflection: add them as reflection headers (-reflect-header / -H).'
          : undefined,
    },
  );
}
