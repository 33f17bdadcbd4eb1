import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { create, createFileRegistry, toBinary, type DescMessage } from '@bufbuild/protobuf';
import {
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  FileDescriptorProtoSchema,
  FileDescriptorSetSchema,
} from '@bufbuild/protobuf/wkt';
import {
  JsonSyntaxError,
  RequestJsonError,
  ResponseDecodeError,
  decodeResponseToJson,
  encodeRequestJson,
  exampleJson,
  jsonSchemaForMessage,
} from '../../shared/codec';
import { WorkbenchError } from '../../shared/api';
import { ChannelPool } from '../../main/engine/channel/pool';
import { loadSchemaViaReflection } from '../../main/engine/reflection/load-schema-via-reflection';
import { scriptedReflection, startReflectionServer } from '../../main/engine/testing/scripted-reflection';
import { compileFixture } from '../shared/codec/testdata/fixture';

/**
 * Property tests, bounded in count and time: whatever bytes, descriptors or JSON come in, every
 * failure is the layer's typed error — never an unhandled exception.
 */
const registry = compileFixture();
const messages = ['codectest.v1.User', 'codectest.v1.WellKnown'].map(
  (name) => registry.getMessage(name) as DescMessage,
);
const bounded = { numRuns: 300, interruptAfterTimeLimit: 4_000 };

function expectTyped(run: () => unknown, ...types: (abstract new (...args: never[]) => Error)[]): void {
  try {
    run();
  } catch (error) {
    if (!types.some((type) => error instanceof type)) throw error;
  }
}

describe('fuzz: response decoder', () => {
  it('random bytes decode or fail with ResponseDecodeError', () => {
    fc.assert(
      fc.property(fc.constantFrom(...messages), fc.uint8Array({ maxLength: 200 }), (desc, bytes) =>
        expectTyped(() => decodeResponseToJson(desc, bytes, { registry }), ResponseDecodeError),
      ),
      bounded,
    );
  });

  it('mutated valid messages decode or fail with ResponseDecodeError', () => {
    const User = messages[0]!;
    const valid = encodeRequestJson(
      User,
      '{"id":"7","name":"Ada","roles":["a","b"],"labels":{"k":"v"},"previousAddresses":[{}],"score":1.5}',
      { registry },
    );
    const mutation = fc.record({
      at: fc.nat({ max: valid.length - 1 }),
      byte: fc.integer({ min: 0, max: 255 }),
      cut: fc.nat({ max: valid.length }),
    });
    fc.assert(
      fc.property(mutation, ({ at, byte, cut }) => {
        const mutated = Uint8Array.from(valid);
        mutated[at] = byte;
        expectTyped(() => decodeResponseToJson(User, mutated.subarray(0, cut), { registry }), ResponseDecodeError);
      }),
      bounded,
    );
  });
});

describe('fuzz: request JSON validator', () => {
  it('random JSON values and texts encode or fail with RequestJsonError', () => {
    const input = fc.oneof(fc.jsonValue(), fc.json(), fc.string({ maxLength: 40 }));
    fc.assert(
      fc.property(fc.constantFrom(...messages), input, (desc, json) =>
        expectTyped(
          () => encodeRequestJson(desc, json as Parameters<typeof encodeRequestJson>[1], { registry }),
          RequestJsonError,
          JsonSyntaxError,
        ),
      ),
      bounded,
    );
  });
});

const scalarTypes = [
  FieldDescriptorProto_Type.DOUBLE,
  FieldDescriptorProto_Type.FLOAT,
  FieldDescriptorProto_Type.INT64,
  FieldDescriptorProto_Type.UINT64,
  FieldDescriptorProto_Type.INT32,
  FieldDescriptorProto_Type.BOOL,
  FieldDescriptorProto_Type.STRING,
  FieldDescriptorProto_Type.BYTES,
  FieldDescriptorProto_Type.SINT64,
  FieldDescriptorProto_Type.FIXED32,
];

/** A proto3 file of messages M0…Mn whose fields are scalars, an enum, or earlier messages (or themselves). */
const randomFile = fc
  .array(
    fc.array(
      fc.record({
        kind: fc.constantFrom('scalar', 'enum', 'message'),
        scalar: fc.constantFrom(...scalarTypes),
        target: fc.nat(),
        repeated: fc.boolean(),
      }),
      { maxLength: 6 },
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((messageFields) =>
    create(FileDescriptorProtoSchema, {
      name: 'fuzz.proto',
      package: 'fuzz',
      syntax: 'proto3',
      enumType: [
        {
          name: 'E',
          value: [
            { name: 'E_ZERO', number: 0 },
            { name: 'E_ONE', number: 1 },
          ],
        },
      ],
      messageType: messageFields.map((fields, index) => ({
        name: `M${index}`,
        field: fields.map((field, number) => ({
          name: `f${number}`,
          jsonName: `f${number}`,
          number: number + 1,
          label: field.repeated ? FieldDescriptorProto_Label.REPEATED : FieldDescriptorProto_Label.OPTIONAL,
          type:
            field.kind === 'scalar'
              ? field.scalar
              : field.kind === 'enum'
                ? FieldDescriptorProto_Type.ENUM
                : FieldDescriptorProto_Type.MESSAGE,
          ...(field.kind === 'enum' ? { typeName: '.fuzz.E' } : {}),
          ...(field.kind === 'message' ? { typeName: `.fuzz.M${field.target % (index + 1)}` } : {}),
        })),
      })),
    }),
  );

describe('fuzz: descriptors through the codec', () => {
  it('an example of every message encodes, decodes, and has a JSON Schema', () => {
    fc.assert(
      fc.property(randomFile, (file) => {
        const fuzzRegistry = createFileRegistry(create(FileDescriptorSetSchema, { file: [file] }));
        for (const message of file.messageType) {
          const desc = fuzzRegistry.getMessage(`fuzz.${message.name}`)!;
          const example = exampleJson(desc);
          expect(jsonSchemaForMessage(desc)).toBeTypeOf('object');
          const bytes = encodeRequestJson(desc, example, { registry: fuzzRegistry });
          expect(decodeResponseToJson(desc, bytes, { registry: fuzzRegistry })).toBeTypeOf('object');
        }
      }),
      { numRuns: 150, interruptAfterTimeLimit: 4_000 },
    );
  });
});

describe('fuzz: reflection answers', () => {
  it('random and mutated reflection answers load or fail with a WorkbenchError', async () => {
    const serviceFile = toBinary(
      FileDescriptorProtoSchema,
      create(FileDescriptorProtoSchema, { name: 'a.proto', package: 'a', service: [{ name: 'A' }] }),
    );
    let nextAnswer = Buffer.alloc(0);
    const server = await startReflectionServer(scriptedReflection(() => nextAnswer));
    const pool = new ChannelPool({ idleCloseMs: 10 });
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.uint8Array({ maxLength: 64 }),
            // A fileDescriptorResponse (field 4) holding a mutated file descriptor.
            fc
              .record({ at: fc.nat({ max: serviceFile.length - 1 }), byte: fc.integer({ min: 0, max: 255 }) })
              .map(({ at, byte }) => {
                const file = Uint8Array.from(serviceFile);
                file[at] = byte;
                const inner = Buffer.concat([Buffer.from([0x0a, file.length]), file]);
                return Buffer.concat([Buffer.from([0x22, inner.length]), inner]);
              }),
          ),
          async (answer) => {
            nextAnswer = Buffer.from(answer);
            try {
              await loadSchemaViaReflection({
                pool,
                connection: { target: server.target, tls: { mode: 'plaintext' } },
                metadata: [],
                deadlineMs: 2_000,
              });
            } catch (error) {
              if (!(error instanceof WorkbenchError)) throw error;
            }
          },
        ),
        { numRuns: 25, interruptAfterTimeLimit: 5_000 },
      );
    } finally {
      pool.closeAll();
      server.close();
    }
  });
});
