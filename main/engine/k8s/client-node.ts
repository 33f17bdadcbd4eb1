// The engine's one door to @kubernetes/client-node (package.json overrides its undici 8, which needs Node 22,
// with undici 7, which runs on Node 20 and 22 alike).

export {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  DiscoveryV1Api,
  KubeConfig,
  ListWatch,
  PortForward,
  Watch,
} from '@kubernetes/client-node';
export type { KubernetesObject, V1EndpointSlice, V1Pod, V1Service } from '@kubernetes/client-node';
