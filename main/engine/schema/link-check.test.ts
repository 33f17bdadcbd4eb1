/**
 * The link check (link-check.ts) against the real link: for every set of files, what a schema
 * reports without linking first — its problems, its tree, its file count, or the error the load
 * throws — is what it reports linked first, and the check links only when a file does not link.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { create, fromBinary, type MessageInitShape } from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import {
  EnumValueOptionsSchema,
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  type FieldDescriptorProtoSchema,
  file_google_protobuf_any,
  FileDescriptorProtoSchema,
  MessageOptionsSchema,
  type FileDescriptorProto,
} from '@bufbuild/protobuf/wkt';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileProtoFiles } from './proto-files/compile';
import { Schema } from './schema';
import { quirkyRoots, quirkyTargets } from './testdata/protoc-oracle';

const { MESSAGE, ENUM, GROUP, STRING, BYTES, DOUBLE, INT32, INT64 } = FieldDescriptorProto_Type;
const { OPTIONAL, REPEATED } = FieldDescriptorProto_Label;

type Outcome =
  | { problems: Schema['problems']; services: ReturnType<Schema['services']>; fileCount: number; linked: boolean }
  | { error: string };

/** What a fresh schema of `files` reports, linked first (`link`) or as loadSchema asks (`check`). */
function outcome(files: readonly FileDescriptorProto[], order: 'check' | 'link'): Outcome {
  try {
    const schema = Schema.fromFileDescriptorProtos(files);
    if (order === 'link') void schema.registry;
    const problems = schema.problems;
    return { problems, services: schema.services(), fileCount: schema.fileCount, linked: schema.isLinked };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * The check's answer equals the link's, and it linked exactly when a file does not link (or when it
 * cannot tell: `conservative`). Returns the linked outcome.
 */
function expectSameAsLinking(files: readonly FileDescriptorProto[], { conservative = false } = {}): Outcome {
  const checked = outcome(files, 'check');
  const linked = outcome(files, 'link');
  if ('error' in linked) {
    expect(checked).toEqual(linked);
    return linked;
  }
  expect({ ...checked, linked: true }).toEqual(linked);
  const importProblems = Schema.fromFileDescriptorProtos(files).importProblems;
  const linkFails = linked.problems.length > importProblems.length;
  expect('linked' in checked && checked.linked).toBe(linkFails || conservative);
  return linked;
}

type FileInit = Exclude<MessageInitShape<typeof FileDescriptorProtoSchema>, FileDescriptorProto>;
type FieldInit = Exclude<MessageInitShape<typeof FieldDescriptorProtoSchema>, { $typeName: string }>;

/** A proto3 file of package `p` importing ok.proto (okFile), unless `init` says otherwise. */
function file(name: string, init: Omit<FileInit, 'name'> = {}): FileDescriptorProto {
  return create(FileDescriptorProtoSchema, { name, package: 'p', syntax: 'proto3', dependency: ['ok.proto'], ...init });
}

function field(name: string, number: number, type: FieldDescriptorProto_Type, typeName = '', more: FieldInit = {}) {
  return { name, number, type, typeName, label: OPTIONAL, jsonName: name, ...more };
}

/** A file with message `Ok` and service `S` (one unary method on Ok): what the cases break or build on. */
const okFile = (name = 'ok.proto', init: Omit<FileInit, 'name'> = {}) =>
  file(name, {
    dependency: [],
    messageType: [{ name: 'Ok' }],
    service: [{ name: 'S', method: [{ name: 'Call', inputType: '.p.Ok', outputType: '.p.Ok' }] }],
    ...init,
  });

const mapEntry = (name: string, key: FieldInit, value: FieldInit) => ({
  name,
  field: [key, value],
  options: { mapEntry: true },
});

/** A message `M` with a map field `tags` of the entry `TagsEntry` (key, value). */
const mapFile = (name: string, key: FieldInit, value: FieldInit) =>
  file(name, {
    messageType: [
      {
        name: 'M',
        nestedType: [mapEntry('TagsEntry', key, value)],
        field: [field('tags', 1, MESSAGE, '.p.M.TagsEntry', { label: REPEATED })],
      },
    ],
  });

/** Files, and which of them linking reports (`throws`: the load fails — the registry of the rest does not link). */
interface Case {
  files: FileDescriptorProto[];
  reported: string[] | 'throws';
}
const reporting = (reported: Case['reported'], files: FileDescriptorProto[]): Case => ({ files, reported });

/** One file each, beside okFile: every way @bufbuild/protobuf's registry refuses a file, and neighbours that link. */
const cases: Record<string, Case> = {
  'a field of a type that is not defined': reporting(
    ['bad.proto'],
    [file('bad.proto', { messageType: [{ name: 'M', field: [field('f', 1, MESSAGE, '.p.Nope')] }] })],
  ),
  'a repeated field of a type that is not defined': reporting(
    ['bad.proto'],
    [
      file('bad.proto', {
        messageType: [{ name: 'M', field: [field('f', 1, MESSAGE, '.p.Nope', { label: REPEATED })] }],
      }),
    ],
  ),
  'an enum field naming a message': reporting(
    ['bad.proto'],
    [file('bad.proto', { messageType: [{ name: 'M', field: [field('f', 1, ENUM, '.p.M')] }] })],
  ),
  'a repeated enum field naming a message': reporting(
    ['bad.proto'],
    [file('bad.proto', { messageType: [{ name: 'M', field: [field('f', 1, ENUM, '.p.M', { label: REPEATED })] }] })],
  ),
  'a message field naming an enum': reporting(
    ['bad.proto'],
    [
      file('bad.proto', {
        enumType: [{ name: 'E', value: [{ name: 'E_ZERO', number: 0 }] }],
        messageType: [{ name: 'M', field: [field('f', 1, MESSAGE, '.p.E')] }],
      }),
    ],
  ),
  'a group of a nested message (proto2)': reporting(
    [],
    [
      file('group.proto', {
        syntax: 'proto2',
        messageType: [{ name: 'M', nestedType: [{ name: 'G' }], field: [field('g', 1, GROUP, '.p.M.G')] }],
      }),
    ],
  ),
  'a field naming a type without the leading dot': reporting(
    [],
    [file('nodot.proto', { messageType: [{ name: 'M', field: [field('f', 1, MESSAGE, 'p.M')] }] })],
  ),
  "a method's input that is not defined": reporting(
    ['bad.proto'],
    [
      file('bad.proto', {
        service: [{ name: 'T', method: [{ name: 'X', inputType: '.p.Nope', outputType: '.p.Ok' }] }],
      }),
    ],
  ),
  "a method's output that is not defined": reporting(
    ['bad.proto'],
    [
      file('bad.proto', {
        service: [{ name: 'T', method: [{ name: 'X', inputType: '.p.Ok', outputType: '.p.Nope' }] }],
      }),
    ],
  ),
  "a method's input that is an enum": reporting(
    ['bad.proto'],
    [
      file('bad.proto', {
        enumType: [{ name: 'E', value: [{ name: 'E_ZERO', number: 0 }] }],
        service: [{ name: 'T', method: [{ name: 'X', inputType: '.p.E', outputType: '.p.Ok' }] }],
      }),
    ],
  ),
  'an extension of a message that is not defined': reporting(
    ['bad.proto'],
    [file('bad.proto', { syntax: 'proto2', extension: [field('x', 100, STRING, '', { extendee: '.p.Nope' })] })],
  ),
  'an extension of a type that is not defined': reporting(
    ['bad.proto'],
    [file('bad.proto', { syntax: 'proto2', extension: [field('x', 100, MESSAGE, '.p.Nope', { extendee: '.p.Ok' })] })],
  ),
  'an extension inside a message, of a type that is not defined': reporting(
    ['bad.proto'],
    [
      file('bad.proto', {
        syntax: 'proto2',
        messageType: [{ name: 'M', extension: [field('x', 100, ENUM, '.p.Nope', { extendee: '.p.Ok' })] }],
      }),
    ],
  ),
  'a field naming an extension': reporting(
    ['bad.proto'],
    [
      file('bad.proto', {
        syntax: 'proto2',
        extension: [field('x', 100, STRING, '', { extendee: '.p.Ok' })],
        messageType: [{ name: 'M', field: [field('f', 1, MESSAGE, '.p.x')] }],
      }),
    ],
  ),
  'a oneof index past the oneofs': reporting(
    ['bad.proto'],
    [
      file('bad.proto', {
        messageType: [{ name: 'M', oneofDecl: [{ name: 'o' }], field: [field('f', 1, STRING, '', { oneofIndex: 1 })] }],
      }),
    ],
  ),
  'a negative oneof index': reporting(
    ['bad.proto'],
    [
      file('bad.proto', {
        messageType: [
          { name: 'M', oneofDecl: [{ name: 'o' }], field: [field('f', 1, STRING, '', { oneofIndex: -1 })] },
        ],
      }),
    ],
  ),
  'a proto3 optional whose oneof index is past the oneofs (not checked)': reporting(
    [],
    [
      file('opt.proto', {
        messageType: [{ name: 'M', field: [field('f', 1, STRING, '', { oneofIndex: 3, proto3Optional: true })] }],
      }),
    ],
  ),
  'a oneof with its members': reporting(
    [],
    [
      file('oneof.proto', {
        messageType: [
          {
            name: 'M',
            oneofDecl: [{ name: 'o' }],
            field: [field('a', 1, STRING, '', { oneofIndex: 0 }), field('b', 2, MESSAGE, '.p.Ok', { oneofIndex: 0 })],
          },
        ],
      }),
    ],
  ),
  'a message name with a dash': reporting(['bad.proto'], [file('bad.proto', { messageType: [{ name: 'Bad-Name' }] })]),
  'a field name with a dot': reporting(
    ['bad.proto'],
    [file('bad.proto', { messageType: [{ name: 'M', field: [field('f.g', 1, STRING)] }] })],
  ),
  'a oneof name with a space': reporting(
    ['bad.proto'],
    [file('bad.proto', { messageType: [{ name: 'M', oneofDecl: [{ name: 'o o' }] }] })],
  ),
  'a nested enum value name with a space': reporting(
    ['bad.proto'],
    [
      file('bad.proto', {
        messageType: [{ name: 'M', enumType: [{ name: 'E', value: [{ name: 'A B', number: 0 }] }] }],
      }),
    ],
  ),
  'a service name with a slash': reporting(['bad.proto'], [file('bad.proto', { service: [{ name: 'T/U' }] })]),
  'a method name that is empty': reporting(
    ['bad.proto'],
    [file('bad.proto', { service: [{ name: 'T', method: [{ name: '', inputType: '.p.Ok', outputType: '.p.Ok' }] }] })],
  ),
  'an extension name with a dash': reporting(
    ['bad.proto'],
    [file('bad.proto', { syntax: 'proto2', extension: [field('x-y', 100, STRING, '', { extendee: '.p.Ok' })] })],
  ),
  'names starting with a digit (protoc allows them)': reporting(
    [],
    [file('digit.proto', { messageType: [{ name: '1M' }] })],
  ),
  'an unknown syntax': reporting(['bad.proto'], [file('bad.proto', { syntax: 'proto4' })]),
  'an edition the registry does not know': reporting(
    ['bad.proto'],
    [file('bad.proto', { syntax: 'editions', edition: 900 })],
  ),
  'edition 2023': reporting(
    [],
    [file('ed.proto', { syntax: 'editions', edition: 1000, messageType: [{ name: 'E2023' }] })],
  ),
  'the unstable edition': reporting(
    [],
    [file('ed.proto', { syntax: 'editions', edition: 9999, messageType: [{ name: 'Unstable' }] })],
  ),
  'an import cycle': reporting(
    ['cycle_b.proto', 'cycle_a.proto'],
    [
      file('cycle_a.proto', { dependency: ['cycle_b.proto'], messageType: [{ name: 'A' }] }),
      file('cycle_b.proto', { dependency: ['cycle_a.proto'], messageType: [{ name: 'B' }] }),
    ],
  ),
  'a missing import, and a file importing that file': reporting(
    ['orphan.proto', 'orphan_user.proto'],
    [
      file('orphan.proto', { dependency: ['gone.proto'], messageType: [{ name: 'Orphan' }] }),
      file('orphan_user.proto', {
        dependency: ['orphan.proto'],
        messageType: [{ name: 'User', field: [field('o', 1, MESSAGE, '.p.Orphan')] }],
      }),
    ],
  ),
  'a file importing a file that does not link': reporting(
    ['bad.proto', 'user.proto'],
    [
      file('bad.proto', { messageType: [{ name: 'M', field: [field('f', 1, MESSAGE, '.p.Nope')] }] }),
      file('user.proto', { dependency: ['bad.proto'], messageType: [{ name: 'U' }] }),
    ],
  ),
  'a map field': reporting([], [mapFile('map.proto', field('key', 1, STRING), field('value', 2, MESSAGE, '.p.Ok'))]),
  'a map with a bytes key': reporting(
    ['bad.proto'],
    [mapFile('bad.proto', field('key', 1, BYTES), field('value', 2, STRING))],
  ),
  'a map with a double key': reporting(
    ['bad.proto'],
    [mapFile('bad.proto', field('key', 1, DOUBLE), field('value', 2, STRING))],
  ),
  'a map whose value is repeated': reporting(
    ['bad.proto'],
    [mapFile('bad.proto', field('key', 1, STRING), field('value', 2, INT32, '', { label: REPEATED }))],
  ),
  'a map entry without its value': reporting(
    ['bad.proto'],
    [
      file('bad.proto', {
        messageType: [
          {
            name: 'M',
            nestedType: [{ name: 'TagsEntry', field: [field('key', 1, STRING)], options: { mapEntry: true } }],
            field: [field('tags', 1, MESSAGE, '.p.M.TagsEntry', { label: REPEATED })],
          },
        ],
      }),
    ],
  ),
  'a map entry whose value type is not defined': reporting(
    ['bad.proto'],
    [
      file('bad.proto', {
        messageType: [
          {
            name: 'M',
            nestedType: [mapEntry('TagsEntry', field('key', 1, STRING), field('value', 2, MESSAGE, '.p.Nope'))],
          },
        ],
      }),
    ],
  ),
  'a map of maps (a map entry whose value is a map)': reporting(
    ['bad.proto'],
    [
      file('bad.proto', {
        messageType: [
          {
            name: 'M',
            nestedType: [
              mapEntry(
                'OuterEntry',
                field('key', 1, STRING),
                field('value', 2, MESSAGE, '.p.M.InnerEntry', { label: REPEATED }),
              ),
              mapEntry('InnerEntry', field('key', 1, STRING), field('value', 2, STRING)),
            ],
            field: [field('outer', 1, MESSAGE, '.p.M.OuterEntry', { label: REPEATED })],
          },
        ],
      }),
    ],
  ),
  "a repeated field naming another file's map entry": reporting(
    ['bad.proto'],
    [
      file('entries.proto', {
        messageType: [
          { name: 'H', nestedType: [mapEntry('TagsEntry', field('key', 1, STRING), field('value', 2, STRING))] },
        ],
      }),
      file('bad.proto', {
        dependency: ['entries.proto'],
        messageType: [{ name: 'M', field: [field('tags', 1, MESSAGE, '.p.H.TagsEntry', { label: REPEATED })] }],
      }),
    ],
  ),
  'a singular field naming a map entry': reporting(
    ['bad.proto'],
    [
      file('bad.proto', {
        messageType: [
          {
            name: 'M',
            nestedType: [mapEntry('TagsEntry', field('key', 1, INT64), field('value', 2, STRING))],
            field: [field('tags', 1, MESSAGE, '.p.M.TagsEntry')],
          },
        ],
      }),
    ],
  ),
  'a message defined twice in two files (the later wins)': reporting(
    [],
    [
      file('dup_a.proto', { messageType: [{ name: 'Dup', field: [field('a', 1, STRING)] }] }),
      file('dup_b.proto', { messageType: [{ name: 'Dup' }] }),
      file('dup_user.proto', {
        dependency: ['dup_a.proto'],
        messageType: [{ name: 'U', field: [field('d', 1, MESSAGE, '.p.Dup')] }],
      }),
    ],
  ),
  'a service defined twice (the later file is in the tree)': reporting(
    [],
    [
      okFile('twice_a.proto', { messageType: [{ name: 'A' }] }),
      file('twice_b.proto', {
        dependency: ['twice_a.proto'],
        service: [
          { name: 'S', method: [{ name: 'Other', inputType: '.p.A', outputType: '.p.A', serverStreaming: true }] },
        ],
      }),
    ],
  ),
  'a service name defined again as a message': reporting(
    [],
    [
      okFile('svc.proto', { messageType: [{ name: 'Ok2' }], service: [{ name: 'Clash', method: [] }] }),
      file('clash.proto', { messageType: [{ name: 'Clash' }] }),
    ],
  ),
  'a message defined again as an enum, in a file linked before its user': reporting('throws', [
    file('kind_a.proto', { messageType: [{ name: 'K' }] }),
    file('kind_b.proto', { enumType: [{ name: 'K', value: [{ name: 'K_ZERO', number: 0 }] }] }),
    file('kind_user.proto', {
      dependency: ['kind_a.proto'],
      messageType: [{ name: 'U', field: [field('k', 1, MESSAGE, '.p.K')] }],
    }),
  ]),
  'an extension named as a message, which it replaces in the registry': reporting('throws', [
    file('ext_clash.proto', { syntax: 'proto2', extension: [field('Ok', 100, STRING, '', { extendee: '.p.Ok' })] }),
    file('ext_user.proto', {
      messageType: [{ name: 'U', field: [field('ok', 1, MESSAGE, '.p.Ok')] }],
    }),
  ]),
  'a type from a file not imported, linked before': reporting(
    [],
    [
      file('elsewhere.proto', { messageType: [{ name: 'Elsewhere' }] }),
      file('user.proto', { messageType: [{ name: 'U', field: [field('e', 1, MESSAGE, '.p.Elsewhere')] }] }),
    ],
  ),
  'a type from a file not imported, linked after': reporting(
    ['user.proto'],
    [
      file('user.proto', { messageType: [{ name: 'U', field: [field('e', 1, MESSAGE, '.p.Elsewhere')] }] }),
      file('elsewhere.proto', { messageType: [{ name: 'Elsewhere' }] }),
    ],
  ),
  "the source's own any.proto, and a file using Any": reporting(
    [],
    [
      create(FileDescriptorProtoSchema, { ...file_google_protobuf_any.proto }),
      file('uses_any.proto', {
        dependency: ['google/protobuf/any.proto', 'google/protobuf/timestamp.proto'],
        messageType: [
          {
            name: 'U',
            field: [
              field('a', 1, MESSAGE, '.google.protobuf.Any'),
              field('t', 2, MESSAGE, '.google.protobuf.Timestamp'),
            ],
          },
        ],
      }),
    ],
  ),
  'a well-known type used without its import (linked from the start)': reporting(
    [],
    [
      file('uses_status.proto', {
        messageType: [{ name: 'U', field: [field('s', 1, MESSAGE, '.google.rpc.Status')] }],
      }),
    ],
  ),
  'a custom option on a message (an unknown field)': reporting(
    [],
    [
      file('tagged.proto', {
        messageType: [
          {
            name: 'M',
            options: fromBinary(
              MessageOptionsSchema,
              new BinaryWriter().tag(50000, WireType.LengthDelimited).string('x').finish(),
            ),
          },
        ],
      }),
    ],
  ),
};

/** The files a test of schema.test.ts builds by hand that do not link (dangling, orphan, a broken option file). */
const schemaTestFiles = [
  file('dangling.proto', {
    package: 'hand',
    messageType: [{ name: 'Dangling', field: [field('f', 1, MESSAGE, '.hand.DoesNotExist')] }],
  }),
  file('orphan.proto', { package: 'hand', dependency: ['gone.proto'], messageType: [{ name: 'Orphan' }] }),
  file('opts.proto', {
    package: 'hand',
    dependency: ['google/protobuf/descriptor.proto'],
    messageType: [{ name: 'Broken', field: [field('f', 1, MESSAGE, '.hand.Nope')] }],
    extension: [field('tag', 50000, STRING, '', { extendee: '.google.protobuf.MessageOptions' })],
  }),
];

describe('the link check', () => {
  it.each(Object.entries(cases))('%s: reports what linking reports', (_, { files, reported }) => {
    const linked = expectSameAsLinking([okFile(), ...files]);
    expect('error' in linked ? 'throws' : linked.problems.map((problem) => problem.file)).toEqual(reported);
  });

  it('reports the broken files of schema.test.ts as linking does, with the tree of the files that link', () => {
    const linked = expectSameAsLinking([okFile(), ...schemaTestFiles]);
    expect(linked).toMatchObject({
      problems: [
        { file: 'orphan.proto', message: 'Import "gone.proto" is not among the loaded files.' },
        { file: 'dangling.proto', message: expect.stringContaining('hand.DoesNotExist') },
        { file: 'opts.proto', message: expect.stringContaining('hand.Nope') },
      ],
      services: [{ name: 'p.S', file: 'ok.proto' }],
    });
  });

  it('links when it cannot tell: an enum value with a JSON name option, which the registry decodes', () => {
    const jsonName = new BinaryWriter().tag(1, WireType.LengthDelimited).string('zero').finish();
    const options = fromBinary(
      EnumValueOptionsSchema,
      new BinaryWriter().tag(998, WireType.LengthDelimited).bytes(jsonName).finish(),
    );
    const named = file('json_name.proto', {
      enumType: [{ name: 'E', value: [{ name: 'E_ZERO', number: 0, options }] }],
    });
    expect(expectSameAsLinking([okFile(), named], { conservative: true })).toMatchObject({ problems: [] });
  });

  it('answers the quirky files, the samples and the googleapis subset of the benchmarks without linking', async () => {
    const googleapisRoot = dirname(createRequire(import.meta.url).resolve('google-proto-files/package.json'));
    const samplesRoot = fileURLToPath(new URL('../../../proto-samples/protos', import.meta.url));
    const googleapisDirs = [
      'google/cloud/compute/v1',
      'google/pubsub/v1',
      'google/spanner/v1',
      'google/storage/v2',
      'google/longrunning',
    ];
    for (const source of [
      { files: quirkyTargets, importPaths: quirkyRoots },
      { files: [samplesRoot], importPaths: [samplesRoot] },
      { files: googleapisDirs.map((dir) => join(googleapisRoot, dir)), importPaths: [googleapisRoot] },
    ]) {
      const { fileSet, problems } = await compileProtoFiles(source);
      expect(problems).toEqual([]);
      const linked = expectSameAsLinking(fileSet.file);
      expect(linked).toMatchObject({ problems: [] });
      expect('services' in linked && linked.services.length).toBeGreaterThan(0);
      // Any one file left out (its importers then miss an import) is reported as linking reports it.
      const withoutFirstImported = fileSet.file.slice(1);
      expectSameAsLinking(withoutFirstImported);
    }
  }, 120_000);
});

/**
 * Random files, mostly sound, with a fault now and then: a field naming a type of this file or an
 * imported one, of the right kind or not, or one that does not exist; maps with any key and value;
 * oneof indexes in and out of range; a bad name; an unknown syntax; imports of earlier files, or of
 * later ones (cycles) and missing ones — each compared with the real link.
 */
describe('the link check on random files', () => {
  /** Mostly `sound`, now and then `faulty`. */
  const mostly = <T>(sound: fc.Arbitrary<T>, faulty: fc.Arbitrary<T>) =>
    fc.oneof({ arbitrary: sound, weight: 80 }, { arbitrary: faulty, weight: 1 });
  /** `file`: 'own', 'imported' (the file's first import, else its own), or a file's index. */
  const typeRef = (names: string[]): fc.Arbitrary<{ file: 'own' | 'imported' | number; name: string }> =>
    mostly<{ file: 'own' | 'imported' | number; name: string }>(
      fc.record({ file: fc.constantFrom<'own' | 'imported'>('own', 'imported'), name: fc.constantFrom(...names) }),
      fc.record({
        file: fc.oneof(fc.constantFrom<'own' | 'imported'>('own', 'imported'), fc.nat({ max: 3 })),
        name: fc.constantFrom('M0', 'M1', 'E0', 'M0.Inner', 'M1.ValuesEntry', 'x0', 'Nope'),
      }),
    );
  const randomField = fc.record({
    type: mostly(fc.constantFrom(MESSAGE, ENUM, STRING, INT64), fc.constantFrom(GROUP, BYTES, DOUBLE)),
    messageRef: typeRef(['M0', 'M0.Inner']),
    enumRef: typeRef(['E0']),
    repeated: fc.boolean(),
    oneofIndex: mostly(fc.constant(undefined), fc.integer({ min: -1, max: 2 })),
    proto3Optional: mostly(fc.constant(false), fc.constant(true)),
  });
  type RandomField = typeof randomField extends fc.Arbitrary<infer F> ? F : never;
  const randomFile = fc.record({
    /** Indexes of earlier files (sound), or any, the file itself and missing ones included (faulty). */
    imports: fc.uniqueArray(fc.nat({ max: 3 }), { maxLength: 2 }),
    anyImports: mostly(fc.constant(false), fc.constant(true)),
    syntax: mostly(fc.constantFrom('proto3', 'proto2', 'editions'), fc.constant('proto4')),
    fields: fc.array(fc.array(randomField, { maxLength: 4 }), { minLength: 1, maxLength: 2 }),
    entry: fc.record({
      key: mostly(fc.constantFrom(STRING, INT64), fc.constantFrom(BYTES, DOUBLE, MESSAGE)),
      value: randomField,
      valueRepeated: mostly(fc.constant(false), fc.constant(true)),
    }),
    oneofs: fc.nat({ max: 2 }),
    extension: fc.option(fc.record({ extendee: typeRef(['M0', 'M1']), field: randomField }), { nil: undefined }),
    method: fc.option(fc.record({ input: typeRef(['M0', 'M1']), output: typeRef(['M0', 'M0.Inner']) }), {
      nil: undefined,
    }),
    badName: mostly(fc.constant(undefined), fc.constant('a-b')),
  });
  type RandomFile = typeof randomFile extends fc.Arbitrary<infer F> ? F : never;

  const toFile = (spec: RandomFile, index: number): FileDescriptorProto => {
    const imports = spec.imports.filter((imported) => spec.anyImports || imported < index);
    const typeName = ({ file: where, name }: { file: 'own' | 'imported' | number; name: string }) =>
      `.r${where === 'own' ? index : where === 'imported' ? (imports[0] ?? index) : where}.${name}`;
    const toField = (name: string, number: number, spec: RandomField): FieldInit => ({
      name,
      number,
      jsonName: name,
      type: spec.type,
      typeName:
        spec.type === ENUM
          ? typeName(spec.enumRef)
          : spec.type === MESSAGE || spec.type === GROUP
            ? typeName(spec.messageRef)
            : '',
      label: spec.repeated ? REPEATED : OPTIONAL,
      ...(spec.oneofIndex === undefined ? {} : { oneofIndex: spec.oneofIndex }),
      proto3Optional: spec.proto3Optional,
    });
    const single = (spec: RandomField): RandomField => ({ ...spec, repeated: false, oneofIndex: undefined });
    return create(FileDescriptorProtoSchema, {
      name: `r${index}.proto`,
      package: `r${index}`,
      syntax: spec.syntax,
      ...(spec.syntax === 'editions' ? { edition: 1000 } : {}),
      dependency: imports.map((imported) => `r${imported}.proto`),
      enumType: [{ name: 'E0', value: [{ name: 'E0_ZERO', number: 0 }] }],
      messageType: spec.fields.map((fields, messageIndex) => ({
        name: messageIndex === 0 && spec.badName !== undefined ? spec.badName : `M${messageIndex}`,
        oneofDecl: Array.from({ length: spec.oneofs }, (_, oneof) => ({ name: `o${oneof}` })),
        field: [
          ...fields.map((fieldSpec, number) => toField(`f${number}`, number + 1, fieldSpec)),
          ...(messageIndex === 1
            ? [
                {
                  ...toField('values', 99, { ...single(spec.entry.value), repeated: true }),
                  type: MESSAGE,
                  typeName: `.r${index}.M1.ValuesEntry`,
                },
              ]
            : []),
        ],
        nestedType: [
          { name: 'Inner' },
          ...(messageIndex === 1
            ? [
                {
                  name: 'ValuesEntry',
                  options: { mapEntry: true },
                  field: [
                    toField('key', 1, { ...single(spec.entry.value), type: spec.entry.key }),
                    toField('value', 2, { ...single(spec.entry.value), repeated: spec.entry.valueRepeated }),
                  ],
                },
              ]
            : []),
        ],
      })),
      extension:
        spec.extension === undefined || spec.syntax === 'proto3'
          ? []
          : [{ ...toField('x0', 1000, single(spec.extension.field)), extendee: typeName(spec.extension.extendee) }],
      service:
        spec.method === undefined
          ? []
          : [
              {
                name: 'S',
                method: [
                  { name: 'Call', inputType: typeName(spec.method.input), outputType: typeName(spec.method.output) },
                ],
              },
            ],
    });
  };

  it('reports what linking reports', () => {
    const seen = { clean: 0, problems: 0, throws: 0 };
    fc.assert(
      fc.property(fc.array(randomFile, { minLength: 1, maxLength: 4 }), (specs) => {
        const linked = expectSameAsLinking(specs.map(toFile));
        seen['error' in linked ? 'throws' : linked.problems.length > 0 ? 'problems' : 'clean']++;
      }),
      { numRuns: 500, interruptAfterTimeLimit: 10_000 },
    );
    // Both outcomes are reached (a load that throws is rare here: the cases above have theirs).
    expect(seen.clean).toBeGreaterThan(100);
    expect(seen.problems).toBeGreaterThan(100);
  });
});
