/** Port-forwarded cluster debugging: forwards that follow their pods, k8s:// targets, the Service check. */
export { ForwardManager } from './forward-manager';
export type {
  ForwardManagerEvents,
  ForwardOptions,
  ResolvedK8sPerPodTarget,
  ResolvedK8sTarget,
} from './forward-manager';
export { BACKOFF_CAP_MS, Forward } from './forward';
export type {
  ForwardEvents,
  ForwardMode,
  ForwardPort,
  ForwardSnapshot,
  ForwardStateChange,
  ForwardStateName,
} from './forward';
export { checkServiceInCluster } from './check-service';
export { loadKubeClient } from './kube-client';
export type { KubeClient, KubeSelection } from './kube-client';
export { describeTarget } from './resolve-target';
export type { ForwardTargetSpec } from './resolve-target';
export type { ProbeResult } from './probe';
export { savedForwardOperations } from './saved-forwards';
export type { SavedForwardSpec, SavedForwardStore } from './saved-forwards';
