// The engine's one door to @kubernetes/client-node: the Node 20 shim must run before it loads.
import './node20-compat';

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
