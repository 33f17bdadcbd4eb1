/**
 * protoc-style declarations of descriptors, in the shape grpcurl's `describe` prints them: type
 * names fully qualified with a leading dot, `rpc M ( .pkg.Req ) returns ( stream .pkg.Res );`,
 * maps, groups, oneofs, proto3 `optional`, defaults, reserved ranges, and options (standard and
 * custom) in their source form.
 */
import {
  createRegistry,
  getExtension,
  isFieldSet,
  ScalarType,
  type DescEnum,
  type DescEnumValue,
  type DescExtension,
  type DescField,
  type DescFile,
  type DescMessage,
  type DescMethod,
  type DescService,
  type Message,
  type Registry,
} from '@bufbuild/protobuf';
import { protoCamelCase } from '@bufbuild/protobuf/reflect';
import { toText } from '@bufbuild/protobuf/txtpb';
import {
  EnumOptionsSchema,
  EnumValueOptionsSchema,
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  FieldDescriptorProtoSchema,
  FieldOptionsSchema,
  MessageOptionsSchema,
  MethodOptionsSchema,
  OneofOptionsSchema,
  ServiceOptionsSchema,
  type DescriptorProto,
  type EnumDescriptorProto,
  type EnumValueDescriptorProto,
  type FieldDescriptorProto,
  type FileDescriptorProto,
  type MethodDescriptorProto,
  type ServiceDescriptorProto,
} from '@bufbuild/protobuf/wkt';

export type DescribableDesc =
  DescService | DescMethod | DescMessage | DescEnum | DescField | DescExtension | DescEnumValue;

const indentUnit = '  ';
// Exclusive upper bound of field numbers (message reserved/extension ranges end one past max).
const fieldNumberLimit = 536_870_912;
const enumNumberMax = 2_147_483_647;

/**
 * What printing a declaration needs besides its file descriptors: the custom option extensions
 * visible from its file (and a registry to print their message values with), and the group types
 * it names. A linked file answers from its registry (contextFor); Schema.describe answers from the
 * file descriptors and links only the files defining the option extensions, when an option needs one.
 */
export interface PrintContext {
  syntax: 'proto2' | 'proto3' | 'editions';
  /** The extension of `options` (e.g. FieldOptions) with this field number, as the file sees it. */
  extensionFor(options: DescMessage, number: number): DescExtension | undefined;
  /** The registry a message-valued option is printed with (Any and extensions inside it). */
  valueRegistry(extension: DescField | DescExtension): Registry;
  /** A message type by its fully-qualified name (with or without the leading dot). */
  message(typeName: string): MessageDeclaration | undefined;
}

/** A message as its file descriptor has it, with its fully-qualified name. */
export interface MessageDeclaration {
  proto: DescriptorProto;
  typeName: string;
}

/** The message declaring a field, for the map entry types nested in it. */
export interface Container {
  message: DescriptorProto;
  fullName: string;
}

/** A declaration `describe` prints, as the file descriptors have it. */
export type Declaration =
  | { kind: 'service'; proto: ServiceDescriptorProto }
  | { kind: 'rpc'; proto: MethodDescriptorProto }
  | { kind: 'message'; proto: DescriptorProto; typeName: string }
  | { kind: 'enum'; proto: EnumDescriptorProto }
  | { kind: 'field'; proto: FieldDescriptorProto; container: Container }
  | { kind: 'extension'; proto: FieldDescriptorProto }
  | { kind: 'enum_value'; proto: EnumValueDescriptorProto };

export function fileSyntax(file: FileDescriptorProto): PrintContext['syntax'] {
  return file.syntax === 'proto3' ? 'proto3' : file.syntax === 'editions' ? 'editions' : 'proto2';
}

const registries = new WeakMap<DescFile, Registry>();

/** The file and everything it imports: the only places its option extensions can come from. */
function registryForFile(file: DescFile): Registry {
  let registry = registries.get(file);
  if (registry === undefined) {
    // Iterative: the import chain is the server's to choose (thousands deep over reflection).
    const closure = new Set<DescFile>([file]);
    for (const current of closure) for (const dependency of current.dependencies) closure.add(dependency);
    registry = createRegistry(...closure);
    registries.set(file, registry);
  }
  return registry;
}

/** The context of a linked file: everything from its registry. */
export function contextFor(file: DescFile): PrintContext {
  const registry = registryForFile(file);
  return {
    syntax: fileSyntax(file.proto),
    extensionFor: (options, number) => registry.getExtensionFor(options, number),
    valueRegistry: () => registry,
    message: (typeName) => registry.getMessage(typeName.replace(/^\./, '')),
  };
}

// ---------------------------------------------------------------------------------------------
// Values

/** A string literal in protobuf text syntax (C escapes). */
function quoteString(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
  const escaped = value.replace(/[\\"\n\r\t]|[\u0000-\u001f\u007f]/g, (char) => {
    const named: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return named[char] ?? `\\${char.charCodeAt(0).toString(8).padStart(3, '0')}`;
  });
  return `"${escaped}"`;
}

function quoteBytes(value: Uint8Array): string {
  let text = '';
  for (const byte of value) {
    text +=
      byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c
        ? String.fromCharCode(byte)
        : `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `"${text}"`;
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return String(value);
}

/** One value of an option field, as it is written after `=` in a .proto file. */
function formatOptionValue(field: DescField | DescExtension, value: unknown, context: PrintContext): string {
  const kind = field.fieldKind === 'list' ? field.listKind : field.fieldKind;
  if (kind === 'enum') {
    const enumDesc = (field as { enum: DescEnum }).enum;
    return enumDesc.values.find((candidate) => candidate.number === value)?.name ?? String(value);
  }
  if (kind === 'message') {
    const text = toText((field as { message: DescMessage }).message, value as Message, {
      registry: context.valueRegistry(field),
    });
    const body = text
      .trim()
      .split('\n')
      .map((line) => line.trim())
      .join(' ');
    return body === '' ? '{}' : `{ ${body} }`;
  }
  if (kind === 'scalar') {
    const scalar = (field as { scalar: ScalarType }).scalar;
    if (scalar === ScalarType.STRING) return quoteString(value as string);
    if (scalar === ScalarType.BYTES) return quoteBytes(value as Uint8Array);
    if (typeof value === 'number') return formatNumber(value);
  }
  return String(value);
}

// Fields printed by their own syntax (or meaningless in source form) rather than as `option x = y`.
const implicitOptions = new Set(['uninterpreted_option', 'features', 'map_entry']);

/** `name = value` for every set option, standard ones first, then custom ones as `(full.name) = value`. */
function optionAssignments(schema: DescMessage, options: Message | undefined, context: PrintContext): string[] {
  if (options === undefined) return [];
  const assignments: string[] = [];
  const record = options as unknown as Record<string, unknown>;
  for (const field of schema.fields) {
    if (implicitOptions.has(field.name) || !isFieldSet(options, field)) continue;
    const value = record[field.localName];
    for (const item of field.fieldKind === 'list' ? (value as unknown[]) : [value]) {
      assignments.push(`${field.name} = ${formatOptionValue(field, item, context)}`);
    }
  }
  const customNumbers = new Set((options.$unknown ?? []).map((unknown) => unknown.no));
  for (const number of customNumbers) {
    const extension = context.extensionFor(schema, number);
    if (extension === undefined) continue;
    const value: unknown = getExtension(options, extension);
    for (const item of extension.fieldKind === 'list' ? (value as unknown[]) : [value]) {
      assignments.push(`(${extension.typeName}) = ${formatOptionValue(extension, item, context)}`);
    }
  }
  return assignments;
}

function optionStatements(
  schema: DescMessage,
  options: Message | undefined,
  context: PrintContext,
  indent: string,
): string[] {
  return optionAssignments(schema, options, context).map((assignment) => `${indent}option ${assignment};`);
}

// ---------------------------------------------------------------------------------------------
// Declarations

function scalarTypeName(type: FieldDescriptorProto_Type): string {
  return FieldDescriptorProto_Type[type].replace(/^TYPE_/, '').toLowerCase();
}

/** A map field's entry type: nested in the same message (the registry does not list entry types). */
function mapEntryOf(field: FieldDescriptorProto, container: Container | undefined): DescriptorProto | undefined {
  if (
    container === undefined ||
    field.type !== FieldDescriptorProto_Type.MESSAGE ||
    field.label !== FieldDescriptorProto_Label.REPEATED
  )
    return undefined;
  return container.message.nestedType.find(
    (nested) => nested.options?.mapEntry === true && field.typeName === `.${container.fullName}.${nested.name}`,
  );
}

function typeReference(field: FieldDescriptorProto): string {
  const named =
    field.type === FieldDescriptorProto_Type.MESSAGE ||
    field.type === FieldDescriptorProto_Type.ENUM ||
    field.type === FieldDescriptorProto_Type.GROUP;
  return named ? field.typeName : scalarTypeName(field.type);
}

function labelPrefix(field: FieldDescriptorProto, context: PrintContext, inOneof: boolean): string {
  if (inOneof) return '';
  if (field.label === FieldDescriptorProto_Label.REPEATED) return 'repeated ';
  if (context.syntax === 'proto2')
    return field.label === FieldDescriptorProto_Label.REQUIRED ? 'required ' : 'optional ';
  return field.proto3Optional ? 'optional ' : '';
}

function formatDefault(field: FieldDescriptorProto): string {
  if (field.type === FieldDescriptorProto_Type.STRING) return quoteString(field.defaultValue);
  // Descriptors already hold bytes defaults C-escaped.
  if (field.type === FieldDescriptorProto_Type.BYTES) return `"${field.defaultValue}"`;
  return field.defaultValue;
}

function fieldLines(
  field: FieldDescriptorProto,
  context: PrintContext,
  indent: string,
  inOneof: boolean,
  container?: Container,
): string[] {
  const isGroup = field.type === FieldDescriptorProto_Type.GROUP;
  const groupType = isGroup ? context.message(field.typeName) : undefined;
  const mapEntry = mapEntryOf(field, container);
  const brackets: string[] = [];
  if (!isGroup && field.jsonName !== '' && field.jsonName !== protoCamelCase(field.name))
    brackets.push(`json_name = ${quoteString(field.jsonName)}`);
  if (isFieldSet(field, FieldDescriptorProtoSchema.field.defaultValue))
    brackets.push(`default = ${formatDefault(field)}`);
  brackets.push(...optionAssignments(FieldOptionsSchema, field.options, context));
  const suffix = brackets.length > 0 ? ` [${brackets.join(', ')}]` : '';

  if (mapEntry !== undefined) {
    const [key, value] = mapEntry.field;
    return [`${indent}map<${typeReference(key!)}, ${typeReference(value!)}> ${field.name} = ${field.number}${suffix};`];
  }
  if (groupType !== undefined) {
    return [
      `${indent}${labelPrefix(field, context, inOneof)}group ${groupType.proto.name} = ${field.number}${suffix} {`,
      ...messageBody(groupType.proto, groupType.typeName, context, indent + indentUnit),
      `${indent}}`,
    ];
  }
  return [
    `${indent}${labelPrefix(field, context, inOneof)}${typeReference(field)} ${field.name} = ${field.number}${suffix};`,
  ];
}

function formatRanges(
  ranges: readonly { start: number; end: number }[],
  toInclusiveEnd: (end: number) => string,
): string {
  return ranges
    .map((range) => {
      const end = toInclusiveEnd(range.end);
      return end === String(range.start) ? end : `${range.start} to ${end}`;
    })
    .join(', ');
}

const messageRangeEnd = (end: number): string => (end >= fieldNumberLimit ? 'max' : String(end - 1));
const enumRangeEnd = (end: number): string => (end >= enumNumberMax ? 'max' : String(end));

function reservedLines(
  ranges: readonly { start: number; end: number }[],
  names: readonly string[],
  toEnd: (end: number) => string,
  indent: string,
): string[] {
  const lines: string[] = [];
  if (ranges.length > 0) lines.push(`${indent}reserved ${formatRanges(ranges, toEnd)};`);
  if (names.length > 0) lines.push(`${indent}reserved ${names.map(quoteString).join(', ')};`);
  return lines;
}

function extendBlocks(extensions: readonly FieldDescriptorProto[], context: PrintContext, indent: string): string[] {
  const byExtendee = new Map<string, FieldDescriptorProto[]>();
  for (const extension of extensions)
    byExtendee.set(extension.extendee, [...(byExtendee.get(extension.extendee) ?? []), extension]);
  return [...byExtendee].flatMap(([extendee, fields]) => [
    `${indent}extend ${extendee} {`,
    ...fields.flatMap((field) => fieldLines(field, context, indent + indentUnit, false)),
    `${indent}}`,
  ]);
}

function messageBody(message: DescriptorProto, fullName: string, context: PrintContext, indent: string): string[] {
  const lines = optionStatements(MessageOptionsSchema, message.options, context, indent);
  const container = { message, fullName };
  const printedOneofs = new Set<number>();
  const hiddenNestedTypes = new Set<string>();
  for (const field of message.field) {
    if (field.type === FieldDescriptorProto_Type.GROUP || mapEntryOf(field, container) !== undefined)
      hiddenNestedTypes.add(field.typeName);
    const oneofIndex = inRealOneof(field) ? field.oneofIndex : undefined;
    if (oneofIndex === undefined) {
      lines.push(...fieldLines(field, context, indent, false, container));
      continue;
    }
    if (printedOneofs.has(oneofIndex)) continue;
    printedOneofs.add(oneofIndex);
    const oneof = message.oneofDecl[oneofIndex]!;
    lines.push(
      `${indent}oneof ${oneof.name} {`,
      ...optionStatements(OneofOptionsSchema, oneof.options, context, indent + indentUnit),
      ...message.field
        .filter(
          (member) =>
            member.oneofIndex === oneofIndex && isFieldSet(member, FieldDescriptorProtoSchema.field.oneofIndex),
        )
        .flatMap((member) => fieldLines(member, context, indent + indentUnit, true, container)),
      `${indent}}`,
    );
  }
  for (const nested of message.nestedType) {
    const nestedName = `${fullName}.${nested.name}`;
    if (!hiddenNestedTypes.has(`.${nestedName}`)) lines.push(...messageLines(nested, nestedName, context, indent));
  }
  for (const nested of message.enumType) lines.push(...enumLines(nested, context, indent));
  lines.push(...extendBlocks(message.extension, context, indent));
  if (message.extensionRange.length > 0)
    lines.push(`${indent}extensions ${formatRanges(message.extensionRange, messageRangeEnd)};`);
  lines.push(...reservedLines(message.reservedRange, message.reservedName, messageRangeEnd, indent));
  return lines;
}

function messageLines(message: DescriptorProto, fullName: string, context: PrintContext, indent: string): string[] {
  return [
    `${indent}message ${message.name} {`,
    ...messageBody(message, fullName, context, indent + indentUnit),
    `${indent}}`,
  ];
}

function enumLines(enumProto: EnumDescriptorProto, context: PrintContext, indent: string): string[] {
  const inner = indent + indentUnit;
  return [
    `${indent}enum ${enumProto.name} {`,
    ...optionStatements(EnumOptionsSchema, enumProto.options, context, inner),
    ...enumProto.value.map((value) => enumValueLine(value, context, inner)),
    ...reservedLines(enumProto.reservedRange, enumProto.reservedName, enumRangeEnd, inner),
    `${indent}}`,
  ];
}

function methodLines(method: MethodDescriptorProto, context: PrintContext, indent: string): string[] {
  const input = `${method.clientStreaming ? 'stream ' : ''}${method.inputType}`;
  const output = `${method.serverStreaming ? 'stream ' : ''}${method.outputType}`;
  const signature = `${indent}rpc ${method.name} ( ${input} ) returns ( ${output} )`;
  const options = optionStatements(MethodOptionsSchema, method.options, context, indent + indentUnit);
  return options.length === 0 ? [`${signature};`] : [`${signature} {`, ...options, `${indent}}`];
}

function serviceLines(service: ServiceDescriptorProto, context: PrintContext): string[] {
  return [
    `service ${service.name} {`,
    ...optionStatements(ServiceOptionsSchema, service.options, context, indentUnit),
    ...service.method.flatMap((method) => methodLines(method, context, indentUnit)),
    '}',
  ];
}

function enumValueLine(value: EnumValueDescriptorProto, context: PrintContext, indent: string): string {
  const options = optionAssignments(EnumValueOptionsSchema, value.options, context);
  return `${indent}${value.name} = ${value.number}${options.length > 0 ? ` [${options.join(', ')}]` : ''};`;
}

/** Whether a field of a message is in a real oneof (not the synthetic one of a proto3 `optional`). */
export function inRealOneof(field: FieldDescriptorProto): boolean {
  // oneof_index is a proto2 field: 0 when unset, so presence decides.
  return isFieldSet(field, FieldDescriptorProtoSchema.field.oneofIndex) && !field.proto3Optional;
}

/** The protoc-style declaration, e.g. `message User { … }`. */
export function declarationText(declaration: Declaration, context: PrintContext): string {
  switch (declaration.kind) {
    case 'service':
      return serviceLines(declaration.proto, context).join('\n');
    case 'rpc':
      return methodLines(declaration.proto, context, '').join('\n');
    case 'message':
      return messageLines(declaration.proto, declaration.typeName, context, '').join('\n');
    case 'enum':
      return enumLines(declaration.proto, context, '').join('\n');
    case 'field':
      return fieldLines(declaration.proto, context, '', inRealOneof(declaration.proto), declaration.container).join(
        '\n',
      );
    case 'extension':
      return extendBlocks([declaration.proto], context, '').join('\n');
    case 'enum_value':
      return enumValueLine(declaration.proto, context, '');
  }
}

/** The declaration of a linked descriptor, as its file descriptor has it. */
function declarationOf(desc: DescribableDesc): Declaration {
  switch (desc.kind) {
    case 'message':
      return { kind: 'message', proto: desc.proto, typeName: desc.typeName };
    case 'field':
      return {
        kind: 'field',
        proto: desc.proto,
        container: { message: desc.parent.proto, fullName: desc.parent.typeName },
      };
    default:
      return { kind: desc.kind, proto: desc.proto } as Declaration;
  }
}

/** The protoc-style declaration of a linked descriptor, e.g. `message User { … }`. */
export function describeDescriptorText(desc: DescribableDesc): string {
  const file =
    desc.kind === 'rpc' || desc.kind === 'enum_value' || desc.kind === 'field' ? desc.parent.file : desc.file;
  return declarationText(declarationOf(desc), contextFor(file));
}

const kindNouns: Record<Declaration['kind'], string> = {
  service: 'a service',
  rpc: 'a method',
  message: 'a message',
  enum: 'an enum',
  field: 'a field',
  extension: 'an extension',
  enum_value: 'an enum value',
};

/** grpcurl's `describe` output: `pkg.Name is a message:` followed by the declaration. */
export function describeWithHeader(fullName: string, declaration: Declaration, context: PrintContext): string {
  return `${fullName} is ${kindNouns[declaration.kind]}:\n${declarationText(declaration, context)}`;
}
