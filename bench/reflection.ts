/**
 * Reflection against a server with many files (googleapis, served the way grpc-go does: each answer
 * carries the file and its imports not yet sent on the stream). Ours is the engine's reflection
 * source as the CLI and the UI use it; the baseline a grpcurl-style client on a bare grpc-js stream.
 *
 *   list      ours: loadSchema with symbols [] + listServices   baseline: one ListServices
 *   describe  ours: loadSchema with [symbol], link onUse + describe   baseline: one fileContainingSymbol, files decoded
 *   tree      ours: the whole server, the UI's loadSchema answer   baseline: ListServices, then sequentially the
 *             (its tree, file count and problems)                file of each service not yet received
 */
import * as grpc from '@grpc/grpc-js';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import {
  ServerReflectionRequestSchema,
  ServerReflectionResponseSchema,
  type ServerReflectionRequest,
  type ServerReflectionResponse,
} from '../main/engine/gen/grpc/reflection/v1/reflection_pb';
import { ChannelPool } from '../main/engine/channel/pool';
import { loadSchemaFromSources, schemaLoadSummary } from '../main/engine/schema/load-schema';
import { startProtosetReflectionServer } from '../test/support/protoset-reflection-server';
import { googleapisDirs, googleapisProtoset } from './support/googleapis';
import { alternate, report, rounds, timed } from './support/harness';

const SYMBOL = 'google.pubsub.v1.Publisher';

/** A grpcurl-style reflection client: one stream, one request at a time. */
class BareReflectionClient {
  private readonly stream: grpc.ClientDuplexStream<Buffer, Buffer>;
  private waiting: ((response: ServerReflectionResponse) => void) | undefined;

  constructor(client: grpc.Client) {
    this.stream = client.makeBidiStreamRequest(
      '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo',
      (bytes: Buffer) => bytes,
      (bytes: Buffer) => bytes,
    );
    this.stream.on('data', (bytes: Buffer) => this.waiting?.(fromBinary(ServerReflectionResponseSchema, bytes)));
    this.stream.on('error', () => undefined);
  }

  ask(request: ServerReflectionRequest['messageRequest']): Promise<ServerReflectionResponse> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.stream.write(
        Buffer.from(
          toBinary(ServerReflectionRequestSchema, create(ServerReflectionRequestSchema, { messageRequest: request })),
        ),
      );
    });
  }

  close(): void {
    this.stream.end();
  }
}

async function main(): Promise<void> {
  const fileSet = await googleapisProtoset();
  const server = await startProtosetReflectionServer(fileSet.file);
  const client = new grpc.Client(server.target, grpc.credentials.createInsecure());
  const pool = new ChannelPool();
  const connection = { target: server.target, tls: { mode: 'plaintext' as const } };
  const ours = (symbols?: string[], link?: 'onUse') =>
    loadSchemaFromSources(
      [{ kind: 'reflection', connection, metadata: [], ...(symbols === undefined ? {} : { symbols }) }],
      pool,
      link,
    );
  const bare = async (work: (reflection: BareReflectionClient) => Promise<void>) => {
    const reflection = new BareReflectionClient(client);
    await work(reflection);
    reflection.close();
  };
  const subset = `googleapis ${googleapisDirs().join(', ')}: ${fileSet.file.length} files`;
  try {
    // Warm both up: connections, JIT.
    await ours([]);
    await bare((reflection) => reflection.ask({ case: 'listServices', value: '' }).then(() => undefined));

    let requests = 0;
    let serviceCount = 0;
    const list = await alternate(
      rounds(15),
      async () => {
        server.resetTraffic();
        const ms = await timed(async () => {
          serviceCount = (await ours([])).schema.listServices().length;
        });
        requests = server.traffic.requests;
        return { ms };
      },
      async () => ({
        ms: await timed(() =>
          bare((reflection) => reflection.ask({ case: 'listServices', value: '' }).then(() => undefined)),
        ),
      }),
    );
    report({
      name: 'reflection-list',
      value: list.ours.ms,
      baseline: list.baseline.ms,
      unit: 'ms',
      goal: { max: 2 },
      label: `${serviceCount} services, ${subset}`,
    });
    report({
      name: 'reflection-list-requests',
      value: requests,
      baseline: 1,
      unit: 'requests',
      goal: { max: 1 },
      label: 'requests the server received for `list`',
    });

    const describe = await alternate(
      rounds(15),
      async () => {
        server.resetTraffic();
        const ms = await timed(async () => {
          // What the CLI's `describe SYMBOL` asks for (main/cli/commands/describe.ts).
          (await ours([SYMBOL], 'onUse')).schema.describe(SYMBOL);
        });
        requests = server.traffic.requests;
        return { ms };
      },
      async () => ({
        ms: await timed(() =>
          bare(async (reflection) => {
            const answer = await reflection.ask({ case: 'fileContainingSymbol', value: SYMBOL });
            if (answer.messageResponse.case !== 'fileDescriptorResponse') throw new Error(`no file for ${SYMBOL}`);
            for (const bytes of answer.messageResponse.value.fileDescriptorProto)
              fromBinary(FileDescriptorProtoSchema, bytes);
          }),
        ),
      }),
    );
    report({
      name: 'reflection-describe',
      value: describe.ours.ms,
      baseline: describe.baseline.ms,
      unit: 'ms',
      goal: { max: 2 },
      label: `describe ${SYMBOL}`,
    });
    report({
      name: 'reflection-describe-requests',
      value: requests,
      baseline: 1,
      unit: 'requests',
      goal: { max: 1 },
      label: 'requests the server received for `describe SYMBOL`',
    });

    let treeRequests = 0;
    let treeBytes = 0;
    let baselineRequests = 0;
    // 15 rounds, not 3: the first rounds carry the linker's JIT warm-up, and a median of 3 read
    // 1.9× to 4.0× for the same code (2.03–2.06× over 15, three builds side by side, 2026-12-01).
    const tree = await alternate(
      rounds(15),
      async () => {
        server.resetTraffic();
        // What the UI's loadSchema answers (service.ts): the tree, the file count and the problems.
        const ms = await timed(async () => schemaLoadSummary(await ours()));
        treeRequests = server.traffic.requests;
        treeBytes = server.traffic.fileBytes;
        return { ms };
      },
      async () => {
        server.resetTraffic();
        const ms = await timed(() =>
          bare(async (reflection) => {
            const listed = await reflection.ask({ case: 'listServices', value: '' });
            if (listed.messageResponse.case !== 'listServicesResponse') throw new Error('ListServices failed');
            const defined = new Set<string>();
            for (const { name } of listed.messageResponse.value.service) {
              if (defined.has(name)) continue;
              const answer = await reflection.ask({ case: 'fileContainingSymbol', value: name });
              if (answer.messageResponse.case !== 'fileDescriptorResponse') continue;
              for (const bytes of answer.messageResponse.value.fileDescriptorProto) {
                const file = fromBinary(FileDescriptorProtoSchema, bytes);
                for (const service of file.service) defined.add(`${file.package}.${service.name}`);
              }
            }
          }),
        );
        baselineRequests = server.traffic.requests;
        return { ms };
      },
    );
    report({
      name: 'reflection-tree',
      value: tree.ours.ms,
      baseline: tree.baseline.ms,
      unit: 'ms',
      goal: { max: 2 },
      label: `the whole server (UI tree): ${treeRequests} requests (baseline ${baselineRequests}), ${(treeBytes / 1e6).toFixed(1)} MB of files`,
    });
  } finally {
    client.close();
    pool.closeAll();
    await server.close();
  }
}

await main();
