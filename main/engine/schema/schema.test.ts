import { create, fromBinary } from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import {
  AnySchema,
  DescriptorProtoSchema,
  file_google_protobuf_any,
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  FieldDescriptorProtoSchema,
  FileDescriptorProtoSchema,
  FileDescriptorSetSchema,
  MessageOptionsSchema,
  ServiceDescriptorProtoSchema,
  TimestampSchema,
  type FileDescriptorProto,
} from '@bufbuild/protobuf/wkt';
import { beforeAll, describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../shared/api';
import { compileProtoFiles } from './proto-files/compile';
import { Schema } from './schema';
import { protocDescriptorSet, quirkyRoots, quirkyTargets } from './testdata/protoc-oracle';

let quirky: Schema;
beforeAll(async () => {
  const { fileSet, problems } = await compileProtoFiles({ files: quirkyTargets, importPaths: quirkyRoots });
  expect(problems).toEqual([]);
  quirky = Schema.fromFileDescriptorSet(fileSet);
});

function engineErrorOf(action: () => unknown): WorkbenchError {
  try {
    action();
  } catch (error) {
    if (error instanceof WorkbenchError) return error;
    throw error;
  }
  throw new Error('expected an WorkbenchError');
}

/** A hand-made proto3 file with one message per name, each with a field of the given type name. */
function fileWith(
  name: string,
  options: { package?: string; dependency?: string[]; messages?: Record<string, string | undefined> },
): FileDescriptorProto {
  return create(FileDescriptorProtoSchema, {
    name,
    package: options.package ?? 'hand',
    dependency: options.dependency ?? [],
    syntax: 'proto3',
    messageType: Object.entries(options.messages ?? {}).map(([messageName, fieldType]) =>
      create(DescriptorProtoSchema, {
        name: messageName,
        field:
          fieldType === undefined
            ? []
            : [
                create(FieldDescriptorProtoSchema, {
                  name: 'f',
                  number: 1,
                  label: FieldDescriptorProto_Label.OPTIONAL,
                  type: FieldDescriptorProto_Type.MESSAGE,
                  typeName: fieldType,
                  jsonName: 'f',
                }),
              ],
      }),
    ),
  });
}

describe('Schema services and methods', () => {
  it('summarises every service, sorted, with wire paths and kinds from the streaming flags', () => {
    expect(quirky.services()).toEqual([
      {
        name: 'quirky.shop.v1.AdminService',
        file: 'quirky/shop/v1/admin.proto',
        methods: [
          {
            name: 'PurgeItem',
            path: 'quirky.shop.v1.AdminService/PurgeItem',
            kind: 'unary',
            inputType: 'quirky.shop.v1.GetItemRequest',
            outputType: 'google.protobuf.Empty',
          },
          {
            name: 'Snapshot',
            path: 'quirky.shop.v1.AdminService/Snapshot',
            kind: 'server_streaming',
            inputType: 'google.protobuf.Empty',
            outputType: 'quirky.shop.v1.Item',
          },
        ],
      },
      {
        name: 'quirky.shop.v1.ShopService',
        file: 'quirky/shop/v1/shop.proto',
        methods: [
          {
            name: 'GetItem',
            path: 'quirky.shop.v1.ShopService/GetItem',
            kind: 'unary',
            inputType: 'quirky.shop.v1.GetItemRequest',
            outputType: 'quirky.shop.v1.Item',
          },
          {
            name: 'ListItems',
            path: 'quirky.shop.v1.ShopService/ListItems',
            kind: 'server_streaming',
            inputType: 'quirky.shop.v1.ListItemsRequest',
            outputType: 'quirky.shop.v1.Item',
          },
          {
            name: 'UploadItems',
            path: 'quirky.shop.v1.ShopService/UploadItems',
            kind: 'client_streaming',
            inputType: 'quirky.shop.v1.Item',
            outputType: 'quirky.shop.v1.UploadSummary',
          },
          {
            name: 'Chat',
            path: 'quirky.shop.v1.ShopService/Chat',
            kind: 'bidi_streaming',
            inputType: 'quirky.shop.v1.ChatMessage',
            outputType: 'quirky.shop.v1.ChatMessage',
          },
        ],
      },
    ]);
    expect(quirky.listServices()).toEqual(['quirky.shop.v1.AdminService', 'quirky.shop.v1.ShopService']);
    expect(quirky.listMethods('quirky.shop.v1.ShopService')).toEqual([
      'quirky.shop.v1.ShopService.Chat',
      'quirky.shop.v1.ShopService.GetItem',
      'quirky.shop.v1.ShopService.ListItems',
      'quirky.shop.v1.ShopService.UploadItems',
    ]);
  });

  it('answers the tree, the problems and the file count without linking when every file links; a call links', () => {
    const schema = Schema.fromFileDescriptorSet(quirky.fileSet);
    expect(schema.services()).toEqual(quirky.services());
    expect(schema.problems).toEqual([]);
    expect(schema.fileCount).toBe(quirky.fileSet.file.length);
    expect(schema.isLinked).toBe(false);
    expect(schema.findMethod('quirky.shop.v1.ShopService/GetItem').input.typeName).toBe(
      'quirky.shop.v1.GetItemRequest',
    );
    expect(schema.isLinked).toBe(true);
  });

  it('names the file and the reason when a service is in a file that did not load', () => {
    const service = { name: 'Svc', method: [{ name: 'Call', inputType: '.hand.A', outputType: '.hand.A' }] };
    const orphan = fileWith('orphan.proto', { dependency: ['gone.proto'], messages: { A: undefined } });
    orphan.service.push(create(ServiceDescriptorProtoSchema, service));
    const dangling = fileWith('dangling.proto', { package: 'dang', messages: { A: '.dang.DoesNotExist' } });
    dangling.service.push(
      create(ServiceDescriptorProtoSchema, {
        ...service,
        method: [{ ...service.method[0], inputType: '.dang.A', outputType: '.dang.A' }],
      }),
    );
    const schema = Schema.fromFileDescriptorProtos([orphan, dangling]);
    const missingImport = engineErrorOf(() => schema.findMethod('hand.Svc/Call'));
    expect(missingImport).toMatchObject({ kind: 'schema', subject: 'orphan.proto' });
    expect(missingImport.message).toBe(
      'hand.Svc needs orphan.proto, which did not load: Import "gone.proto" is not among the loaded files.',
    );
    const linkedOut = engineErrorOf(() => schema.findService('dang.Svc'));
    expect(linkedOut).toMatchObject({ kind: 'schema', subject: 'dangling.proto' });
    expect(linkedOut.message).toBe(
      'dang.Svc needs dangling.proto, which did not load: invalid FieldDescriptorProto: type_name .dang.DoesNotExist not found',
    );
    expect(schema.services()).toEqual([]);
  });

  it('finds a method by its slash, leading-slash and dotted forms', () => {
    const expected = quirky.registry.getService('quirky.shop.v1.ShopService')!.methods[1];
    for (const form of [
      'quirky.shop.v1.ShopService/ListItems',
      '/quirky.shop.v1.ShopService/ListItems',
      'quirky.shop.v1.ShopService.ListItems',
    ]) {
      expect(quirky.findMethod(form)).toBe(expected);
    }
  });

  it('names what is missing and suggests close names', () => {
    const noPackage = engineErrorOf(() => quirky.findMethod('ShopService/GetItem'));
    expect(noPackage.kind).toBe('unknown_method');
    expect(noPackage.message).toBe('Service "ShopService" is not in the schema');
    expect(noPackage.hint).toBe('Did you mean "quirky.shop.v1.ShopService/GetItem"?');

    const typo = engineErrorOf(() => quirky.findMethod('quirky.shop.v1.ShopService/GetIten'));
    expect(typo.message).toBe('Service "quirky.shop.v1.ShopService" has no method "GetIten"');
    expect(typo.hint).toBe('Did you mean "quirky.shop.v1.ShopService/GetItem"?');

    const far = engineErrorOf(() => quirky.findMethod('quirky.shop.v1.ShopService/Zzz'));
    expect(far.hint).toBe('Its methods: GetItem, ListItems, UploadItems, Chat.');

    expect(engineErrorOf(() => quirky.findMethod('nonsense')).message).toBe('"nonsense" is not a method name');
    expect(engineErrorOf(() => quirky.findService('quirky.shop.v1.ShopServic')).hint).toBe(
      'Did you mean "quirky.shop.v1.ShopService"?',
    );
  });
});

describe('Schema.describe', () => {
  it('prints a service like grpcurl, with method options', () => {
    expect(quirky.describe('quirky.shop.v1.ShopService')).toBe(
      [
        'quirky.shop.v1.ShopService is a service:',
        'service ShopService {',
        '  option deprecated = false;',
        '  option (quirky.options.v1.service_team) = "shop-core";',
        '  rpc GetItem ( .quirky.shop.v1.GetItemRequest ) returns ( .quirky.shop.v1.Item ) {',
        '    option idempotency_level = NO_SIDE_EFFECTS;',
        '    option (quirky.options.v1.method_tag) = { key: "cache" value: "60s" };',
        '    option (quirky.options.v1.method_cost) = -3;',
        '  }',
        '  rpc ListItems ( .quirky.shop.v1.ListItemsRequest ) returns ( stream .quirky.shop.v1.Item );',
        '  rpc UploadItems ( stream .quirky.shop.v1.Item ) returns ( .quirky.shop.v1.UploadSummary );',
        '  rpc Chat ( stream .quirky.shop.v1.ChatMessage ) returns ( stream .quirky.shop.v1.ChatMessage );',
        '}',
      ].join('\n'),
    );
    expect(quirky.describe('quirky.shop.v1.AdminService.Snapshot')).toBe(
      'quirky.shop.v1.AdminService.Snapshot is a method:\nrpc Snapshot ( .google.protobuf.Empty ) returns ( stream .quirky.shop.v1.Item ) {\n  option deprecated = true;\n}',
    );
  });

  it('prints maps, oneofs, proto3 optional, json_name, nested types, reserved and custom options', () => {
    const text = quirky.describe('.quirky.shop.v1.Item');
    expect(text.split('\n').slice(0, 3)).toEqual([
      'quirky.shop.v1.Item is a message:',
      'message Item {',
      '  option (quirky.options.v1.message_tag) = { key: "kind" value: "item" weights: 1 weights: 2 weights: 3 level: LEVEL_LOW };',
    ]);
    for (const line of [
      '  string sku = 1 [json_name = "SKU", (quirky.options.v1.field_doc) = "stock keeping unit"];',
      '  .quirky.common.v1.Color color = 3 [(quirky.options.v1.field_labels) = "a", (quirky.options.v1.field_labels) = "b"];',
      '  optional int32 stock = 4;',
      '  map<string, .quirky.common.v1.Money> prices_by_region = 6;',
      '  map<int64, .quirky.shop.v1.Item.Status> status_by_id = 7;',
      '  oneof discount {\n    option (quirky.options.v1.oneof_exclusive) = true;\n    uint32 percent_off = 10;\n    .quirky.common.v1.Money amount_off = 11;\n    string coupon_code = 12;\n  }',
      '  int64 big_number = 20 [jstype = JS_STRING];',
      '  message Variant {\n    string name = 1;\n    .quirky.shop.v1.Item.Variant.Dimension size = 2;\n    .quirky.shop.v1.Item parent = 3;\n    message Dimension {',
      '  enum Status {\n    STATUS_UNSPECIFIED = 0;\n    STATUS_ACTIVE = 1;\n    reserved 5 to 9;\n    reserved "STATUS_GONE";\n  }',
      '  reserved 30 to 39, 100;\n  reserved "old_name", "older_name";\n}',
    ]) {
      expect(text).toContain(line);
    }
    expect(text).not.toContain('Entry');
  });

  it('prints proto2 labels, defaults, groups and extensions', () => {
    const text = quirky.describe('quirky.legacy.v1.LegacyRecord');
    for (const line of [
      '  required string id = 1;',
      '  optional int32 count = 2 [default = -42];',
      '  optional string note = 3 [default = "tab\\there \\"quoted\\" \\001 é"];',
      '  optional bytes blob = 4 [default = "\\000\\377ab"];',
      '  optional double ratio = 5 [default = inf];',
      '  optional .quirky.legacy.v1.LegacyRecord.Kind kind = 7 [default = KIND_B];',
      '  repeated int32 packed_values = 11 [packed = true];',
      '  optional group Metadata = 20 {\n    optional string author = 21;\n    repeated group Revision = 22 {\n      optional int64 at = 23;\n    }\n  }',
      '  extensions 100 to 199, 1000 to max;',
    ]) {
      expect(text).toContain(line);
    }
    expect(quirky.describe('quirky.legacy.v1.Holder')).toContain(
      '  extend .quirky.legacy.v1.LegacyRecord {\n    optional .quirky.legacy.v1.Holder back_ref = 150;\n  }',
    );
    expect(quirky.describe('quirky.legacy.v1.extra_label')).toBe(
      'quirky.legacy.v1.extra_label is an extension:\nextend .quirky.legacy.v1.LegacyRecord {\n  optional string extra_label = 100;\n}',
    );
  });

  it('prints enums with aliases, fields and enum values', () => {
    expect(quirky.describe('quirky.common.v1.Color')).toBe(
      [
        'quirky.common.v1.Color is an enum:',
        'enum Color {',
        '  option allow_alias = true;',
        '  option (quirky.options.v1.enum_doc) = "colours, with aliases";',
        '  COLOR_UNSPECIFIED = 0;',
        '  COLOR_RED = 1 [(quirky.options.v1.value_label) = "red"];',
        '  COLOR_CRIMSON = 1;',
        '  COLOR_GREEN = 2;',
        '  COLOR_BLUE = 3 [deprecated = true];',
        '}',
      ].join('\n'),
    );
    expect(quirky.describe('quirky.shop.v1.Item.coupon_code')).toBe(
      'quirky.shop.v1.Item.coupon_code is a field:\nstring coupon_code = 12;',
    );
    expect(quirky.describe('quirky.common.v1.Color.COLOR_BLUE')).toBe(
      'quirky.common.v1.Color.COLOR_BLUE is an enum value:\nCOLOR_BLUE = 3 [deprecated = true];',
    );
    // protobuf scopes enum values as siblings of their enum, and grpcurl resolves them so.
    expect(quirky.describe('quirky.common.v1.COLOR_BLUE')).toBe(quirky.describe('quirky.common.v1.Color.COLOR_BLUE'));
    expect(quirky.describe('quirky.shop.v1.Item.STATUS_ACTIVE')).toBe(
      'quirky.shop.v1.Item.Status.STATUS_ACTIVE is an enum value:\nSTATUS_ACTIVE = 1;',
    );
    expect(engineErrorOf(() => quirky.describe('quirky.shop.v1.STATUS_ACTIVE')).kind).toBe('unknown_method');
    const unknown = engineErrorOf(() => quirky.describe('quirky.shop.v1.Itme'));
    expect(unknown.kind).toBe('unknown_method');
    expect(unknown.hint).toContain('"quirky.shop.v1.Item"');
  });
});

/** `opts.proto` declares `(hand.tag)` on messages; `broken` gives it a field of a type that does not exist. */
function taggedFiles(options: { broken: boolean }): FileDescriptorProto[] {
  const opts = fileWith('opts.proto', {
    dependency: ['google/protobuf/descriptor.proto'],
    messages: options.broken ? { Broken: '.hand.Nope' } : {},
  });
  opts.extension.push(
    create(FieldDescriptorProtoSchema, {
      name: 'tag',
      number: 50000,
      label: FieldDescriptorProto_Label.OPTIONAL,
      type: FieldDescriptorProto_Type.STRING,
      extendee: '.google.protobuf.MessageOptions',
      jsonName: 'tag',
    }),
  );
  const user = fileWith('user.proto', {
    dependency: ['opts.proto'],
    messages: { Tagged: undefined, Plain: undefined },
  });
  // As a server's descriptor carries a custom option: an unknown field of MessageOptions.
  user.messageType[0]!.options = fromBinary(
    MessageOptionsSchema,
    new BinaryWriter().tag(50000, WireType.LengthDelimited).string('blue').finish(),
  );
  return [opts, user];
}

describe('Schema.describe from the file descriptors', () => {
  it('links only the files of the options it prints: a file that does not link elsewhere does not stop it', () => {
    const dangling = fileWith('dangling.proto', { messages: { Dangling: '.hand.DoesNotExist' } });
    const schema = Schema.fromFileDescriptorProtos([...taggedFiles({ broken: false }), dangling]);
    expect(schema.describe('hand.Tagged')).toBe(
      'hand.Tagged is a message:\nmessage Tagged {\n  option (hand.tag) = "blue";\n}',
    );
    expect(schema.importProblems).toEqual([]);
    // Linked (a call, the UI tree), the schema reports the file as before and describe says why it cannot.
    expect(schema.problems).toEqual([
      { file: 'dangling.proto', message: expect.stringContaining('hand.DoesNotExist') },
    ]);
    expect(schema.describe('hand.Tagged')).toBe(
      'hand.Tagged is a message:\nmessage Tagged {\n  option (hand.tag) = "blue";\n}',
    );
    const linkedOut = engineErrorOf(() => schema.describe('hand.Dangling'));
    expect(linkedOut).toMatchObject({ kind: 'schema', subject: 'dangling.proto' });
    expect(linkedOut.message).toContain('hand.DoesNotExist');
  });

  it("names the file when the symbol's own file, or the file of an option it prints, does not load", () => {
    const dangling = fileWith('dangling.proto', { messages: { Dangling: '.hand.DoesNotExist' } });
    const orphan = fileWith('orphan.proto', { dependency: ['gone.proto'], messages: { Orphan: undefined } });
    const schema = Schema.fromFileDescriptorProtos([...taggedFiles({ broken: true }), dangling, orphan]);
    const ownFile = engineErrorOf(() => schema.describe('hand.Dangling'));
    expect(ownFile).toMatchObject({ kind: 'schema', subject: 'dangling.proto' });
    expect(ownFile.message).toBe(
      'hand.Dangling needs dangling.proto, which did not load: type ".hand.DoesNotExist" is not defined in the schema.',
    );
    const missingImport = engineErrorOf(() => schema.describe('hand.Orphan'));
    expect(missingImport).toMatchObject({ kind: 'schema', subject: 'orphan.proto' });
    expect(missingImport.message).toContain('Import "gone.proto" is not among the loaded files.');
    const optionFile = engineErrorOf(() => schema.describe('hand.Tagged'));
    expect(optionFile).toMatchObject({ kind: 'schema', subject: 'opts.proto' });
    expect(optionFile.message).toContain('option (hand.tag) needs opts.proto, which did not load');
    expect(optionFile.message).toContain('hand.Nope');
    // Plain prints no option, so the broken opts.proto it imports is not needed.
    expect(schema.describe('hand.Plain')).toBe('hand.Plain is a message:\nmessage Plain {\n}');
    expect(engineErrorOf(() => schema.describe('hand.Nowhere')).kind).toBe('unknown_method');
    expect(engineErrorOf(() => schema.describe('hand.Svc/Method')).kind).toBe('unknown_method');
  });
});

describe('Schema construction', () => {
  it('always has the well-known types and google.rpc status/error details', () => {
    const schema = Schema.fromFileDescriptorProtos([fileWith('lonely.proto', { messages: { Lonely: undefined } })]);
    for (const typeName of [
      'google.protobuf.Timestamp',
      'google.protobuf.Any',
      'google.protobuf.Struct',
      'google.protobuf.FieldMask',
      'google.rpc.Status',
      'google.rpc.BadRequest',
      'google.rpc.RetryInfo',
    ]) {
      expect(schema.registry.getMessage(typeName)?.typeName).toBe(typeName);
    }
    expect(schema.problems).toEqual([]);
  });

  it('takes the always-available files as the generated descriptors, unless the source has its own', () => {
    const reused = Schema.fromFileDescriptorProtos([]);
    expect(reused.registry.getMessage('google.protobuf.Timestamp')).toBe(TimestampSchema);
    expect(reused.registry.getMessage('google.rpc.Status')!.field.details!.message).toBe(AnySchema);
    const ownAny = create(FileDescriptorProtoSchema, { ...file_google_protobuf_any.proto });
    const own = Schema.fromFileDescriptorProtos([ownAny]);
    expect(own.registry.getMessage('google.protobuf.Any')).not.toBe(AnySchema);
    // google/rpc/status.proto imports the source's any.proto, so it is linked anew against it.
    expect(own.registry.getMessage('google.rpc.Status')!.field.details!.message).toBe(
      own.registry.getMessage('google.protobuf.Any'),
    );
    expect(own.registry.getMessage('google.protobuf.Timestamp')).toBe(TimestampSchema);
  });

  it('links a file before its importers whatever the order of an import list', () => {
    // c imports b, and a lists b before c: a root file ordering by the import list would link c first.
    const b = fileWith('b.proto', { messages: { B: undefined } });
    const c = fileWith('c.proto', { dependency: ['b.proto'], messages: { C: '.hand.B' } });
    const a = fileWith('a.proto', { dependency: ['b.proto', 'c.proto'], messages: { A: '.hand.C' } });
    const schema = Schema.fromFileDescriptorProtos([a, c, b]);
    expect(schema.problems).toEqual([]);
    expect(schema.registry.getMessage('hand.A')!.fields[0]!.message!.typeName).toBe('hand.C');
    const ownFiles = schema.fileSet.file.map((file) => file.name).filter((name) => !name.startsWith('google/'));
    expect(ownFiles).toEqual(['b.proto', 'c.proto', 'a.proto']);
  });

  it("keeps the source's own copy of an always-available file or symbol", () => {
    const ownStatus = fileWith('google/rpc/status.proto', { package: 'google.rpc', messages: { Status: undefined } });
    const ownAnyElsewhere = fileWith('vendored/any.proto', {
      package: 'google.protobuf',
      messages: { Any: undefined },
    });
    const schema = Schema.fromFileDescriptorProtos([ownStatus, ownAnyElsewhere]);
    expect(schema.registry.getMessage('google.rpc.Status')!.fields).toEqual([]);
    expect(schema.registry.getMessage('google.protobuf.Any')!.file.proto.name).toBe('vendored/any.proto');
    expect(schema.registry.getFile('google/protobuf/any.proto')).toBeUndefined();
    expect(schema.problems).toEqual([]);
  });

  it('accepts files in any order', () => {
    const reversed = Schema.fromFileDescriptorProtos([...quirky.fileSet.file].reverse());
    expect(reversed.services()).toEqual(quirky.services());
  });

  it('leaves out files whose imports are missing or whose types do not resolve, and reports them', () => {
    const base = fileWith('base.proto', { messages: { Base: undefined } });
    const orphan = fileWith('orphan.proto', { dependency: ['gone.proto'], messages: { Orphan: undefined } });
    const orphanUser = fileWith('orphan_user.proto', {
      dependency: ['orphan.proto'],
      messages: { User: '.hand.Orphan' },
    });
    const dangling = fileWith('dangling.proto', {
      dependency: ['base.proto'],
      messages: { Dangling: '.hand.DoesNotExist' },
    });
    const schema = Schema.fromFileDescriptorProtos([orphanUser, orphan, base, dangling]);
    expect(schema.registry.getMessage('hand.Base')).toBeDefined();
    expect(schema.registry.getMessage('hand.Orphan')).toBeUndefined();
    expect(schema.registry.getMessage('hand.Dangling')).toBeUndefined();
    expect(schema.problems).toEqual([
      { file: 'orphan.proto', message: 'Import "gone.proto" is not among the loaded files.' },
      { file: 'orphan_user.proto', message: 'Import "orphan.proto" was not found or had errors.' },
      { file: 'dangling.proto', message: expect.stringContaining('hand.DoesNotExist') },
    ]);
  });
});

describe('Schema.toProtoset', () => {
  it('exports the files a symbol needs in protoc --include_imports order', () => {
    const adminProto = quirkyTargets[1]!;
    const expectedNames = protocDescriptorSet(quirkyRoots, [adminProto]).file.map((file) => file.name);
    const exported = fromBinary(FileDescriptorSetSchema, quirky.toProtoset(['quirky.shop.v1.AdminService']));
    expect(exported.file.map((file) => file.name)).toEqual(expectedNames);
    const viaMethod = fromBinary(FileDescriptorSetSchema, quirky.toProtoset(['quirky.shop.v1.AdminService/Snapshot']));
    expect(viaMethod.file.map((file) => file.name)).toEqual(expectedNames);
  });

  it('exports everything when no symbol is named, and fails on unknown symbols', () => {
    const everything = fromBinary(FileDescriptorSetSchema, quirky.toProtoset());
    expect(everything.file.map((file) => file.name)).toEqual(quirky.fileSet.file.map((file) => file.name));
    expect(engineErrorOf(() => quirky.toProtoset(['no.such.Thing'])).kind).toBe('unknown_method');
  });
});
