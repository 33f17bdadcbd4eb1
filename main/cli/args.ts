import { parseArgs, type ParseArgsConfig } from 'node:util';
import { MAX_BURST_CALLS, type LbPolicy } from '../../shared/api';
import { parseBackendList } from '../../shared/lens';
import { flagSpecs, type FlagCommand, type FlagName, type FlagSpec } from './flags';
import { normalizeArgv } from './normalize-argv';
import { UsageError } from './usage-error';

/** Transport flags shared by every command that talks to a server. Times are in seconds, like grpcurl. */
export interface ConnectionFlags {
  plaintext: boolean;
  insecure: boolean;
  cacert?: string;
  cert?: string;
  key?: string;
  authority?: string;
  servername?: string;
  userAgent?: string;
  connectTimeoutSec?: number;
  keepaliveTimeSec?: number;
  maxMsgSz?: number;
}

export interface HeaderFlags {
  /** -H: RPC and reflection. */
  both: string[];
  /** -rpc-header: the RPC only. */
  rpc: string[];
  /** -reflect-header: reflection only. */
  reflect: string[];
}

export interface SchemaFlags {
  protoFiles: string[];
  importPaths: string[];
  protosets: string[];
  useReflection: boolean;
  protosetOut?: string;
}

export interface CommonOptions {
  connection: ConnectionFlags;
  headers: HeaderFlags;
  schema: SchemaFlags;
  maxTimeSec?: number;
  /** 0 = default, 1 = -v, 2 = -vv. */
  verbosity: 0 | 1 | 2;
  output: 'text' | 'json';
  emitDefaults: boolean;
}

/** Where request messages come from: nothing (an empty message), the -d text, or stdin (-d @). */
export type RequestData = { source: 'none' } | { source: 'inline'; text: string } | { source: 'stdin' };

export interface BurstFlags {
  total: number;
  concurrency: number;
  connections: 'shared' | 'per-call' | number;
  lbPolicy?: LbPolicy;
  backendKey?: string;
  knownBackends: string[];
  ratePerSecond?: number;
  /** How a k8s:// target is reached. */
  forwardMode?: 'per-pod' | 'single';
  /** Raw --duration text; parsed where the duration helper lives. */
  duration?: string;
}

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'serve'; argv: string[] }
  | { kind: CollectionCommand; argv: string[] }
  /** `forward …` and `k8s check …` take kubectl's flags (-n is a namespace there), so they parse their own. */
  | { kind: 'forward'; argv: string[] }
  | { kind: 'k8s'; argv: string[] }
  | { kind: 'list'; target?: string; service?: string; options: CommonOptions }
  | {
      kind: 'describe';
      target?: string;
      symbol?: string;
      /** -msg-template: a message's JSON template after its declaration. */
      messageTemplate: boolean;
      options: CommonOptions;
    }
  | {
      kind: 'invoke';
      target: string;
      method: string;
      data: RequestData;
      allowUnknownFields: boolean;
      formatError: boolean;
      options: CommonOptions;
    }
  | {
      kind: 'health';
      target: string;
      /** Check and Watch: the one service ('' = the whole server when absent). */
      service?: string;
      watch: boolean;
      /** --all: grpc.health.v1 List; `services` are asked with Check where the server has no List. */
      all?: { services: string[] };
      options: CommonOptions;
    }
  | { kind: 'channelz'; target: string; options: CommonOptions }
  | {
      kind: 'burst';
      target: string;
      method: string;
      data: RequestData;
      allowUnknownFields: boolean;
      burst: BurstFlags;
      options: CommonOptions;
    };

export interface ParsedCommandLine {
  command: Command;
  /** Flags that are accepted but have no effect here (grpcurl prints these as warnings too). */
  warnings: string[];
}

type FlagValues = {
  [K in FlagName]?: (typeof flagSpecs)[K] extends { multiple: true }
    ? string[]
    : (typeof flagSpecs)[K] extends { type: 'boolean' }
      ? boolean
      : string;
};

const parseArgsOptions: NonNullable<ParseArgsConfig['options']> = Object.fromEntries(
  Object.entries(flagSpecs as Record<string, FlagSpec>).map(([name, spec]) => [
    name,
    { type: spec.type, ...(spec.multiple ? { multiple: true } : {}) },
  ]),
);

/** The collection commands parse their own long flags (main/cli/commands/collections.ts). */
export type CollectionCommand = 'run' | 'export' | 'import';
const collectionCommands: readonly string[] = ['run', 'export', 'import'] satisfies CollectionCommand[];

/** Parses the whole command line into a typed Command; throws UsageError for anything malformed. */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  // `serve` has its own flags (owned by the browser-mode host): hand them over untouched.
  if (argv[0] === 'serve') return { command: { kind: 'serve', argv: argv.slice(1) }, warnings: [] };
  if (argv[0] !== undefined && collectionCommands.includes(argv[0])) {
    return { command: { kind: argv[0] as CollectionCommand, argv: argv.slice(1) }, warnings: [] };
  }
  if (argv[0] === 'forward' || argv[0] === 'k8s')
    return { command: { kind: argv[0], argv: argv.slice(1) }, warnings: [] };

  const { values, positionals } = parseNormalized(normalizeArgv(argv));
  if (values.help) return { command: { kind: 'help' }, warnings: [] };
  if (values.version) return { command: { kind: 'version' }, warnings: [] };

  const warnings: string[] = [];
  const [first, ...rest] = positionals;
  if (first === undefined) throw new UsageError('Too few arguments.');
  if (first === 'serve') throw new UsageError("'serve' must come first: grpc-workbench serve [--port N] [--open].");
  const command =
    first === 'health'
      ? parseHealth(rest, values)
      : first === 'burst'
        ? parseBurst(rest, values)
        : first === 'channelz'
          ? parseChannelz(rest, values)
          : parseGrpcurlForm(positionals, values, warnings);
  return { command: values.unix === true ? withUnixTarget(command) : command, warnings };
}

/** grpcurl's -unix: the address is a socket path; a `unix:` target already says so. */
function withUnixTarget(command: Command): Command {
  if (!('target' in command) || command.target === undefined) {
    throw new UsageError('-unix needs an address: the path of the Unix domain socket.');
  }
  return command.target.startsWith('unix:') ? command : { ...command, target: `unix:${command.target}` };
}

/**
 * grpcurl's -expand-headers: each `${NAME}` (letters, digits, `_`) in a header value becomes the
 * environment variable's value, so a token need not be on the command line; a variable that is
 * not set is an error naming it (grpcurl's rule), never an empty header.
 */
export function expandHeaderVariables(
  header: string,
  flag: string,
  env: Readonly<Record<string, string | undefined>>,
): string {
  return header.replace(/\$\{(\w+)\}/g, (_reference, name: string) => {
    const value = env[name];
    if (value === undefined) {
      throw new UsageError(`${flag} '${header}' refers to the environment variable ${name}, which is not set.`);
    }
    return value;
  });
}

function parseNormalized(args: string[]): { values: FlagValues; positionals: string[] } {
  try {
    const parsed = parseArgs({
      args,
      options: parseArgsOptions,
      allowPositionals: true,
      allowNegative: true,
      strict: true,
    });
    return { values: parsed.values as FlagValues, positionals: parsed.positionals };
  } catch (error) {
    // The normalizer has already rejected unknown flags; what is left is parseArgs' own wording.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** grpcurl's forms: `ADDRESS list [SERVICE]`, `ADDRESS describe [SYMBOL]`, `ADDRESS METHOD`, `list|describe` without address. */
function parseGrpcurlForm(positionals: string[], values: FlagValues, warnings: string[]): Command {
  let args = positionals;
  let target: string | undefined;
  if (args[0] !== 'list' && args[0] !== 'describe') {
    target = args[0];
    args = args.slice(1);
  }
  const verb = args[0];
  if (verb === undefined) throw new UsageError('Too few arguments.');
  if (verb === 'list' || verb === 'describe') {
    rejectFlagsOutside(values, verb, verb === 'describe' ? ['describe'] : []);
    if (values.d !== undefined) warnings.push("The -d argument is not used with 'list' or 'describe'.");
    if (values['rpc-header']?.length) warnings.push("The -rpc-header argument is not used with 'list' or 'describe'.");
    const symbol = args[1];
    if (args.length > 2) throw new UsageError('Too many arguments.');
    const options = parseCommonOptions(values, warnings);
    if (target === undefined && options.schema.protoFiles.length === 0 && options.schema.protosets.length === 0) {
      throw new UsageError('No host:port specified, no protoset specified, and no proto sources specified.');
    }
    if (target === undefined && options.schema.useReflection) {
      throw new UsageError('-use-reflection needs a host:port to ask.');
    }
    return verb === 'list'
      ? {
          kind: 'list',
          ...(target === undefined ? {} : { target }),
          ...(symbol === undefined ? {} : { service: symbol }),
          options,
        }
      : {
          kind: 'describe',
          ...(target === undefined ? {} : { target }),
          ...(symbol === undefined ? {} : { symbol }),
          messageTemplate: values['msg-template'] ?? false,
          options,
        };
  }
  if (args.length > 1) throw new UsageError('Too many arguments.');
  if (target === undefined) throw new UsageError('No host:port specified.');
  rejectFlagsOutside(values, 'a call', ['call']);
  return {
    kind: 'invoke',
    target,
    method: verb,
    data: requestData(values.d),
    allowUnknownFields: values['allow-unknown-fields'] ?? false,
    formatError: values['format-error'] ?? false,
    options: parseCommonOptions(values, warnings),
  };
}

function parseHealth(args: string[], values: FlagValues): Command {
  rejectFlagsOutside(values, 'health', ['health']);
  const [target, service, ...extra] = args;
  if (target === undefined)
    throw new UsageError('health needs a host:port: grpc-workbench health [flags] ADDRESS [SERVICE].');
  const options = parseCommonOptions(values, []);
  const watch = values.watch ?? false;
  if (values.all === true) {
    if (watch) throw new UsageError('health: --all and --watch cannot be combined (List is one answer, not a stream).');
    const services = args.slice(1);
    return { kind: 'health', target, watch, all: { services }, options };
  }
  if (extra.length > 0) throw new UsageError('Too many arguments: health checks one SERVICE (or use --all).');
  return { kind: 'health', target, ...(service === undefined ? {} : { service }), watch, options };
}

function parseChannelz(args: string[], values: FlagValues): Command {
  rejectFlagsOutside(values, 'channelz', []);
  const [target, ...extra] = args;
  if (target === undefined)
    throw new UsageError('channelz needs a host:port: grpc-workbench channelz [flags] ADDRESS.');
  if (extra.length > 0) throw new UsageError('Too many arguments.');
  return { kind: 'channelz', target, options: parseCommonOptions(values, []) };
}

function parseBurst(args: string[], values: FlagValues): Command {
  rejectFlagsOutside(values, 'burst', ['burst']);
  const [target, method, ...extra] = args;
  if (target === undefined || method === undefined) {
    throw new UsageError('burst needs an address and a method: grpc-workbench burst [flags] ADDRESS METHOD -n N -c C.');
  }
  if (extra.length > 0) throw new UsageError('Too many arguments.');
  return {
    kind: 'burst',
    target,
    method,
    data: requestData(values.d),
    allowUnknownFields: values['allow-unknown-fields'] ?? false,
    burst: parseBurstFlags(values),
    options: parseCommonOptions(values, []),
  };
}

function parseBurstFlags(values: FlagValues): BurstFlags {
  const connections = values.connections ?? 'shared';
  if (connections !== 'shared' && connections !== 'per-call' && !/^\d+$/.test(connections)) {
    throw new UsageError(`--connections takes shared, per-call or a number of channels, not '${connections}'.`);
  }
  const lb = values.lb;
  if (lb !== undefined && lb !== 'pick_first' && lb !== 'round_robin') {
    throw new UsageError(`--lb takes pick_first or round_robin, not '${lb}'.`);
  }
  const rate = optionalNumber(values.rate, 'rate', { positive: true });
  const forward = values.forward;
  if (forward !== undefined && forward !== 'per-pod' && forward !== 'single') {
    throw new UsageError(`--forward takes per-pod or single, not '${forward}'.`);
  }
  return {
    total: optionalNumber(values.n, 'n', { integer: true, positive: true }) ?? defaultBurstTotal(values.duration),
    concurrency: optionalNumber(values.c, 'c', { integer: true, positive: true }) ?? 10,
    connections:
      connections === 'shared' || connections === 'per-call'
        ? connections
        : positiveInteger(connections, 'connections'),
    ...(lb === undefined ? {} : { lbPolicy: lb }),
    ...(values['backend-key'] === undefined ? {} : { backendKey: values['backend-key'] }),
    knownBackends: parseBackendList((values.backends ?? []).join(',')),
    ...(rate === undefined ? {} : { ratePerSecond: rate }),
    ...(forward === undefined ? {} : { forwardMode: forward }),
    ...(values.duration === undefined ? {} : { duration: values.duration }),
  };
}

/** 100 calls; --duration alone runs for that long (up to the contract's maximum), so -n must not cap it. */
function defaultBurstTotal(duration: string | undefined): number {
  return duration === undefined ? 100 : MAX_BURST_CALLS;
}

function parseCommonOptions(values: FlagValues, warnings: string[]): CommonOptions {
  const plaintext = values.plaintext ?? false;
  const insecure = values.insecure ?? false;
  if (insecure && plaintext) throw new UsageError('The -insecure argument can only be used with TLS.');
  if (values.cert !== undefined && plaintext) throw new UsageError('The -cert argument can only be used with TLS.');
  if (values.key !== undefined && plaintext) throw new UsageError('The -key argument can only be used with TLS.');
  if ((values.cert === undefined) !== (values.key === undefined)) {
    throw new UsageError('The -cert and -key arguments must be used together and both be present.');
  }
  if (
    !plaintext &&
    values.servername !== undefined &&
    values.authority !== undefined &&
    values.servername !== values.authority
  ) {
    throw new UsageError('Cannot specify different values for -servername and -authority.');
  }
  if (values.format !== undefined && values.format !== 'json') {
    throw new UsageError(
      `The -format option must be 'json' (protobuf text format is not supported), not '${values.format}'.`,
    );
  }
  const output = values.output ?? 'text';
  if (output !== 'text' && output !== 'json') throw new UsageError(`--output takes text or json, not '${output}'.`);

  const protoFiles = values.proto ?? [];
  const protosets = values.protoset ?? [];
  const importPaths = values['import-path'] ?? [];
  if (protoFiles.length > 0 && protosets.length > 0)
    throw new UsageError('Use either -protoset files or -proto files, but not both.');
  if (importPaths.length > 0 && protoFiles.length === 0)
    warnings.push('The -import-path argument is not used unless -proto files are used.');
  const useReflection = values['use-reflection'] ?? (protoFiles.length === 0 && protosets.length === 0);
  if (!useReflection && protoFiles.length === 0 && protosets.length === 0) {
    throw new UsageError('No protoset files or proto files specified and -use-reflection set to false.');
  }

  const expanded = (headers: string[] | undefined, flag: string): string[] =>
    values['expand-headers'] === true
      ? (headers ?? []).map((header) => expandHeaderVariables(header, flag, process.env))
      : (headers ?? []);
  const connectTimeoutSec = optionalNumber(values['connect-timeout'], 'connect-timeout', {});
  const keepaliveTimeSec = optionalNumber(values['keepalive-time'], 'keepalive-time', {});
  const maxMsgSz = optionalNumber(values['max-msg-sz'], 'max-msg-sz', { integer: true });
  const maxTimeSec = optionalNumber(values['max-time'], 'max-time', {});
  return {
    connection: {
      plaintext,
      insecure,
      ...definedEntries({
        cacert: values.cacert,
        cert: values.cert,
        key: values.key,
        authority: values.authority,
        servername: values.servername,
        userAgent: values['user-agent'],
        // grpcurl treats 0 as "not set" for all of these.
        connectTimeoutSec: connectTimeoutSec || undefined,
        keepaliveTimeSec: keepaliveTimeSec || undefined,
        maxMsgSz: maxMsgSz || undefined,
      }),
    },
    headers: {
      both: expanded(values.H, '-H'),
      rpc: expanded(values['rpc-header'], '-rpc-header'),
      reflect: expanded(values['reflect-header'], '-reflect-header'),
    },
    schema: {
      protoFiles,
      importPaths,
      protosets,
      useReflection,
      ...definedEntries({ protosetOut: values['protoset-out'] }),
    },
    ...definedEntries({ maxTimeSec: maxTimeSec || undefined }),
    verbosity: values.vv ? 2 : values.v ? 1 : 0,
    output,
    emitDefaults: values['emit-defaults'] ?? false,
  };
}

function requestData(d: string | undefined): RequestData {
  if (d === undefined) return { source: 'none' };
  if (d === '@') return { source: 'stdin' };
  return { source: 'inline', text: d };
}

/** Flags that only make sense for other commands are a usage error, naming the flag and where it belongs. */
function rejectFlagsOutside(values: FlagValues, where: string, allowed: readonly FlagCommand[]): void {
  for (const name of Object.keys(values) as FlagName[]) {
    const only: readonly FlagCommand[] | undefined = (flagSpecs[name] as FlagSpec).only;
    if (only !== undefined && !only.some((command) => allowed.includes(command))) {
      throw new UsageError(`The -${name} flag is not used with ${where} (it belongs to: ${only.join(', ')}).`);
    }
  }
}

function optionalNumber(
  text: string | undefined,
  flag: string,
  rules: { integer?: boolean; positive?: boolean },
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  const kind = rules.integer ? 'an integer' : 'a number';
  if (text.trim() === '' || !Number.isFinite(value) || (rules.integer && !Number.isInteger(value))) {
    throw new UsageError(`The -${flag} argument must be ${kind}, not '${text}'.`);
  }
  if (value < 0) throw new UsageError(`The -${flag} argument must not be negative.`);
  if (rules.positive && value === 0) throw new UsageError(`The -${flag} argument must be greater than zero.`);
  return value;
}

function positiveInteger(text: string, flag: string): number {
  return optionalNumber(text, flag, { integer: true, positive: true }) as number;
}

/** Drops undefined values so optional properties are absent rather than present-but-undefined. */
function definedEntries<T extends Record<string, unknown>>(record: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
