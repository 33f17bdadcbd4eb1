import { EventEmitter } from 'node:events';
import { WorkbenchError } from '../../../shared/api/errors';
import { parseK8sTarget } from '../../../shared/k8s/target';
import { duplicateId } from '../ids';
import { Forward } from './forward';
import type { ForwardMode, ForwardPort, ForwardSnapshot, ForwardStateChange } from './forward';
import { loadKubeClient } from './kube-client';
import type { KubeSelection } from './kube-client';
import { resolveTarget } from './resolve-target';
import type { ForwardTargetSpec } from './resolve-target';

/**
 * Every forward of a process (the app, `serve`, or one CLI run): opens them, reuses a single forward
 * for the same `k8s://` target, and relays their events with the forward's id.
 */

export interface ForwardOptions extends KubeSelection {
  /** The client's id for it; absent = `fwd-N`. */
  id?: string;
  target: ForwardTargetSpec;
  /** A Service target: the Service port (name or number); otherwise a container port (name or number). */
  remotePort: string | number;
  /** single mode's local port on 127.0.0.1; 0 or absent = a free port. */
  localPort?: number;
  /** Default single. */
  mode?: ForwardMode;
  /** Per probe through the tunnel; default 3 s. */
  probeTimeoutMs?: number;
}

export interface ForwardManagerEvents {
  opened: [ForwardSnapshot];
  state: [string, ForwardStateChange];
  ports: [string, ForwardPort[]];
  closed: [string];
}

/** A `k8s://` target dialled through a single forward. */
export interface ResolvedK8sTarget {
  /** `127.0.0.1:PORT`, a plain gRPC target. */
  address: string;
  forward: Forward;
}

/** A `k8s://` target fanned out per pod, for a burst with round_robin. */
export interface ResolvedK8sPerPodTarget {
  /** `ipv4:127.0.0.1:A,127.0.0.1:B,…`, one address per Ready pod. */
  grpcTarget: string;
  /** Which local address reaches which pod: the burst names backends by pod. */
  backends: { address: string; pod: string }[];
  /** Every pod the Service's EndpointSlices list (Ready or not), so a pod that got nothing shows as zero. */
  knownBackends: string[];
  forward: Forward;
}

export class ForwardManager extends EventEmitter<ForwardManagerEvents> {
  private readonly forwards = new Map<string, Forward>();
  private readonly reusable = new Map<string, Promise<Forward>>();
  private nextId = 1;

  async open(options: ForwardOptions): Promise<Forward> {
    const client = await loadKubeClient(options);
    const mode = options.mode ?? 'single';
    if (mode === 'per-pod' && options.localPort)
      throw new WorkbenchError(
        'bad_input',
        'a per-pod forward picks one free local port per pod; it takes no local port',
        {
          setting: 'localPort',
        },
      );
    if (options.id !== undefined && this.forwards.has(options.id)) throw duplicateId('forward', options.id);
    const resolved = await resolveTarget(client, options.target, options.remotePort);
    const id = options.id ?? `fwd-${this.nextId++}`;
    if (this.forwards.has(id)) throw duplicateId('forward', id);
    const forward = new Forward(client, resolved, {
      id,
      mode,
      target: options.target,
      remotePort: options.remotePort,
      localPort: options.localPort ?? 0,
      probeTimeoutMs: options.probeTimeoutMs ?? 3_000,
    });
    forward.on('state', (change) => this.emit('state', id, change));
    forward.on('ports', (ports) => this.emit('ports', id, ports));
    forward.once('closed', () => {
      this.forwards.delete(id);
      this.emit('closed', id);
    });
    this.forwards.set(id, forward);
    await forward.start();
    this.emit('opened', forward.snapshot());
    return forward;
  }

  list(): ForwardSnapshot[] {
    return [...this.forwards.values()].map((forward) => forward.snapshot());
  }

  get(id: string): Forward | undefined {
    return this.forwards.get(id);
  }

  async close(id: string): Promise<void> {
    const forward = this.forwards.get(id);
    if (!forward) throw new WorkbenchError('not_found', `no forward ${id}`, { subject: id });
    await forward.close();
  }

  async closeAll(): Promise<void> {
    this.reusable.clear();
    await Promise.all([...this.forwards.values()].map((forward) => forward.close()));
  }

  /** Opens (or reuses) a single forward for `k8s://[CONTEXT/]NS/SERVICE:PORT`; returns its local address. */
  async resolveK8sTarget(text: string, selection: Pick<KubeSelection, 'kubeconfig'> = {}): Promise<ResolvedK8sTarget> {
    const target = parseK8sTarget(text);
    const key = JSON.stringify([
      selection.kubeconfig ?? '',
      target.context ?? '',
      target.namespace,
      target.service,
      target.port,
    ]);
    let pending = this.reusable.get(key);
    const existing = pending && (await pending.catch(() => undefined));
    if (!existing || existing.snapshot().state === 'stopped' || existing.snapshot().state === 'failed') {
      pending = this.open({
        ...selection,
        ...(target.context === undefined ? {} : { context: target.context }),
        namespace: target.namespace,
        target: { kind: 'service', name: target.service },
        remotePort: target.port,
      });
      this.reusable.set(key, pending);
      pending.catch(() => this.reusable.delete(key));
    }
    const forward = await (pending as Promise<Forward>);
    return { address: forward.ports()[0]?.localAddress as string, forward };
  }

  /** Opens a per-pod forward for `k8s://…`: one local port per Ready pod, named by pod. */
  async resolveK8sTargetPerPod(
    text: string,
    selection: Pick<KubeSelection, 'kubeconfig'> = {},
  ): Promise<ResolvedK8sPerPodTarget> {
    const target = parseK8sTarget(text);
    const client = await loadKubeClient({
      ...selection,
      ...(target.context === undefined ? {} : { context: target.context }),
      namespace: target.namespace,
    });
    const forward = await this.open({
      ...selection,
      context: client.context,
      namespace: target.namespace,
      target: { kind: 'service', name: target.service },
      remotePort: target.port,
      mode: 'per-pod',
    });
    const ready = forward.ports().filter((port) => port.state === 'ready' && port.pod);
    const slices = await client.discovery.listNamespacedEndpointSlice({
      namespace: target.namespace,
      labelSelector: `kubernetes.io/service-name=${target.service}`,
    });
    const known = new Set<string>();
    for (const slice of slices.items)
      for (const endpoint of slice.endpoints ?? []) if (endpoint.targetRef?.name) known.add(endpoint.targetRef.name);
    for (const port of ready) known.add(port.pod?.name as string);
    return {
      grpcTarget: `ipv4:${ready.map((port) => port.localAddress).join(',')}`,
      backends: ready.map((port) => ({ address: port.localAddress, pod: port.pod?.name as string })),
      knownBackends: [...known].sort(),
      forward,
    };
  }
}
