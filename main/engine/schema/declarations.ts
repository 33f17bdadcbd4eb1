/**
 * Where each name of a schema is declared, read from the file descriptors without linking them:
 * what `describe` prints from (describe.ts prints declarations as the descriptors have them).
 * Lookups follow the linked registry's (and Schema.findSymbol's before it): its types first
 * (messages — not map entries, which a registry does not list —, enums, services, extensions),
 * then members of a type (methods, fields, enum values), then enum values by protobuf's scoping,
 * where values are siblings of their enum.
 */
import type {
  DescriptorProto,
  EnumDescriptorProto,
  FieldDescriptorProto,
  FileDescriptorProto,
} from '@bufbuild/protobuf/wkt';
import type { Declaration } from './describe';

export interface LocatedDeclaration {
  /** The name `describe` prints in its header: enum values under their enum, e.g. `pkg.Role.ROLE_ADMIN`. */
  fullName: string;
  file: FileDescriptorProto;
  declaration: Declaration;
}

/** A type: what a linked registry's get() finds by name. */
type TypeDeclaration = LocatedDeclaration & { declaration: { kind: 'service' | 'message' | 'enum' | 'extension' } };

/**
 * Files are indexed by package when a name under it is first looked up, and only their types:
 * members (methods, fields, enum values) are found in their parent's descriptor. A describe
 * touches a few packages of a schema that may have thousands of files.
 */
export class DeclarationIndex {
  private readonly filesByPackage = new Map<string, FileDescriptorProto[]>();
  private readonly indexedPackages = new Set<string>();
  private readonly types = new Map<string, TypeDeclaration>();
  /** Map entry types (not types a registry finds, but fields name them) → the file declaring them. */
  private readonly mapEntryFiles = new Map<string, FileDescriptorProto>();

  /** Files in linking order: where two declare the same name, the first is what a registry finds. */
  constructor(files: Iterable<FileDescriptorProto>) {
    for (const file of files) {
      const inPackage = this.filesByPackage.get(file.package);
      if (inPackage === undefined) this.filesByPackage.set(file.package, [file]);
      else inPackage.push(file);
    }
  }

  /** A service, method, message, enum, field, extension or enum value by its fully-qualified name. */
  find(name: string): LocatedDeclaration | undefined {
    const type = this.type(name);
    if (type !== undefined) return type;
    const separator = name.lastIndexOf('.');
    if (separator <= 0) return this.scopedEnumValue('', name);
    const scope = name.slice(0, separator);
    return this.member(scope, name.slice(separator + 1)) ?? this.scopedEnumValue(scope, name.slice(separator + 1));
  }

  /** A message type, e.g. a group's, by its name as a field names it (leading dot or not). */
  message(typeName: string): { proto: DescriptorProto; typeName: string } | undefined {
    const declaration = this.type(typeName.replace(/^\./, ''))?.declaration;
    return declaration?.kind === 'message' ? declaration : undefined;
  }

  /** The file declaring a message or enum a field or method names (leading dot or not). */
  fileDeclaringType(typeName: string): FileDescriptorProto | undefined {
    const name = typeName.replace(/^\./, '');
    const type = this.type(name);
    if (type !== undefined)
      return type.declaration.kind === 'message' || type.declaration.kind === 'enum' ? type.file : undefined;
    return this.mapEntryFiles.get(name);
  }

  /** Every type's name, for "did you mean" hints: indexes every file. */
  typeNames(): string[] {
    for (const packageName of this.filesByPackage.keys()) this.indexPackage(packageName);
    return [...this.types.keys()];
  }

  private type(name: string): TypeDeclaration | undefined {
    // The package is `name` itself or any prefix of it ending before a dot (or none).
    this.indexPackage('');
    for (let dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) this.indexPackage(name.slice(0, dot));
    this.indexPackage(name);
    return this.types.get(name);
  }

  private member(scope: string, memberName: string): LocatedDeclaration | undefined {
    const parent = this.type(scope);
    if (parent === undefined) return undefined;
    const { file, declaration } = parent;
    const fullName = `${scope}.${memberName}`;
    switch (declaration.kind) {
      case 'service': {
        const method = declaration.proto.method.find((candidate) => candidate.name === memberName);
        return method && { fullName, file, declaration: { kind: 'rpc', proto: method } };
      }
      case 'message': {
        const field = declaration.proto.field.find((candidate) => candidate.name === memberName);
        const container = { message: declaration.proto, fullName: scope };
        return field && { fullName, file, declaration: { kind: 'field', proto: field, container } };
      }
      case 'enum': {
        const value = declaration.proto.value.find((candidate) => candidate.name === memberName);
        return value && { fullName, file, declaration: { kind: 'enum_value', proto: value } };
      }
      default:
        return undefined;
    }
  }

  /** An enum value by protobuf's scoping: ROLE_ADMIN of enum pkg.User.Role is `pkg.User.ROLE_ADMIN`. */
  private scopedEnumValue(scope: string, valueName: string): LocatedDeclaration | undefined {
    const parent = this.type(scope)?.declaration;
    const enums: { file: FileDescriptorProto; proto: EnumDescriptorProto }[] =
      parent?.kind === 'message'
        ? parent.proto.enumType.map((proto) => ({ file: this.types.get(scope)!.file, proto }))
        : (this.filesByPackage.get(scope) ?? []).flatMap((file) => file.enumType.map((proto) => ({ file, proto })));
    for (const { file, proto } of enums) {
      const value = proto.value.find((candidate) => candidate.name === valueName);
      const enumName = join(scope, proto.name);
      if (value !== undefined)
        return { fullName: `${enumName}.${value.name}`, file, declaration: { kind: 'enum_value', proto: value } };
    }
    return undefined;
  }

  private indexPackage(packageName: string): void {
    if (this.indexedPackages.has(packageName)) return;
    this.indexedPackages.add(packageName);
    for (const file of this.filesByPackage.get(packageName) ?? []) {
      for (const enumProto of file.enumType) this.addEnum(file, enumProto, packageName);
      for (const message of file.messageType) this.addMessage(file, message, packageName);
      for (const extension of file.extension) this.addExtension(file, extension, packageName);
      for (const service of file.service) {
        const fullName = join(packageName, service.name);
        this.addType({ fullName, file, declaration: { kind: 'service', proto: service } });
      }
    }
  }

  private addType(located: TypeDeclaration): void {
    if (!this.types.has(located.fullName)) this.types.set(located.fullName, located);
  }

  private addMessage(file: FileDescriptorProto, message: DescriptorProto, scope: string): void {
    const typeName = join(scope, message.name);
    if (message.options?.mapEntry === true) {
      if (!this.mapEntryFiles.has(typeName)) this.mapEntryFiles.set(typeName, file);
      return;
    }
    this.addType({ fullName: typeName, file, declaration: { kind: 'message', proto: message, typeName } });
    for (const nested of message.enumType) this.addEnum(file, nested, typeName);
    for (const nested of message.nestedType) this.addMessage(file, nested, typeName);
    for (const extension of message.extension) this.addExtension(file, extension, typeName);
  }

  private addEnum(file: FileDescriptorProto, enumProto: EnumDescriptorProto, scope: string): void {
    const fullName = join(scope, enumProto.name);
    this.addType({ fullName, file, declaration: { kind: 'enum', proto: enumProto } });
  }

  private addExtension(file: FileDescriptorProto, extension: FieldDescriptorProto, scope: string): void {
    const fullName = join(scope, extension.name);
    this.addType({ fullName, file, declaration: { kind: 'extension', proto: extension } });
  }
}

function join(scope: string, name: string): string {
  return scope === '' ? name : `${scope}.${name}`;
}

/** The type names a declaration's printed text refers to: they must exist for the text to be true. */
export function referencedTypeNames(declaration: Declaration): string[] {
  const ofField = (field: FieldDescriptorProto): string[] =>
    [field.typeName, field.extendee].filter((name) => name !== '');
  switch (declaration.kind) {
    case 'service':
      return declaration.proto.method.flatMap((method) => [method.inputType, method.outputType]);
    case 'rpc':
      return [declaration.proto.inputType, declaration.proto.outputType];
    case 'message':
      return fieldsOfMessage(declaration.proto).flatMap(ofField);
    case 'field':
    case 'extension':
      return ofField(declaration.proto);
    case 'enum':
    case 'enum_value':
      return [];
  }
}

/** Whether a file declares an extension (a custom option, for one) at its top level or in a message. */
export function declaresExtensions(file: FileDescriptorProto): boolean {
  const inMessage = (message: DescriptorProto): boolean =>
    message.extension.length > 0 || message.nestedType.some(inMessage);
  return file.extension.length > 0 || file.messageType.some(inMessage);
}

/** Every field and extension a message declares, in its nested messages too. */
function fieldsOfMessage(message: DescriptorProto): FieldDescriptorProto[] {
  return [...message.field, ...message.extension, ...message.nestedType.flatMap(fieldsOfMessage)];
}

/** Every field and extension a file declares, in its messages at any depth too. */
export function fieldsOf(file: FileDescriptorProto): FieldDescriptorProto[] {
  return [...file.extension, ...file.messageType.flatMap(fieldsOfMessage)];
}

/** The extension of `extendee` (fully qualified, no leading dot) with field `number` declared in `file`, by name. */
export function extensionDeclaredIn(file: FileDescriptorProto, extendee: string, number: number): string | undefined {
  const matches = (field: FieldDescriptorProto): boolean =>
    field.number === number && field.extendee.replace(/^\./, '') === extendee;
  const inScope = (
    fields: readonly FieldDescriptorProto[],
    messages: readonly DescriptorProto[],
    scope: string,
  ): string | undefined => {
    const found = fields.find(matches);
    if (found !== undefined) return join(scope, found.name);
    for (const message of messages) {
      const nested = inScope(message.extension, message.nestedType, join(scope, message.name));
      if (nested !== undefined) return nested;
    }
    return undefined;
  };
  return inScope(file.extension, file.messageType, file.package);
}
