import { isIP } from 'node:net';
import { startBackend } from './backend';
import type { Backend } from './backend';
import type { BackendBehavior } from './backend-interceptor';
import { startL4Proxy } from './l4-proxy';
import type { L4Proxy } from './l4-proxy';
import type { ReflectionMode } from './reflection';
import type { LabTlsOptions } from './tls';

/**
 * The demo lab: N backends on distinct loopback addresses (the "pods") behind an L4 proxy (the
 * "ClusterIP Service"). Call `target` and all requests of a channel pin to one backend; call
 * `directTargets` with round_robin (the "headless Service") and they spread.
 */

export interface LabOptions {
  /** How many backends to start (named backend-1, backend-2, …). Default 3. */
  backends?: number;
  /** IP literals of one family, used in turn by the backends. Default 127.0.0.1, .2 and .3. */
  hosts?: readonly string[];
  /** Backend i (from 0) listens on basePort + i; free ports when absent. */
  basePort?: number;
  /** Start the L4 proxy in front (default true). */
  proxy?: boolean;
  proxyHost?: string;
  /** 0 (the default) picks a free port. */
  proxyPort?: number;
  reflection?: ReflectionMode;
  tls?: LabTlsOptions;
  /** Initial behaviour per backend name, e.g. { 'backend-2': { failure: { code: 14 } } }. */
  behaviors?: Readonly<Record<string, Partial<BackendBehavior>>>;
}

export interface Lab {
  /** Live list: grows with addBackend(). */
  readonly backends: readonly Backend[];
  readonly proxy: L4Proxy | null;
  /** The proxy's address (the "ClusterIP Service"), or directTargets when there is no proxy. */
  readonly target: string;
  /** Every backend as one grpc-js target, e.g. `ipv4:127.0.0.1:50061,127.0.0.2:50062`, for round_robin. */
  readonly directTargets: string;
  /** Starts one more backend and adds it to the proxy: only connections made from now on reach it. */
  addBackend(behavior?: Partial<BackendBehavior>): Promise<Backend>;
  close(): Promise<void>;
}

export const DEFAULT_LAB_HOSTS = ['127.0.0.1', '127.0.0.2', '127.0.0.3'] as const;

export async function startLab(options: LabOptions = {}): Promise<Lab> {
  const {
    backends: count = 3,
    hosts = DEFAULT_LAB_HOSTS,
    basePort,
    proxy: withProxy = true,
    reflection,
    tls,
    behaviors = {},
  } = options;
  const family = addressFamily(hosts);
  const names = Array.from({ length: count }, (_, i) => backendName(i));
  const unknown = Object.keys(behaviors).filter((name) => !names.includes(name));
  if (unknown.length > 0)
    throw new Error(`no backend named ${unknown.join(', ')}; the lab's backends are ${names.join(', ')}`);

  const backends: Backend[] = [];
  let proxy: L4Proxy | null = null;
  const launch = (index: number, behavior?: Partial<BackendBehavior>) =>
    startBackend({
      name: backendName(index),
      host: hosts[index % hosts.length],
      port: basePort === undefined ? 0 : basePort + index,
      reflection,
      tls,
      behavior,
    });
  const closeAll = async () => {
    await proxy?.close();
    await Promise.all(backends.map((backend) => backend.close()));
  };

  const started = await Promise.allSettled(names.map((name, index) => launch(index, behaviors[name])));
  for (const result of started) if (result.status === 'fulfilled') backends.push(result.value);
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await closeAll();
    throw failed.reason;
  }
  if (withProxy) {
    try {
      proxy = await startL4Proxy({
        host: options.proxyHost,
        port: options.proxyPort,
        upstreams: backends.map((b) => b.address),
      });
    } catch (error) {
      await closeAll();
      throw error;
    }
  }

  const directTargets = () => `${family}:${backends.map((b) => b.address).join(',')}`;
  return {
    backends,
    proxy,
    get target() {
      return proxy?.address ?? directTargets();
    },
    get directTargets() {
      return directTargets();
    },
    async addBackend(behavior) {
      const backend = await launch(backends.length, behavior);
      backends.push(backend);
      proxy?.setUpstreams(backends.map((b) => b.address));
      return backend;
    },
    close: closeAll,
  };
}

function backendName(index: number): string {
  return `backend-${index + 1}`;
}

/** grpc-js's `ipv4:`/`ipv6:` targets need IP literals of one family. */
function addressFamily(hosts: readonly string[]): 'ipv4' | 'ipv6' {
  const families = new Set(hosts.map((host) => isIP(host)));
  if (hosts.length === 0 || families.has(0) || families.size > 1) {
    throw new Error(
      `lab hosts must be IP addresses of one family (e.g. 127.0.0.1,127.0.0.2); got ${hosts.join(',') || 'none'}`,
    );
  }
  return families.has(6) ? 'ipv6' : 'ipv4';
}
