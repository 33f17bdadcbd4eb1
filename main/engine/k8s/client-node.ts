// The engine's one door to @kubernetes/client-node (package.json overrides its undici 8, which needs Node 22,
// with undici 7, which runs on Node 20 and 22 alike). Loaded on first use: importing it takes about ten
// times as long as importing grpc-js, and a call, `list` or `-version` need none of it.

import type * as ClientNodeModule from '@kubernetes/client-node';

type ClientNode = typeof ClientNodeModule;

let loaded: ClientNode | undefined;

/** The module, imported the first time (every KubeClient is made through this). */
export async function loadClientNode(): Promise<ClientNode> {
  loaded ??= await import('@kubernetes/client-node');
  return loaded;
}

/** The module once loaded; undefined before (so nothing can be one of its objects yet). */
export function loadedClientNode(): ClientNode | undefined {
  return loaded;
}

/** The module, for code that holds a KubeClient (which cannot exist before it is loaded). */
export function clientNode(): ClientNode {
  if (loaded === undefined) throw new Error('@kubernetes/client-node is used before loadClientNode()');
  return loaded;
}

export type {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  DiscoveryV1Api,
  KubeConfig,
  KubernetesObject,
  ListWatch,
  PortForward,
  V1EndpointSlice,
  V1Pod,
  V1Service,
  Watch,
} from '@kubernetes/client-node';
