/**
 * One loaded schema: descriptors from any source (reflection, .proto files, protosets) in one
 * @bufbuild/protobuf registry, plus the lookups the CLI and the UI need.
 */
import {
  create,
  createFileRegistry,
  toBinary,
  type DescEnumValue,
  type DescFile,
  type DescMethod,
  type DescService,
  type FileRegistry,
} from '@bufbuild/protobuf';
import {
  FileDescriptorProtoSchema,
  FileDescriptorSetSchema,
  type FileDescriptorProto,
  type FileDescriptorSet,
} from '@bufbuild/protobuf/wkt';
import type { MethodSummary, RpcKind, SchemaProblem, ServiceSummary } from '../../../shared/api';
import { WorkbenchError } from '../../../shared/api';
import { describeWithHeader, type DescribableDesc } from './describe';
import { dependencyOrder, filesByName } from './file-order';
import { closestNames, parseMethodName, suggestionHint } from './symbol-names';
import { addAlwaysAvailableFiles, linkedAlwaysAvailableFile } from './well-known-files';

export function methodKind(desc: DescMethod): RpcKind {
  return desc.methodKind;
}

/** The wire path without the leading slash: `pkg.Service/Method`. */
export function methodPath(desc: DescMethod): string {
  return `${desc.parent.typeName}/${desc.name}`;
}

function methodSummary(desc: DescMethod): MethodSummary {
  return {
    name: desc.name,
    path: methodPath(desc),
    kind: methodKind(desc),
    inputType: desc.input.typeName,
    outputType: desc.output.typeName,
  };
}

/** Drops files whose imports are missing, and files importing those, until every import resolves. */
function withoutUnresolvableFiles(
  files: Map<string, FileDescriptorProto>,
  problems: SchemaProblem[],
): Map<string, FileDescriptorProto> {
  const usable = new Map(files);
  for (let changed = true; changed;) {
    changed = false;
    for (const [name, file] of usable) {
      const missing = file.dependency.find((dependency) => !usable.has(dependency));
      if (missing === undefined) continue;
      const message = files.has(missing)
        ? `Import "${missing}" was not found or had errors.`
        : `Import "${missing}" is not among the loaded files.`;
      problems.push({ file: name, message });
      usable.delete(name);
      changed = true;
    }
  }
  return usable;
}

/**
 * A file importing every file of a schema (see registryFor); it defines nothing. Its name cannot
 * clash with a real file: a space and angle brackets are no part of an import path anyone writes.
 */
const SCHEMA_ROOT_FILE = '<grpc-workbench schema root>';

/**
 * One registry of `ordered` (each file after its imports), in one pass. The always-available files
 * among them are the generated descriptors, linked already — linking them again was most of what
 * a small schema (a reflection `list`) took. The resolver overload of createFileRegistry is the
 * only one that takes linked files; it links the files a root imports in the reverse order of the
 * import list, so the root imports them last first. The registry holds the root file too.
 */
function registryFor(ordered: readonly FileDescriptorProto[]): FileRegistry {
  const protos = new Map<string, FileDescriptorProto>();
  const linked = new Map<string, DescFile>();
  for (const file of ordered) {
    const prelinked = linkedAlwaysAvailableFile(file);
    // Ours only where its imports are ours too: a source's own any.proto must not be paired with ours.
    if (prelinked?.dependencies.every((dependency) => linked.get(dependency.proto.name) === dependency))
      linked.set(file.name, prelinked);
    else protos.set(file.name, file);
  }
  const root = create(FileDescriptorProtoSchema, {
    name: SCHEMA_ROOT_FILE,
    dependency: [...protos.keys(), ...linked.keys()].reverse(),
  });
  return createFileRegistry(root, (name) => linked.get(name) ?? protos.get(name));
}

/**
 * A registry of the files that link. The whole set normally does in one go; when it does not (a
 * hand-made or server-sent descriptor referring to a type that does not exist), each file is
 * linked on its own to find the culprits, which are reported and left out with their importers.
 */
function linkFiles(
  ordered: readonly FileDescriptorProto[],
  problems: SchemaProblem[],
): { registry: FileRegistry; files: FileDescriptorProto[] } {
  try {
    return { registry: registryFor(ordered), files: [...ordered] };
  } catch {
    const byName = filesByName(ordered);
    const failed = new Set<string>();
    for (const file of ordered) {
      const failedDependency = file.dependency.find((dependency) => failed.has(dependency));
      if (failedDependency !== undefined) {
        failed.add(file.name);
        problems.push({ file: file.name, message: `Import "${failedDependency}" was not found or had errors.` });
        continue;
      }
      try {
        registryFor(dependencyOrder(byName, [file.name]));
      } catch (error) {
        failed.add(file.name);
        problems.push({ file: file.name, message: (error as Error).message });
      }
    }
    const files = ordered.filter((file) => !failed.has(file.name));
    return { registry: registryFor(files), files };
  }
}

export class Schema {
  private serviceList: DescService[] | undefined;

  private constructor(
    readonly registry: FileRegistry,
    /** Every file of the registry, each after its imports. */
    readonly fileSet: FileDescriptorSet,
    /** Files left out because they do not link (missing imports, unknown types). */
    readonly problems: SchemaProblem[],
    /** Service names known without their files (a reflection `list`). */
    private readonly listedOnly: readonly string[] = [],
  ) {}

  static fromFileDescriptorSet(set: FileDescriptorSet): Schema {
    return Schema.fromFileDescriptorProtos(set.file);
  }

  /**
   * Files in any order; the first of files sharing a name wins. `listedServices` are names a server
   * listed whose files were not fetched: `listServices` includes them, nothing else can use them.
   */
  static fromFileDescriptorProtos(
    files: readonly FileDescriptorProto[],
    listedServices: readonly string[] = [],
  ): Schema {
    const problems: SchemaProblem[] = [];
    const byName = filesByName(files);
    addAlwaysAvailableFiles(byName);
    const usable = withoutUnresolvableFiles(byName, problems);
    const linked = linkFiles(dependencyOrder(usable, usable.keys()), problems);
    return new Schema(
      linked.registry,
      create(FileDescriptorSetSchema, { file: linked.files }),
      problems,
      listedServices,
    );
  }

  private allServices(): DescService[] {
    this.serviceList ??= [...this.registry]
      .filter((desc): desc is DescService => desc.kind === 'service')
      .sort((a, b) => a.typeName.localeCompare(b.typeName));
    return this.serviceList;
  }

  /** Every service, sorted by name; methods in declaration order. */
  services(): ServiceSummary[] {
    return this.allServices().map((service) => ({
      name: service.typeName,
      file: service.file.proto.name,
      methods: service.methods.map(methodSummary),
    }));
  }

  /** Fully-qualified service names, sorted (grpcurl's `list`). */
  listServices(): string[] {
    const names = new Set([...this.allServices().map((service) => service.typeName), ...this.listedOnly]);
    return [...names].sort((a, b) => a.localeCompare(b));
  }

  /** `pkg.Service.Method` of each method, sorted (grpcurl's `list SERVICE`). */
  listMethods(service: string): string[] {
    const desc = this.findService(service);
    return desc.methods.map((method) => `${desc.typeName}.${method.name}`).sort();
  }

  findService(name: string): DescService {
    const serviceName = name.trim().replace(/^\.|^\//, '');
    const service = this.registry.getService(serviceName);
    if (service !== undefined) return service;
    throw new WorkbenchError('unknown_method', `Service "${serviceName}" is not in the schema`, {
      subject: serviceName,
      hint: suggestionHint(
        closestNames(serviceName, this.listServices()),
        'List the services the schema has with `list`.',
      ),
    });
  }

  /** Accepts `pkg.Svc/Method`, `/pkg.Svc/Method` and `pkg.Svc.Method`. */
  findMethod(name: string): DescMethod {
    const parsed = parseMethodName(name);
    if (parsed === undefined) {
      throw new WorkbenchError('unknown_method', `"${name}" is not a method name`, {
        subject: name,
        hint: 'Name a method as package.Service/Method (or package.Service.Method).',
      });
    }
    const service = this.registry.getService(parsed.service);
    if (service === undefined) {
      const allPaths = this.allServices().flatMap((candidate) => candidate.methods.map(methodPath));
      const suggestions = closestNames(`${parsed.service}/${parsed.method}`, allPaths);
      throw new WorkbenchError('unknown_method', `Service "${parsed.service}" is not in the schema`, {
        subject: parsed.service,
        hint: suggestionHint(
          suggestions.length > 0 ? suggestions : closestNames(parsed.service, this.listServices()),
          'List the services the schema has with `list`.',
        ),
      });
    }
    const method = service.methods.find((candidate) => candidate.name === parsed.method);
    if (method !== undefined) return method;
    throw new WorkbenchError('unknown_method', `Service "${service.typeName}" has no method "${parsed.method}"`, {
      subject: `${service.typeName}/${parsed.method}`,
      hint: suggestionHint(
        closestNames(
          parsed.method,
          service.methods.map((candidate) => candidate.name),
        ).map((candidate) => `${service.typeName}/${candidate}`),
        `Its methods: ${service.methods.map((candidate) => candidate.name).join(', ') || '(none)'}.`,
      ),
    });
  }

  /** A service, method, message, enum, field, extension or enum value by fully-qualified name. */
  findSymbol(symbol: string): DescribableDesc {
    const name = symbol.trim().replace(/^\.|^\//, '');
    if (name.includes('/')) return this.findMethod(name);
    const direct = this.registry.get(name);
    if (direct !== undefined) return direct;
    const separator = name.lastIndexOf('.');
    const parent = separator > 0 ? this.registry.get(name.slice(0, separator)) : undefined;
    const member = name.slice(separator + 1);
    const child =
      parent?.kind === 'service'
        ? parent.methods.find((method) => method.name === member)
        : parent?.kind === 'message'
          ? parent.fields.find((field) => field.name === member)
          : parent?.kind === 'enum'
            ? parent.values.find((value) => value.name === member)
            : undefined;
    const found = child ?? this.findScopedEnumValue(name.slice(0, Math.max(separator, 0)), member);
    if (found !== undefined) return found;
    throw new WorkbenchError('unknown_method', `Symbol "${name}" is not in the schema`, {
      subject: name,
      hint: suggestionHint(
        closestNames(
          name,
          [...this.registry].map((desc) => desc.typeName),
        ),
        'List the services the schema has with `list`.',
      ),
    });
  }

  /**
   * An enum value by protobuf's scoping, where values are siblings of their enum: ROLE_ADMIN of
   * enum user.v1.User.Role is `user.v1.User.ROLE_ADMIN`, of a top-level enum `pkg.ROLE_ADMIN`.
   */
  private findScopedEnumValue(scope: string, valueName: string): DescEnumValue | undefined {
    for (const desc of this.registry) {
      if (desc.kind !== 'enum') continue;
      const enumScope = desc.parent?.typeName ?? desc.file.proto.package;
      if (enumScope !== scope) continue;
      const value = desc.values.find((candidate) => candidate.name === valueName);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  /** grpcurl's `describe SYMBOL`: `pkg.Name is a message:` and the protoc-style declaration. */
  describe(symbol: string): string {
    const desc = this.findSymbol(symbol);
    const fullName =
      desc.kind === 'rpc'
        ? `${desc.parent.typeName}.${desc.name}`
        : desc.kind === 'field' || desc.kind === 'enum_value'
          ? `${desc.parent.typeName}.${desc.name}`
          : desc.typeName;
    return describeWithHeader(fullName, desc);
  }

  /**
   * A binary FileDescriptorSet (protoset) of the files defining `symbols` (all files when omitted)
   * and everything they import, each file after its imports, like `protoc --include_imports`.
   */
  toProtoset(symbols?: readonly string[]): Uint8Array {
    const byName = filesByName(this.fileSet.file);
    const roots =
      symbols === undefined
        ? [...byName.keys()]
        : symbols.map((symbol) => (byName.has(symbol) ? symbol : this.fileOf(this.findSymbol(symbol))));
    return toBinary(FileDescriptorSetSchema, create(FileDescriptorSetSchema, { file: dependencyOrder(byName, roots) }));
  }

  private fileOf(desc: DescribableDesc): string {
    switch (desc.kind) {
      case 'rpc':
      case 'field':
      case 'enum_value':
        return desc.parent.file.proto.name;
      default:
        return desc.file.proto.name;
    }
  }
}
