import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, type FileDescriptorProto } from '@bufbuild/protobuf/wkt';
import type { ConnectionOptions } from '../../../shared/api';
import {
  startProtosetReflectionServer,
  type ProtosetReflectionServer,
} from '../../../test/support/protoset-reflection-server';
import { ChannelPool } from '../channel/pool';
import { loadSchemaViaReflection } from './load-schema-via-reflection';

const SERVICES_IN_BIG_FILE = 40;

/** common.proto (one message), big.proto (many services, importing common), small.proto (one service, importing common). */
function files(): FileDescriptorProto[] {
  const message = (name: string) => ({ name, field: [] });
  const method = { name: 'Get', inputType: '.bench.common.Shared', outputType: '.bench.common.Shared' };
  return [
    create(FileDescriptorProtoSchema, {
      name: 'bench/common.proto',
      package: 'bench.common',
      syntax: 'proto3',
      messageType: [message('Shared')],
    }),
    create(FileDescriptorProtoSchema, {
      name: 'bench/big.proto',
      package: 'bench.big',
      syntax: 'proto3',
      dependency: ['bench/common.proto'],
      service: Array.from({ length: SERVICES_IN_BIG_FILE }, (_, index) => ({ name: `Big${index}`, method: [method] })),
    }),
    create(FileDescriptorProtoSchema, {
      name: 'bench/small.proto',
      package: 'bench.small',
      syntax: 'proto3',
      dependency: ['bench/common.proto'],
      service: [{ name: 'Small', method: [method] }],
    }),
  ];
}

describe('reflection fetches what the command needs', () => {
  const pool = new ChannelPool({ idleCloseMs: 10 });
  let server: ProtosetReflectionServer;
  let connection: ConnectionOptions;
  beforeAll(async () => {
    server = await startProtosetReflectionServer(files());
    connection = { target: server.target, tls: { mode: 'plaintext' } };
  });
  afterAll(async () => {
    pool.closeAll();
    await server.close();
  });

  it('`list`: one ListServices request, no files', async () => {
    server.resetTraffic();
    const result = await loadSchemaViaReflection({ pool, connection, metadata: [], symbols: [] });
    expect(server.traffic.requests).toBe(1);
    expect(result.files).toEqual([]);
    expect(result.listedServices).toHaveLength(SERVICES_IN_BIG_FILE + 1);
    expect(result.listedServices).toContain('bench.small.Small');
  });

  it('`describe SYMBOL`: one request, answered with the file and its imports', async () => {
    server.resetTraffic();
    const result = await loadSchemaViaReflection({ pool, connection, metadata: [], symbols: ['.bench.small.Small'] });
    expect(server.traffic.requests).toBe(1);
    expect(result.files.map((file) => file.name)).toEqual(['bench/common.proto', 'bench/small.proto']);
    expect(result.problems).toEqual([]);
  });

  it('an unknown symbol: the service names come along so the caller can suggest one', async () => {
    server.resetTraffic();
    const result = await loadSchemaViaReflection({ pool, connection, metadata: [], symbols: ['bench.small.Smal'] });
    expect(server.traffic.byKind.get('listServices')).toBe(1);
    expect(result.listedServices).toContain('bench.small.Small');
    expect(result.files).toEqual([]);
  });

  it('the whole server: services whose file already arrived are not asked for, and no file comes twice', async () => {
    server.resetTraffic();
    const result = await loadSchemaViaReflection({ pool, connection, metadata: [] });
    expect(result.files.map((file) => file.name).sort()).toEqual([
      'bench/big.proto',
      'bench/common.proto',
      'bench/small.proto',
    ]);
    // ListServices, one service of bench.big (its answer defines the other 39) and bench.small. The
    // old crawl asked for every service (41 + ListServices); a pipeline without the per-package
    // wait asked for Big1…Big3 before big.proto arrived, and the server sent big.proto each time.
    expect(server.traffic.requests).toBe(1 + 2);
    expect(server.traffic.fileBytes).toBe(encodedSize(files()));
  });
});

describe('the whole-server crawl of a package spread over files', () => {
  const pool = new ChannelPool({ idleCloseMs: 10 });
  const SPREAD = 12;
  /** bench.spread.S0…S11, each in its own file: every one needs its own request. */
  const spreadFiles = (): FileDescriptorProto[] =>
    Array.from({ length: SPREAD }, (_, index) =>
      create(FileDescriptorProtoSchema, {
        name: `bench/spread_${index}.proto`,
        package: 'bench.spread',
        syntax: 'proto3',
        messageType: [{ name: `M${index}` }],
        service: [
          {
            name: `S${index}`,
            method: [{ name: 'Get', inputType: `.bench.spread.M${index}`, outputType: `.bench.spread.M${index}` }],
          },
        ],
      }),
    );
  let server: ProtosetReflectionServer;
  beforeAll(async () => {
    server = await startProtosetReflectionServer(spreadFiles());
  });
  afterAll(async () => {
    pool.closeAll();
    await server.close();
  });

  it('fetches every file once: after its first answer the package is asked for in parallel again', async () => {
    const result = await loadSchemaViaReflection({
      pool,
      connection: { target: server.target, tls: { mode: 'plaintext' } },
      metadata: [],
    });
    expect(result.files.map((file) => file.name).sort()).toEqual(
      spreadFiles()
        .map((file) => file.name)
        .sort(),
    );
    expect(server.traffic.requests).toBe(1 + SPREAD);
    expect(server.traffic.fileBytes).toBe(encodedSize(spreadFiles()));
  });
});

function encodedSize(set: readonly FileDescriptorProto[]): number {
  return set.reduce((sum, file) => sum + toBinary(FileDescriptorProtoSchema, file).length, 0);
}
