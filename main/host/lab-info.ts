/**
 * What a host tells the UI about the demo lab it started: `proxyTarget` is the L4 proxy (the
 * "ClusterIP Service", where calls pin to one backend), `target` reaches the backends directly
 * (every backend in one grpc-js target, what a headless Service gives round_robin).
 */
import type { HostInfo } from '../../shared/api';

export interface RunningLab {
  readonly target: string;
  readonly directTargets: string;
  readonly backends: readonly { readonly name: string; readonly address: string }[];
}

export function labHostInfo(lab: RunningLab): NonNullable<HostInfo['lab']> {
  return {
    target: lab.directTargets,
    proxyTarget: lab.target,
    backends: lab.backends.map(({ name, address }) => ({ name, address })),
  };
}
