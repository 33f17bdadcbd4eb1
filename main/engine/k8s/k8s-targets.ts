import type { BurstRequestParsed, ConnectionOptions } from '../../../shared/api';
import { isK8sTarget } from '../../../shared/k8s/target';
import type { ForwardedBurst } from '../burst/run-burst';
import type { Forward } from './forward';
import type { ForwardManager } from './forward-manager';

/**
 * The engine's one step from a `k8s://[CONTEXT/]NAMESPACE/SERVICE:PORT` target to something grpc-js
 * can dial: every operation that takes a connection goes through it (calls, health, channelz,
 * reflection, bursts; a collection runner calls it too), so no front end resolves k8s:// itself.
 */
export class K8sTargets {
  constructor(private readonly forwards: ForwardManager) {}

  /** The connection unchanged, or — for a k8s:// target — aimed at its single forward's local address. */
  async connection<T extends ConnectionOptions>(connection: T): Promise<T> {
    if (!isK8sTarget(connection.target)) return connection;
    const { address } = await this.forwards.resolveK8sTarget(connection.target);
    return { ...connection, target: address };
  }

  /** Params with a `connection` field resolved as {@link connection}. */
  async params<T extends { connection: ConnectionOptions }>(params: T): Promise<T> {
    return isK8sTarget(params.connection.target)
      ? { ...params, connection: await this.connection(params.connection) }
      : params;
  }

  /**
   * A burst's request and its forwards. A k8s:// target fans out per pod (one local port per Ready
   * pod, round_robin over them, backends named by pod, the Service's endpoints as known backends)
   * unless it asks for a single forward; a single forward — asked for, or the local address of a
   * forward that is open — is named so the verdict can say that the forward pins the burst.
   */
  async burst(
    request: BurstRequestParsed,
  ): Promise<{ request: BurstRequestParsed; forward?: ForwardedBurst & { release(): Promise<void> } }> {
    const { target } = request.connection;
    if (isK8sTarget(target) && request.forwardMode !== 'single') {
      const perPod = await this.forwards.resolveK8sTargetPerPod(target);
      const pods = new Map(perPod.backends.map((backend) => [backend.address, backend.pod]));
      return {
        request: {
          ...request,
          lbPolicy: 'round_robin',
          connection: { ...request.connection, target: perPod.grpcTarget },
        },
        forward: {
          setup: { mode: 'per-pod', k8sTarget: target },
          namePeer: (peer) => pods.get(peer) ?? peer,
          knownBackends: perPod.knownBackends,
          release: () => perPod.forward.close(),
        },
      };
    }
    const resolved = isK8sTarget(target)
      ? await this.forwards.resolveK8sTarget(target)
      : this.openSingleForwardAt(target);
    if (resolved === undefined) return { request };
    const { address, forward } = resolved;
    const podNow = () => forward.ports()[0]?.pod?.name;
    const k8sTarget = isK8sTarget(target) ? target : forward.k8sTarget();
    return {
      request: { ...request, connection: { ...request.connection, target: address } },
      forward: {
        setup: {
          mode: 'single',
          ...(podNow() === undefined ? {} : { pod: podNow() as string }),
          ...(k8sTarget === undefined ? {} : { k8sTarget }),
        },
        // The forward may move to another pod during the burst: name each call by the pod it is on now.
        namePeer: (peer) => (peer === address ? (podNow() ?? peer) : peer),
        knownBackends: [],
        // A reused k8s:// forward, or the user's own: it stays open after the burst.
        release: async () => undefined,
      },
    };
  }

  /** A single forward of this process listening on `127.0.0.1:PORT`, if the target is one. */
  private openSingleForwardAt(target: string): { address: string; forward: Forward } | undefined {
    const address = target.replace(/^ipv4:(\/\/\/)?/, '').replace(/^localhost:/, '127.0.0.1:');
    for (const snapshot of this.forwards.list()) {
      if (snapshot.mode !== 'single' || snapshot.ports[0]?.localAddress !== address) continue;
      const forward = this.forwards.get(snapshot.id);
      if (forward) return { address, forward };
    }
    return undefined;
  }
}
