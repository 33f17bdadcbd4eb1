/**
 * Whether @bufbuild/protobuf's `createFileRegistry` would link a schema's files without an error,
 * told from the FileDescriptorProtos alone — and, when it would, the services its registry would
 * hold. Linking builds a descriptor object for every message, field and enum (compute.proto alone
 * has 2,020 messages) and was most of what loading the UI's tree of a big server cost; this walks
 * the same names with a map of type names, in the same order (bench/README.md, reflection-tree).
 *
 * It mirrors registry.js of @bufbuild/protobuf 2.17 (`buildFileRegistry`, `assertValidNames`,
 * `addFile` and what it calls): every check that can throw there is made here on the same names, in
 * the same order, so a name defined twice, which the registry resolves by letting the later
 * definition win, resolves here the same way. It is one-sided on purpose: `links` is true only when
 * every file is certain to link. Anything it does not model (an enum value's JSON name option,
 * which the registry decodes from the option's bytes) counts as "may not link", and the caller then
 * links for real and reports what the registry reports — so the problems are exactly the
 * registry's whenever a file fails. `link-check.test.ts` compares it with the real link.
 */
import { maximumEdition, minimumEdition, type DescFile } from '@bufbuild/protobuf';
import { nestedTypes } from '@bufbuild/protobuf/reflect';
import { WireType } from '@bufbuild/protobuf/wire';
import {
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  type DescriptorProto,
  type EnumDescriptorProto,
  type FieldDescriptorProto,
  type FileDescriptorProto,
  type ServiceDescriptorProto,
} from '@bufbuild/protobuf/wkt';
import { linkedAlwaysAvailableFile } from './well-known-files';

/** A service the registry would hold: its declaration and the file declaring it. */
export interface DeclaredService {
  typeName: string;
  proto: ServiceDescriptorProto;
  file: FileDescriptorProto;
}

type TypeKind = 'message' | 'enum' | 'service' | 'extension';

/** How the registry builds a field (`DescField.fieldKind`), which a map entry's key and value are checked by. */
type FieldKind = 'scalar' | 'enum' | 'message' | 'list' | 'map';

/** A message as `addMessage` makes it: nested messages in `nested` (not map entries), fields checked later. */
interface MessageNode {
  proto: DescriptorProto;
  /** Its type name with the leading dot, as fields name it. */
  dottedName: string;
  nested: MessageNode[];
  /** A map entry's fields as checked so far, which the map fields using it read (`findMapEntryFields`). */
  entryFields?: { number: number; kind: FieldKind; type: FieldDescriptorProto_Type }[];
}

/** The registry's identifier rule (`assertValidNames`: protoc's, which allows a leading digit). */
const identifier = /^[A-Za-z0-9_]+$/;

/** An `editions` file of this edition links as the newest edition the registry knows (`getFileEdition`). */
const EDITION_UNSTABLE = 9999;

/** The `(pb.enumvalue.json)` option's number, which the registry decodes from an enum value's options. */
const ENUM_VALUE_JSON_OPTION = 998;

/**
 * What registryFor hands createFileRegistry of `ordered` (each file after its imports): the
 * always-available files among them as the generated descriptors, linked already — linking them
 * again was most of what a small schema (a reflection `list`) took —, the rest to be linked in order.
 */
export function linkInput(ordered: readonly FileDescriptorProto[]): {
  protos: Map<string, FileDescriptorProto>;
  linked: Map<string, DescFile>;
} {
  const protos = new Map<string, FileDescriptorProto>();
  const linked = new Map<string, DescFile>();
  for (const file of ordered) {
    const prelinked = linkedAlwaysAvailableFile(file);
    // Ours only where its imports are ours too: a source's own any.proto must not be paired with ours.
    if (prelinked?.dependencies.every((dependency) => linked.get(dependency.proto.name) === dependency))
      linked.set(file.name, prelinked);
    else protos.set(file.name, file);
  }
  return { protos, linked };
}

/**
 * Whether `createFileRegistry` would link `ordered` (each file after its imports), handed over as
 * `registryFor` in schema.ts does (linkInput), without an error, and the services its registry
 * would then hold. `undefined`: a file may not link.
 */
export function servicesIfAllLink(ordered: readonly FileDescriptorProto[]): DeclaredService[] | undefined {
  const { linked, protos } = linkInput(ordered);
  const check = new LinkCheck();
  // registryFor's root imports the linked files first: the registry adds them before any other.
  for (const file of linked.values()) check.addLinked(file);
  for (const file of protos.values()) if (!check.addFile(file)) return undefined;
  return check.services();
}

class LinkCheck {
  /**
   * Type name → kind, the later definition of a name winning, as the registry's map does. Names are
   * kept with the leading dot, as fields and methods name types: a lookup then needs no new string.
   */
  private readonly types = new Map<string, TypeKind>();
  private readonly serviceDeclarations = new Map<string, DeclaredService>();
  private readonly files = new Set<string>();

  addLinked(file: DescFile): void {
    if (this.files.has(file.proto.name)) return;
    this.files.add(file.proto.name);
    for (const [dottedName, kind] of typesOfLinked(file)) this.types.set(dottedName, kind);
    for (const dependency of file.dependencies) this.addLinked(dependency);
  }

  services(): DeclaredService[] {
    return [...this.serviceDeclarations.values()].filter(
      (service) => this.types.get(`.${service.typeName}`) === 'service',
    );
  }

  /** `assertValidNames`, then `addFile`: false where either would throw. */
  addFile(file: FileDescriptorProto): boolean {
    if (!namesValid(file) || !editionKnown(file) || !file.dependency.every((name) => this.files.has(name)))
      return false;
    /** The file's map entries by type name, as `addFile`'s mapEntries store (not registry types). */
    const mapEntries = new Map<string, MessageNode>();
    const messages: MessageNode[] = [];
    for (const enumProto of file.enumType) {
      if (!enumLinks(enumProto)) return false;
      this.types.set(dottedName(file, undefined, enumProto.name), 'enum');
    }
    const addMessage = (proto: DescriptorProto, parent: MessageNode | undefined): boolean => {
      const node: MessageNode = { proto, dottedName: dottedName(file, parent, proto.name), nested: [] };
      if (proto.options?.mapEntry === true) {
        node.entryFields = [];
        mapEntries.set(node.dottedName, node);
      } else {
        (parent?.nested ?? messages).push(node);
        this.types.set(node.dottedName, 'message');
      }
      for (const enumProto of proto.enumType) {
        if (!enumLinks(enumProto)) return false;
        this.types.set(`${node.dottedName}.${enumProto.name}`, 'enum');
      }
      return proto.nestedType.every((nested) => addMessage(nested, node));
    };
    if (!file.messageType.every((message) => addMessage(message, undefined))) return false;
    for (const service of file.service) {
      const dotted = dottedName(file, undefined, service.name);
      this.types.set(dotted, 'service');
      this.serviceDeclarations.set(dotted, { typeName: dotted.slice(1), proto: service, file });
      for (const method of service.method)
        if (!this.isType(method.inputType, 'message') || !this.isType(method.outputType, 'message')) return false;
    }
    if (!this.extensionsLink(file.extension, file, undefined)) return false;
    for (const entry of mapEntries.values()) if (!this.fieldsLink(entry, mapEntries)) return false;
    for (const message of messages) {
      if (!this.fieldsLink(message, mapEntries) || !this.messageExtensionsLink(message, file)) return false;
    }
    this.files.add(file.name);
    return true;
  }

  /** Whether `typeName` (leading dot or not, as the registry takes it) is a type of that kind. */
  private isType(typeName: string, kind: TypeKind): boolean {
    return this.types.get(dotted(typeName)) === kind;
  }

  /** `addFields`: the message's fields, then its nested messages' (a map entry's nested ones too). */
  private fieldsLink(message: MessageNode, mapEntries: ReadonlyMap<string, MessageNode>): boolean {
    const oneofCount = message.proto.oneofDecl.length;
    for (const field of message.proto.field) {
      // `findOneof`: an index set on the field (presence as the registry tests it), not a proto3 optional.
      const inOneof =
        Object.prototype.hasOwnProperty.call(field, 'oneofIndex') &&
        field.oneofIndex !== undefined &&
        !field.proto3Optional;
      if (inOneof && !(field.oneofIndex >= 0 && field.oneofIndex < oneofCount)) return false;
      const kind = this.fieldKind(field, mapEntries);
      if (kind === undefined) return false;
      message.entryFields?.push({ number: field.number, kind, type: field.type });
    }
    return message.nested.every((nested) => this.fieldsLink(nested, mapEntries));
  }

  /** `addExtensions` of a message: its own, then its nested messages'. */
  private messageExtensionsLink(message: MessageNode, file: FileDescriptorProto): boolean {
    if (!this.extensionsLink(message.proto.extension, file, message)) return false;
    return message.nested.every((nested) => this.messageExtensionsLink(nested, file));
  }

  private extensionsLink(
    extensions: readonly FieldDescriptorProto[],
    file: FileDescriptorProto,
    parent: MessageNode | undefined,
  ): boolean {
    for (const extension of extensions) {
      if (!this.isType(extension.extendee, 'message') || this.fieldKind(extension, undefined) === undefined)
        return false;
      this.types.set(dottedName(file, parent, extension.name), 'extension');
    }
    return true;
  }

  /** `newField`: the field's kind, or undefined where it would throw. `mapEntries` undefined: an extension. */
  private fieldKind(
    field: FieldDescriptorProto,
    mapEntries: ReadonlyMap<string, MessageNode> | undefined,
  ): FieldKind | undefined {
    const isMessage =
      field.type === FieldDescriptorProto_Type.MESSAGE || field.type === FieldDescriptorProto_Type.GROUP;
    if (field.label === FieldDescriptorProto_Label.REPEATED) {
      const entry =
        field.type === FieldDescriptorProto_Type.MESSAGE ? mapEntries?.get(dotted(field.typeName)) : undefined;
      if (entry !== undefined) return mapEntryValid(entry) ? 'map' : undefined;
      if (isMessage) return this.isType(field.typeName, 'message') ? 'list' : undefined;
      if (field.type === FieldDescriptorProto_Type.ENUM)
        return this.isType(field.typeName, 'enum') ? 'list' : undefined;
      return 'list';
    }
    if (isMessage) return this.isType(field.typeName, 'message') ? 'message' : undefined;
    if (field.type === FieldDescriptorProto_Type.ENUM) return this.isType(field.typeName, 'enum') ? 'enum' : undefined;
    return 'scalar';
  }
}

/** The types of each linked file (the generated always-available ones: the same every schema), listed once. */
const linkedFileTypes = new WeakMap<DescFile, [string, TypeKind][]>();

function typesOfLinked(file: DescFile): [string, TypeKind][] {
  let types = linkedFileTypes.get(file);
  if (types === undefined) {
    types = [...nestedTypes(file)].map((type) => [`.${type.typeName}`, type.kind]);
    linkedFileTypes.set(file, types);
  }
  return types;
}

/** `findMapEntryFields`: a scalar key (not bytes, float or double) numbered 1, a value numbered 2 that is no list or map. */
function mapEntryValid(entry: MessageNode): boolean {
  const key = entry.entryFields?.find((field) => field.number === 1);
  const value = entry.entryFields?.find((field) => field.number === 2);
  return (
    key !== undefined &&
    key.kind === 'scalar' &&
    key.type !== FieldDescriptorProto_Type.BYTES &&
    key.type !== FieldDescriptorProto_Type.FLOAT &&
    key.type !== FieldDescriptorProto_Type.DOUBLE &&
    value !== undefined &&
    value.kind !== 'list' &&
    value.kind !== 'map'
  );
}

/** Not modelled: an enum value's `(pb.enumvalue.json)` option, which `addEnum` decodes (and may fail to). */
function enumLinks(enumProto: EnumDescriptorProto): boolean {
  return enumProto.value.every(
    (value) =>
      !(value.options?.$unknown ?? []).some(
        (field) => field.no === ENUM_VALUE_JSON_OPTION && field.wireType === WireType.LengthDelimited,
      ),
  );
}

function editionKnown(file: FileDescriptorProto): boolean {
  switch (file.syntax) {
    case '':
    case 'proto2':
    case 'proto3':
      return true;
    case 'editions':
      return file.edition === EDITION_UNSTABLE || (file.edition >= minimumEdition && file.edition <= maximumEdition);
    default:
      return false;
  }
}

/** `assertValidNames`: every message, field, oneof, extension, enum, enum value, service and method name. */
function namesValid(file: FileDescriptorProto): boolean {
  const valid = (name: string) => identifier.test(name);
  const enumValid = (enumProto: EnumDescriptorProto): boolean =>
    valid(enumProto.name) && enumProto.value.every((value) => valid(value.name));
  const messageValid = (message: DescriptorProto): boolean =>
    valid(message.name) &&
    message.field.every((field) => valid(field.name)) &&
    message.oneofDecl.every((oneof) => valid(oneof.name)) &&
    message.extension.every((extension) => valid(extension.name)) &&
    message.nestedType.every(messageValid) &&
    message.enumType.every(enumValid);
  return (
    file.messageType.every(messageValid) &&
    file.enumType.every(enumValid) &&
    file.extension.every((extension) => valid(extension.name)) &&
    file.service.every((service) => valid(service.name) && service.method.every((method) => valid(method.name)))
  );
}

/** The registry's `makeTypeName` (under the parent message, else the package), with the leading dot. */
function dottedName(file: FileDescriptorProto, parent: MessageNode | undefined, name: string): string {
  if (parent !== undefined) return `${parent.dottedName}.${name}`;
  return file.package.length > 0 ? `.${file.package}.${name}` : `.${name}`;
}

/** A type name as fields write it (the registry trims the dot instead: the same lookup). */
function dotted(typeName: string): string {
  return typeName.startsWith('.') ? typeName : `.${typeName}`;
}
