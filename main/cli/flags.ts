/**
 * The one table of command-line flags: their names (grpcurl's spelling), types, and help text.
 * The normalizer, util.parseArgs' option table and the usage text are all derived from it, so a
 * flag cannot be known to one and missing from another.
 */

export type FlagCommand = 'call' | 'health' | 'burst' | 'describe';

export interface FlagSpec {
  type: 'string' | 'boolean';
  /** Repeatable (grpcurl's multiString flags). */
  multiple?: true;
  /** Placeholder for the value in the usage text. */
  valueName?: string;
  help: string;
  /** Commands that accept the flag; absent = every command. */
  only?: readonly FlagCommand[];
}

export const flagSpecs = {
  help: { type: 'boolean', help: 'Print usage instructions and exit.' },
  version: { type: 'boolean', help: 'Print the version and exit.' },

  plaintext: { type: 'boolean', help: 'Use plain-text HTTP/2 (no TLS).' },
  unix: { type: 'boolean', help: 'ADDRESS is the path of a Unix domain socket (the same as unix:PATH).' },
  insecure: {
    type: 'boolean',
    help: 'Skip server certificate and name verification (NOT SECURE). Not valid with -plaintext.',
  },
  cacert: {
    type: 'string',
    valueName: 'FILE',
    help: 'PEM file of trusted root certificates for verifying the server.',
  },
  cert: { type: 'string', valueName: 'FILE', help: 'PEM client certificate for mTLS. Needs -key.' },
  key: { type: 'string', valueName: 'FILE', help: 'PEM client private key for mTLS. Needs -cert.' },
  authority: {
    type: 'string',
    valueName: 'NAME',
    help: 'Value of the :authority pseudo-header; with TLS also the name the certificate must match.',
  },
  servername: {
    type: 'string',
    valueName: 'NAME',
    help: 'Override the server name the TLS certificate must match (prefer -authority).',
  },
  'user-agent': { type: 'string', valueName: 'TEXT', help: 'Prepended to the User-Agent header.' },
  'connect-timeout': {
    type: 'string',
    valueName: 'SECONDS',
    help: 'Maximum time to wait for the connection (default 10).',
  },
  'keepalive-time': { type: 'string', valueName: 'SECONDS', help: 'Idle time after which a keepalive ping is sent.' },
  'max-time': {
    type: 'string',
    valueName: 'SECONDS',
    help: 'Maximum total time of the operation; sent to the server as the deadline.',
  },
  'max-msg-sz': { type: 'string', valueName: 'BYTES', help: 'Maximum size of a response message (default 64 MiB).' },

  H: {
    type: 'string',
    multiple: true,
    valueName: "'name: value'",
    help: 'Header for the RPC and for reflection requests. Repeatable. `-bin` keys take base64 values.',
  },
  'expand-headers': {
    type: 'boolean',
    help: "Expand '${NAME}' in -H, -rpc-header and -reflect-header values to environment variables (a missing one is an error).",
  },
  'rpc-header': {
    type: 'string',
    multiple: true,
    valueName: "'name: value'",
    help: 'Header for the RPC only. Repeatable.',
  },
  'reflect-header': {
    type: 'string',
    multiple: true,
    valueName: "'name: value'",
    help: 'Header for reflection requests only. Repeatable.',
  },

  d: {
    type: 'string',
    valueName: 'JSON|@',
    help: "Request data. '@' reads messages from stdin (concatenated JSON or NDJSON, each sent as it is read).",
  },
  format: { type: 'string', valueName: 'json', help: "Format of request and response data. Only 'json' is supported." },
  'allow-unknown-fields': { type: 'boolean', help: 'Ignore unknown fields in request JSON.', only: ['call', 'burst'] },
  'msg-template': {
    type: 'boolean',
    help: 'describe: after a message, print a JSON template of it (every field, with a value of its type).',
    only: ['describe'],
  },
  'emit-defaults': { type: 'boolean', help: 'Print fields with default values in response JSON.' },
  'format-error': {
    type: 'boolean',
    help: 'Print a non-OK status as JSON (google.rpc.Status) instead of text.',
    only: ['call'],
  },
  v: { type: 'boolean', help: 'Verbose: also print the method, request metadata, response headers and trailers.' },
  vv: { type: 'boolean', help: 'Very verbose: -v plus the size of every response message.' },
  output: {
    type: 'string',
    valueName: 'text|json',
    help: 'json: ONE JSON document for the whole call (burst, health check, channelz; list and describe: an array).',
  },

  'import-path': {
    type: 'string',
    multiple: true,
    valueName: 'DIR',
    help: 'Directory to resolve .proto imports from, in order (like protoc -I). Repeatable.',
  },
  proto: {
    type: 'string',
    multiple: true,
    valueName: 'FILE|DIR|GLOB',
    help: '.proto sources to use instead of reflection. Repeatable.',
  },
  protoset: {
    type: 'string',
    multiple: true,
    valueName: 'FILE',
    help: 'FileDescriptorSet file to use instead of reflection. Repeatable.',
  },
  'protoset-out': {
    type: 'string',
    valueName: 'FILE',
    help: 'Write the part of the schema the command used as a FileDescriptorSet.',
  },
  'use-reflection': {
    type: 'boolean',
    help: 'Use server reflection (default true unless -proto or -protoset is given).',
  },

  watch: {
    type: 'boolean',
    help: 'health: stream status changes (grpc.health.v1 Watch) until interrupted.',
    only: ['health'],
  },
  all: {
    type: 'boolean',
    help: 'health: every service at once (grpc.health.v1 List); without List, Check of the whole server and each SERVICE given.',
    only: ['health'],
  },

  n: { type: 'string', valueName: 'N', help: 'burst: number of calls (default 100).', only: ['burst'] },
  c: { type: 'string', valueName: 'C', help: 'burst: concurrency (default 10).', only: ['burst'] },
  connections: {
    type: 'string',
    valueName: 'shared|per-call|K',
    help: 'burst: one shared channel (default), a new channel per call, or K channels.',
    only: ['burst'],
  },
  lb: {
    type: 'string',
    valueName: 'pick_first|round_robin',
    help: 'burst: load-balancing policy (default pick_first).',
    only: ['burst'],
  },
  'backend-key': {
    type: 'string',
    valueName: 'NAME',
    help: 'burst: response header/trailer naming the backend (default: peer address).',
    only: ['burst'],
  },
  backends: {
    type: 'string',
    multiple: true,
    valueName: 'ID,ID',
    help: 'burst: backends you expect, so zero-hit ones show as zero.',
    only: ['burst'],
  },
  rate: { type: 'string', valueName: 'R', help: 'burst: at most R calls per second.', only: ['burst'] },
  forward: {
    type: 'string',
    valueName: 'per-pod|single',
    help: 'burst: how a k8s:// target is reached: one port-forward per Ready pod (default), or one forward (pinned to a pod).',
    only: ['burst'],
  },
  duration: { type: 'string', valueName: 'D', help: 'burst: stop after this long (e.g. 10s, 1m).', only: ['burst'] },
} as const satisfies Record<string, FlagSpec>;

export type FlagName = keyof typeof flagSpecs;

/** Spellings Go's flag package also accepts, mapped to the canonical name. */
export const flagAliases: Readonly<Record<string, FlagName>> = { h: 'help' };

export function isFlagName(name: string): name is FlagName {
  return Object.prototype.hasOwnProperty.call(flagSpecs, name);
}

export function flagSpec(name: FlagName): FlagSpec {
  return flagSpecs[name];
}
