import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clone, create, createFileRegistry, setExtension, toBinary } from '@bufbuild/protobuf';
import {
  DescriptorProtoSchema,
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  file_google_protobuf_descriptor,
  file_google_protobuf_timestamp,
  FileDescriptorProtoSchema,
  MethodOptionsSchema,
  TimestampSchema,
  type FileDescriptorProto,
} from '@bufbuild/protobuf/wkt';
import type { ConnectionOptions } from '../../../shared/api';
import {
  startProtosetReflectionServer,
  type ProtosetReflectionServer,
} from '../../../test/support/protoset-reflection-server';
import { ChannelPool } from '../channel/pool';
import { loadSchemaFromSources } from '../schema/load-schema';
import { Schema } from '../schema/schema';
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

describe('well-known files a server sends', () => {
  const pool = new ChannelPool({ idleCloseMs: 10 });
  /** The server's descriptor.proto: ours plus one message, as a newer protobuf release would have. */
  const serverDescriptor = clone(FileDescriptorProtoSchema, file_google_protobuf_descriptor.proto);
  serverDescriptor.messageType.push(create(DescriptorProtoSchema, { name: 'ServerOnly' }));
  /** A custom method option, extending the server's MethodOptions. */
  const optionsFile = create(FileDescriptorProtoSchema, {
    name: 'bench/opts.proto',
    package: 'bench.opts',
    syntax: 'proto3',
    dependency: ['google/protobuf/descriptor.proto'],
    extension: [
      {
        name: 'tag',
        number: 50001,
        type: FieldDescriptorProto_Type.STRING,
        label: FieldDescriptorProto_Label.OPTIONAL,
        extendee: '.google.protobuf.MethodOptions',
        jsonName: 'tag',
      },
    ],
  });
  const appFile = (): FileDescriptorProto => {
    const tag = createFileRegistry(optionsFile, () => file_google_protobuf_descriptor).getExtension('bench.opts.tag')!;
    const options = create(MethodOptionsSchema);
    setExtension(options, tag, 'hello');
    return create(FileDescriptorProtoSchema, {
      name: 'bench/app.proto',
      package: 'bench.app',
      syntax: 'proto3',
      dependency: ['bench/opts.proto', 'google/protobuf/timestamp.proto'],
      messageType: [
        {
          name: 'Stamp',
          field: [
            {
              name: 'at',
              number: 1,
              type: FieldDescriptorProto_Type.MESSAGE,
              label: FieldDescriptorProto_Label.OPTIONAL,
              typeName: '.google.protobuf.Timestamp',
              jsonName: 'at',
            },
          ],
        },
      ],
      service: [
        {
          name: 'Clock',
          method: [{ name: 'Now', inputType: '.bench.app.Stamp', outputType: '.bench.app.Stamp', options }],
        },
      ],
    });
  };
  const served = (): FileDescriptorProto[] => [
    serverDescriptor,
    file_google_protobuf_timestamp.proto,
    optionsFile,
    appFile(),
  ];
  let server: ProtosetReflectionServer;
  beforeAll(async () => {
    server = await startProtosetReflectionServer(served());
  });
  afterAll(async () => {
    pool.closeAll();
    await server.close();
  });

  it('a copy identical to ours is taken as ours; one that differs is the server’s, and describe is unchanged', async () => {
    const connection: ConnectionOptions = { target: server.target, tls: { mode: 'plaintext' } };
    const { schema } = await loadSchemaFromSources(
      [{ kind: 'reflection', connection, metadata: [], symbols: ['bench.app.Clock'] }],
      pool,
    );
    // timestamp.proto came byte for byte as ours: our generated, already linked descriptor.
    expect(schema.registry.getMessage('google.protobuf.Timestamp')).toBe(TimestampSchema);
    expect(schema.registry.getMessage('bench.app.Stamp')!.field.at!.message).toBe(TimestampSchema);
    // descriptor.proto differs: the server's copy is the one in the schema.
    expect(schema.registry.getMessage('google.protobuf.ServerOnly')).toBeDefined();
    expect(schema.registry.getMessage('google.protobuf.MethodOptions')).not.toBe(MethodOptionsSchema);
    expect(schema.fileSet.file.find((file) => file.name === 'google/protobuf/descriptor.proto')).toBe(
      schema.registry.getFile('google/protobuf/descriptor.proto')!.proto,
    );
    expect(schema.describe('bench.app.Clock')).toContain('option (bench.opts.tag) = "hello";');
    // The same files decoded and linked as any source's are described the same.
    const decoded = Schema.fromFileDescriptorProtos(served().map((file) => clone(FileDescriptorProtoSchema, file)));
    for (const symbol of [
      'bench.app.Clock',
      'bench.app.Stamp',
      'google.protobuf.Timestamp',
      'google.protobuf.ServerOnly',
    ])
      expect(schema.describe(symbol)).toBe(decoded.describe(symbol));
  });
});

function encodedSize(set: readonly FileDescriptorProto[]): number {
  return set.reduce((sum, file) => sum + toBinary(FileDescriptorProtoSchema, file).length, 0);
}
