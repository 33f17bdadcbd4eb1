/**
 * One loaded schema: descriptors from any source (reflection, .proto files, protosets) in one
 * @bufbuild/protobuf registry, plus the lookups the CLI and the UI need.
 */
import {
  create,
  createFileRegistry,
  toBinary,
  type DescMessage,
  type DescMethod,
  type DescService,
  type FileRegistry,
} from '@bufbuild/protobuf';
import {
  FileDescriptorProtoSchema,
  FileDescriptorSetSchema,
  type FileDescriptorProto,
  type FileDescriptorSet,
  type MethodDescriptorProto,
} from '@bufbuild/protobuf/wkt';
import type { MethodSummary, RpcKind, SchemaProblem, ServiceSummary } from '../../../shared/api';
import { WorkbenchError } from '../../../shared/api';
import {
  DeclarationIndex,
  declaresExtensions,
  fieldsOf,
  extensionDeclaredIn,
  referencedTypeNames,
  type LocatedDeclaration,
} from './declarations';
import { contextFor, describeWithHeader, fileSyntax, type PrintContext } from './describe';
import { dependencyOrder, filesByName } from './file-order';
import { linkInput, servicesIfAllLink, type DeclaredService } from './link-check';
import { closestNames, parseMethodName, suggestionHint } from './symbol-names';
import { addAlwaysAvailableFiles, generatedAlwaysAvailableFile } from './well-known-files';

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

/** methodSummary from the declaration, for a schema whose files all link (the names then resolve as written). */
function declaredMethodSummary(service: DeclaredService, method: MethodDescriptorProto): MethodSummary {
  const { clientStreaming, serverStreaming } = method;
  return {
    name: method.name,
    path: `${service.typeName}/${method.name}`,
    kind:
      clientStreaming && serverStreaming
        ? 'bidi_streaming'
        : clientStreaming
          ? 'client_streaming'
          : serverStreaming
            ? 'server_streaming'
            : 'unary',
    inputType: method.inputType.replace(/^\./, ''),
    outputType: method.outputType.replace(/^\./, ''),
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

const DESCRIPTOR_PROTO = 'google/protobuf/descriptor.proto';

/**
 * One registry of `ordered` (each file after its imports), in one pass (linkInput). The resolver
 * overload of createFileRegistry is the only one that takes linked files; it links the files a
 * root imports in the reverse order of the import list, so the root imports them last first. The
 * registry holds the root file too.
 */
function registryFor(ordered: readonly FileDescriptorProto[]): FileRegistry {
  const { protos, linked } = linkInput(ordered);
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

interface LinkedFiles {
  registry: FileRegistry;
  /** Every file of the registry, each after its imports. */
  fileSet: FileDescriptorSet;
  /** Files left out because they do not link (unknown types, bad names). */
  problems: SchemaProblem[];
}

/** The option extensions a file can see, from the files declaring extensions among its imports, linked. */
interface OptionExtensions {
  /** The file and its imports, each after its imports. */
  closure: FileDescriptorProto[];
  registry: FileRegistry;
  problems: SchemaProblem[];
  /** The whole closure linked, for option values that can hold an Any or an extension. */
  wholeClosure?: FileRegistry;
}

/**
 * A schema is linked (every type resolved across files, in one @bufbuild/protobuf registry) when
 * something first needs the registry: a call, describeMethod, `list`, an export. The service tree
 * (`services()`) and the files that do not link (`problems`) come without it when a check over the
 * file descriptors (link-check.ts) finds that every file links — the UI's tree of a big server
 * then costs no linking (bench/README.md, reflection-tree); when the check finds a file that may
 * not link, the schema is linked then and the registry says which files fail, as before.
 * `describe` needs only the file descriptors, which it prints, and the option extensions: it links
 * the files declaring extensions that the symbol's file imports (with their imports), not the
 * symbol's own file nor the files it imports only for types — for googleapis' pubsub that leaves out
 * pubsub.proto and schema.proto, the biggest part of linking it (bench/README.md, reflection-describe).
 */
export class Schema {
  private serviceList: DescService[] | undefined;
  private linkedFiles: LinkedFiles | undefined;
  /** Every usable file, each after its imports: the order they link in. */
  private linkOrder: FileDescriptorProto[] | undefined;
  /** The link check's services (link-check.ts); null: a file may not link, so the schema is linked to know. */
  private declaredServices: DeclaredService[] | null | undefined;
  private declarationIndex: DeclarationIndex | undefined;
  private readonly optionExtensionsByFile = new Map<string, OptionExtensions>();

  private constructor(
    /** Every file by name, the always-available ones added: where a symbol is looked up. */
    private readonly files: ReadonlyMap<string, FileDescriptorProto>,
    /** The files whose imports are all there: what is linked. */
    private readonly usable: ReadonlyMap<string, FileDescriptorProto>,
    /** Files left out because an import is missing, found without linking. */
    readonly importProblems: SchemaProblem[],
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
    return new Schema(byName, usable, problems, listedServices);
  }

  /** The registry of every file that links; links the schema on first use. */
  get registry(): FileRegistry {
    return this.link().registry;
  }

  /** Every file of the registry, each after its imports; links the schema on first use. */
  get fileSet(): FileDescriptorSet {
    return this.link().fileSet;
  }

  /**
   * Files left out: missing imports, then files that do not link. Links the schema unless it is
   * linked already or the link check finds that every file links (then there are none of the latter).
   */
  get problems(): SchemaProblem[] {
    if (this.linkedFiles === undefined && this.servicesIfAllLink() !== undefined) return [...this.importProblems];
    return [...this.importProblems, ...this.link().problems];
  }

  /** Whether the registry is built (tests: what an operation costs). */
  get isLinked(): boolean {
    return this.linkedFiles !== undefined;
  }

  /** The files whose imports are all there (the files a linked schema has, less those that do not link). */
  get usableFileCount(): number {
    return this.usable.size;
  }

  /** The files of the registry (`fileSet`), counted without linking when the link check finds that all link. */
  get fileCount(): number {
    if (this.linkedFiles === undefined && this.servicesIfAllLink() !== undefined) return this.usable.size;
    return this.fileSet.file.length;
  }

  private orderedFiles(): FileDescriptorProto[] {
    this.linkOrder ??= dependencyOrder(this.usable, this.usable.keys());
    return this.linkOrder;
  }

  /** The services when every file links (the link check, run once); undefined when a file may not. */
  private servicesIfAllLink(): DeclaredService[] | undefined {
    if (this.declaredServices === undefined) {
      this.declaredServices = servicesIfAllLink(this.orderedFiles()) ?? null;
    }
    return this.declaredServices ?? undefined;
  }

  private link(): LinkedFiles {
    if (this.linkedFiles === undefined) {
      const problems: SchemaProblem[] = [];
      const linked = linkFiles(this.orderedFiles(), problems);
      this.linkedFiles = {
        registry: linked.registry,
        fileSet: create(FileDescriptorSetSchema, { file: linked.files }),
        problems,
      };
    }
    return this.linkedFiles;
  }

  private allServices(): DescService[] {
    this.serviceList ??= [...this.registry]
      .filter((desc): desc is DescService => desc.kind === 'service')
      .sort((a, b) => a.typeName.localeCompare(b.typeName));
    return this.serviceList;
  }

  /**
   * Every service, sorted by name; methods in declaration order. From the file descriptors when the
   * schema is not linked and the link check finds that every file links; from the registry otherwise.
   */
  services(): ServiceSummary[] {
    const declared = this.linkedFiles === undefined ? this.servicesIfAllLink() : undefined;
    if (declared !== undefined) {
      return [...declared]
        .sort((a, b) => a.typeName.localeCompare(b.typeName))
        .map((service) => ({
          name: service.typeName,
          file: service.file.name,
          methods: service.proto.method.map((method) => declaredMethodSummary(service, method)),
        }));
    }
    return this.allServices().map((service) => ({
      name: service.typeName,
      file: service.file.proto.name,
      methods: service.methods.map(methodSummary),
    }));
  }

  /** Fully-qualified service names, sorted (grpcurl's `list`); without linking when every file links. */
  listServices(): string[] {
    const declared = this.linkedFiles === undefined ? this.servicesIfAllLink() : undefined;
    const names = new Set([...(declared ?? this.allServices()).map((service) => service.typeName), ...this.listedOnly]);
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
    this.checkDeclaringFileLoaded(serviceName);
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
      this.checkDeclaringFileLoaded(parsed.service);
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

  /**
   * For a service the registry lacks: when a file declares it, that file was left out, and the error
   * says why (a missing import, or what linking it failed on) — the tree may have listed the service
   * before linking, from the file descriptors.
   */
  private checkDeclaringFileLoaded(serviceName: string): void {
    const located = this.declarations().find(serviceName);
    if (located?.declaration.kind === 'service') this.checkLoaded(located.file, located.fullName);
  }

  private declarations(): DeclarationIndex {
    this.declarationIndex ??= new DeclarationIndex(dependencyOrder(this.files, this.files.keys()));
    return this.declarationIndex;
  }

  /**
   * A service, method (`pkg.Svc.Method` or `pkg.Svc/Method`), message, enum, field, extension or
   * enum value by fully-qualified name, from the file descriptors. Its file must have loaded — its
   * imports there and, once the schema is linked, linked — and the types its declaration names
   * must exist: otherwise the error names the file and what is wrong with it.
   */
  private findDeclaration(symbol: string): LocatedDeclaration {
    const name = symbol.trim().replace(/^\.|^\//, '');
    const parsedMethod = name.includes('/') ? parseMethodName(name) : undefined;
    const located = this.declarations().find(
      parsedMethod === undefined ? name : `${parsedMethod.service}.${parsedMethod.method}`,
    );
    if (located === undefined || (parsedMethod !== undefined && located.declaration.kind !== 'rpc')) {
      if (name.includes('/')) this.findMethod(name); // throws its own error, naming what is missing
      throw new WorkbenchError('unknown_method', `Symbol "${name}" is not in the schema`, {
        subject: name,
        hint: suggestionHint(
          closestNames(name, this.declarations().typeNames()),
          'List the services the schema has with `list`.',
        ),
      });
    }
    this.checkLoaded(located.file, located.fullName);
    for (const typeName of referencedTypeNames(located.declaration)) {
      const declaring = this.declarations().fileDeclaringType(typeName);
      if (declaring === undefined)
        throw fileNotLoaded(located.fullName, located.file.name, `type "${typeName}" is not defined in the schema.`);
      this.checkLoaded(declaring, located.fullName);
    }
    return located;
  }

  /** Throws when `file` was left out: an import is missing, or (once the schema is linked) it does not link. */
  private checkLoaded(file: FileDescriptorProto, symbol: string): void {
    const linkedOut = this.linkedFiles !== undefined && this.linkedFiles.registry.getFile(file.name) === undefined;
    if (this.usable.has(file.name) && !linkedOut) return;
    const problem = [...this.importProblems, ...(this.linkedFiles?.problems ?? [])].find(
      (candidate) => candidate.file === file.name,
    );
    throw fileNotLoaded(symbol, file.name, problem?.message ?? 'it was left out of the schema.');
  }

  /** The context describe prints a file's declarations with (describe.ts PrintContext). */
  private printContext(file: FileDescriptorProto): PrintContext {
    const linkedFile = this.linkedFiles?.registry.getFile(file.name);
    if (linkedFile !== undefined) return contextFor(linkedFile);
    const options = (): OptionExtensions => this.optionExtensions(file);
    return {
      syntax: fileSyntax(file),
      extensionFor: (optionsSchema, number) => {
        const { registry, closure, problems } = options();
        const extension = registry.getExtensionFor(optionsSchema, number);
        if (extension !== undefined) return extension;
        for (const candidate of closure) {
          const declared = extensionDeclaredIn(candidate, optionsSchema.typeName, number);
          const problem = problems.find((linkProblem) => linkProblem.file === candidate.name);
          if (declared !== undefined && problem !== undefined)
            throw fileNotLoaded(`option (${declared})`, candidate.name, problem.message);
        }
        return undefined;
      },
      valueRegistry: (field) => {
        const extensions = options();
        if (field.message === undefined || !mayHoldOtherTypes(field.message)) return extensions.registry;
        // An Any or an extension inside the value may name any type the file sees: then all of them, linked.
        extensions.wholeClosure ??= linkFiles(extensions.closure, []).registry;
        return extensions.wholeClosure;
      },
      message: (typeName) => this.declarations().message(typeName),
    };
  }

  private optionExtensions(file: FileDescriptorProto): OptionExtensions {
    let found = this.optionExtensionsByFile.get(file.name);
    if (found === undefined) {
      const closure = dependencyOrder(this.usable, [file.name]);
      const declaring = closure.filter(declaresExtensions).map((candidate) => candidate.name);
      const problems: SchemaProblem[] = [];
      const { registry } = linkFiles(this.withOurDescriptorProto(dependencyOrder(this.usable, declaring)), problems);
      found = { closure, registry, problems };
      this.optionExtensionsByFile.set(file.name, found);
    }
    return found;
  }

  /**
   * `files` with the source's own descriptor.proto replaced by our generated one (linked already)
   * where they use it only as what they extend — the option extensions' `extend
   * google.protobuf.FieldOptions` — which is what option files do. The options are decoded with
   * our descriptor.proto anyway and an extension is found by its extendee's name, so what
   * describe prints is the same; linking a source's copy (googleapis' is a newer release) cost as
   * much as all the option files together. A file naming one of its types as a field type keeps it.
   */
  private withOurDescriptorProto(files: FileDescriptorProto[]): FileDescriptorProto[] {
    const own = files.find((file) => file.name === DESCRIPTOR_PROTO);
    const ours = generatedAlwaysAvailableFile(DESCRIPTOR_PROTO);
    if (own === undefined || ours === undefined || own === ours || declaresExtensions(own)) return files;
    const namesItsTypes = files.some(
      (file) =>
        file !== own &&
        fieldsOf(file).some(
          (field) => field.typeName !== '' && this.declarations().fileDeclaringType(field.typeName) === own,
        ),
    );
    return namesItsTypes ? files : files.map((file) => (file === own ? ours : file));
  }

  /** grpcurl's `describe SYMBOL`: `pkg.Name is a message:` and the protoc-style declaration. */
  describe(symbol: string): string {
    const located = this.findDeclaration(symbol);
    return describeWithHeader(located.fullName, located.declaration, this.printContext(located.file));
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
        : symbols.map((symbol) => (byName.has(symbol) ? symbol : this.findDeclaration(symbol).file.name));
    return toBinary(FileDescriptorSetSchema, create(FileDescriptorSetSchema, { file: dependencyOrder(byName, roots) }));
  }
}

/** Whether values of `message` can hold an Any or an extension, i.e. a type named at run time. */
function mayHoldOtherTypes(message: DescMessage): boolean {
  const seen = new Set<DescMessage>([message]);
  for (const current of seen) {
    if (current.typeName === 'google.protobuf.Any' || current.proto.extensionRange.length > 0) return true;
    for (const field of current.fields) if (field.message !== undefined) seen.add(field.message);
  }
  return false;
}

function fileNotLoaded(symbol: string, file: string, reason: string): WorkbenchError {
  return new WorkbenchError('schema', `${symbol} needs ${file}, which did not load: ${reason}`, {
    subject: file,
    hint: 'Fix that file (or what it imports) in the source the schema comes from: the server, the .proto files or the protoset.',
  });
}
