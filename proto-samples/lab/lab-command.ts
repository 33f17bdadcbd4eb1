import { parseArgs } from 'node:util';
import { parseStatusCode, statusName } from '../../shared/status-codes';
import type { BackendBehavior } from './backend-interceptor';
import { DEFAULT_LAB_HOSTS } from './lab';
import type { Lab, LabOptions } from './lab';
import type { ReflectionMode } from './reflection';
import { labCertificates } from './tls';

/** The `lab` command's arguments and what it prints; main.ts wires them to the process. */

export const DEFAULT_PROXY_PORT = 50051;
/** Backend i listens on the proxy port + 10 + i: 50061, 50062, … by default. */
export const BACKEND_PORT_OFFSET = 10;

export const labUsage = `Usage: node dist/lab.js [options]

Starts the gRPC Workbench demo lab: N backends serving user.v1.UserService (with reflection,
health and channelz) on distinct loopback addresses, behind an L4 proxy that balances per
connection like a Kubernetes ClusterIP Service.

Options:
  --backends N             backends to start (default 3)
  --port P                 proxy port (default ${DEFAULT_PROXY_PORT}); backends use P+${BACKEND_PORT_OFFSET}, P+${BACKEND_PORT_OFFSET + 1}, …; 0 = free ports
  --host H                 proxy address (default 127.0.0.1)
  --backend-hosts A,B,…    backend addresses, used in turn (default ${DEFAULT_LAB_HOSTS.join(',')})
  --fail NAME=CODE         backend NAME fails every call with CODE (name or number), repeatable
  --slow NAME=MS           backend NAME waits MS milliseconds before each call, repeatable
  --not-serving NAME       backend NAME reports NOT_SERVING to health checks, repeatable
  --reflection MODE        v1+v1alpha (default), v1alpha-only or none
  --tls                    serve TLS with the lab certificates (proto-samples/certs)
  --mtls                   serve TLS and require a client certificate
  --cluster                start the lab cluster instead: a Kubernetes API server stand-in (HTTPS)
                           whose pods are three backends; prints KUBECONFIG=<path> for kubectl
                           and the workbench (with --cluster: --port is the API server's, default
                           a free one, and --kubeconfig FILE says where to write the kubeconfig)
  --help                   show this help`;

export class LabUsageError extends Error {}

/** What `--cluster` starts (proto-samples/cluster). */
export interface LabClusterCommand {
  apiPort: number;
  kubeconfigPath?: string;
}

export type LabCommand =
  { help: true } | { help: false; lab: LabOptions } | { help: false; cluster: LabClusterCommand };

export function parseLabArgs(argv: readonly string[]): LabCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        backends: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'backend-hosts': { type: 'string' },
        fail: { type: 'string', multiple: true },
        slow: { type: 'string', multiple: true },
        'not-serving': { type: 'string', multiple: true },
        reflection: { type: 'string' },
        tls: { type: 'boolean' },
        mtls: { type: 'boolean' },
        cluster: { type: 'boolean' },
        kubeconfig: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new LabUsageError((error as Error).message);
  }
  if (values.help) return { help: true };
  if (values.cluster) {
    const notForCluster = Object.keys(values).filter((key) => !['cluster', 'port', 'kubeconfig'].includes(key));
    if (notForCluster.length > 0)
      throw new LabUsageError(
        `--cluster starts the lab cluster only; ${notForCluster.map((key) => `--${key}`).join(', ')} does not apply to it`,
      );
    return {
      help: false,
      cluster: {
        apiPort: integerOption('--port', values.port ?? '0', 0, 65535),
        ...(values.kubeconfig === undefined ? {} : { kubeconfigPath: values.kubeconfig }),
      },
    };
  }
  if (values.kubeconfig !== undefined) throw new LabUsageError('--kubeconfig goes with --cluster');

  const backends = integerOption('--backends', values.backends ?? '3', 1, 254);
  const proxyPort = integerOption(
    '--port',
    values.port ?? String(DEFAULT_PROXY_PORT),
    0,
    65535 - BACKEND_PORT_OFFSET - backends,
  );
  const behaviors: Record<string, Partial<BackendBehavior>> = {};
  const change = (name: string, patch: Partial<BackendBehavior>) =>
    (behaviors[name] = { ...behaviors[name], ...patch });
  for (const spec of values.fail ?? []) {
    const [name, codeText] = assignment('--fail', spec, 'backend-2=UNAVAILABLE');
    const code = parseStatusCode(codeText);
    if (code === undefined || code === 0)
      throw new LabUsageError(
        `--fail ${spec}: "${codeText}" is not a failing status code; use a name like UNAVAILABLE or a number 1-16`,
      );
    change(name, { failure: { code } });
  }
  for (const spec of values.slow ?? []) {
    const [name, ms] = assignment('--slow', spec, 'backend-1=300');
    change(name, { delayMs: integerOption(`--slow ${name}`, ms, 0, 3_600_000) });
  }
  for (const name of values['not-serving'] ?? []) change(name, { notServing: true });

  const tls = values.mtls ? { mtls: true } : values.tls ? {} : undefined;
  return {
    help: false,
    lab: {
      backends,
      hosts: values['backend-hosts']?.split(',').map((host) => host.trim()) ?? DEFAULT_LAB_HOSTS,
      proxyHost: values.host ?? '127.0.0.1',
      proxyPort,
      basePort: proxyPort === 0 ? undefined : proxyPort + BACKEND_PORT_OFFSET,
      reflection: reflectionOption(values.reflection),
      tls,
      behaviors,
    },
  };
}

function integerOption(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max)
    throw new LabUsageError(`${flag} wants a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}

function assignment(flag: string, spec: string, example: string): [string, string] {
  const match = /^([^=]+)=(.+)$/.exec(spec);
  if (!match?.[1] || !match[2])
    throw new LabUsageError(`${flag} wants NAME=VALUE, e.g. ${flag} ${example}; got "${spec}"`);
  return [match[1], match[2]];
}

function reflectionOption(text: string | undefined): ReflectionMode | undefined {
  if (text === undefined || text === 'v1+v1alpha' || text === 'v1alpha-only' || text === 'none') return text;
  throw new LabUsageError(`--reflection wants v1+v1alpha, v1alpha-only or none; got "${text}"`);
}

/** What runs where, and CLI calls to try against it. */
export function describeLab(lab: Lab, options: LabOptions): string {
  const connection = connectionFlags(options);
  const target = lab.target;
  const backendLines = lab.backends.map(
    (backend) => `  ${backend.name.padEnd(12)} ${backend.address.padEnd(22)} ${describeBehavior(backend.behavior)}`,
  );
  const reflection = options.reflection ?? 'v1+v1alpha';
  return [
    'gRPC Workbench demo lab',
    '',
    lab.proxy
      ? `  L4 proxy     ${lab.proxy.address.padEnd(22)} the "ClusterIP Service": picks a backend once per connection`
      : '  (no proxy)',
    ...backendLines,
    '',
    `  Every backend serves user.v1.UserService, grpc.health.v1.Health, channelz and reflection (${reflection}),`,
    `  and names itself in the x-backend header and trailer.${options.tls ? ` TLS${options.tls.mtls ? ' with client certificates' : ''}.` : ''}`,
    '',
    'Try:',
    `  grpc-workbench ${connection} ${target} list`,
    `  grpc-workbench ${connection} ${target} describe user.v1.UserService`,
    `  grpc-workbench ${connection} -d '{"id":"u1"}' ${target} user.v1.UserService/GetUser`,
    `  grpc-workbench ${connection} -v -H 'x-trace-id: 42' -d '{"id":"nobody"}' ${target} user.v1.UserService/GetUser`,
    `  grpc-workbench ${connection} -d '{"count":5,"interval":"0.2s"}' ${target} user.v1.UserService/ListUsers`,
    `  grpc-workbench health ${connection} ${target}`,
    '',
    'See the load balancing (all calls on one connection land on one backend; per-call connections spread):',
    `  grpc-workbench burst ${connection} -d '{"id":"u1"}' -n 300 -c 10 --backend-key x-backend ${target} user.v1.UserService/GetUser`,
    `  grpc-workbench burst ${connection} -d '{"id":"u1"}' -n 300 -c 10 --connections per-call --backend-key x-backend ${target} user.v1.UserService/GetUser`,
    `  grpc-workbench burst ${connection} -d '{"id":"u1"}' -n 300 -c 10 --lb round_robin ${lab.directTargets} user.v1.UserService/GetUser`,
    '',
    'Press Ctrl+C to stop.',
  ].join('\n');
}

function connectionFlags(options: LabOptions): string {
  if (!options.tls) return '-plaintext';
  const certs = labCertificates();
  const clientCert = options.tls.mtls ? ` -cert ${certs.clientCert} -key ${certs.clientKey}` : '';
  return `-cacert ${certs.ca}${clientCert}`;
}

function describeBehavior(behavior: BackendBehavior): string {
  const traits = [
    behavior.failure ? `failing with ${statusName(behavior.failure.code)}` : '',
    behavior.delayMs > 0 ? `slow (+${behavior.delayMs} ms)` : '',
    behavior.notServing ? 'health: NOT_SERVING' : '',
  ].filter(Boolean);
  return traits.length > 0 ? traits.join(', ') : 'healthy';
}
