import { clientNode, type KubernetesObject, type ListWatch, type V1EndpointSlice, type V1Pod } from './client-node';
import { EventEmitter } from 'node:events';
import { WorkbenchError } from '../../../shared/api/errors';
import { isPodReady, summarizePod } from '../../../shared/k8s/objects';
import { formatK8sTarget } from '../../../shared/k8s/target';
import { apiError, httpStatusOf } from './kube-client';
import type { KubeClient } from './kube-client';
import { probeForward } from './probe';
import type { ForwardTargetSpec, ResolvedTarget } from './resolve-target';
import { LocalTunnel } from './tunnel';
import type {
  ForwardMode,
  ForwardPort,
  ForwardSnapshot,
  ForwardStateChange,
  ForwardStateName,
} from '../../../shared/api/cluster';
import type { TunnelTarget } from './tunnel';

/**
 * One port-forward, kept honest. **single**: one local port on one Ready pod; when that pod stops
 * being Ready or goes away (seen on the pod watch, not by polling) the forward moves to another
 * Ready pod, and waits with a capped backoff (≤ 5 s) while there is none. **per-pod**: one local
 * port per Ready pod, kept in step with the Service's EndpointSlices (or the pods' readiness for
 * targets without a Service). Every state change is logged and emitted.
 */

export type { ForwardMode, ForwardPort, ForwardSnapshot, ForwardStateChange, ForwardStateName };

export interface ForwardEvents {
  state: [ForwardStateChange];
  ports: [ForwardPort[]];
  closed: [];
}

export interface ForwardSettings {
  id: string;
  mode: ForwardMode;
  target: ForwardTargetSpec;
  remotePort: string | number;
  /** single mode: the local port (0 = free). */
  localPort: number;
  probeTimeoutMs: number;
}

const LOG_LIMIT = 200;
const BACKOFF_START_MS = 250;
export const BACKOFF_CAP_MS = 5_000;

interface PortEntry {
  tunnel: LocalTunnel;
  port: ForwardPort;
  podName?: string;
}

export class Forward extends EventEmitter<ForwardEvents> {
  readonly id: string;
  readonly mode: ForwardMode;
  private state: ForwardStateName = 'connecting';
  private reason: string | undefined;
  private readonly log: ForwardStateChange[] = [];
  private readonly entries = new Map<string, PortEntry>();
  private pods: ListWatch<V1Pod> | undefined;
  private slices: ListWatch<V1EndpointSlice> | undefined;
  private backoffMs = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private busy = false;
  private again = false;
  private closed = false;
  private listed = false;
  private readonly failedPods = new Map<string, number>();
  private lastTunnelError: { pod: string; error: unknown } | undefined;
  private started: { resolve: () => void; reject: (error: WorkbenchError) => void } | undefined;

  constructor(
    private readonly client: KubeClient,
    private readonly resolved: ResolvedTarget,
    private readonly settings: ForwardSettings,
  ) {
    super();
    this.id = settings.id;
    this.mode = settings.mode;
  }

  /** Starts the watches and the first tunnel(s); resolves when ready, rejects with why not. */
  async start(): Promise<void> {
    if (this.mode === 'single') {
      const tunnel = this.newTunnel();
      const localPort = await tunnel.listen(this.settings.localPort);
      this.entries.set('single', {
        tunnel,
        port: { localAddress: `127.0.0.1:${localPort}`, localPort, state: 'connecting' },
      });
    }
    const ready = new Promise<void>((resolve, reject) => (this.started = { resolve, reject }));
    this.setState('connecting', `resolving ${this.resolved.label} in namespace ${this.client.namespace}`);
    this.startWatches();
    try {
      await ready;
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  snapshot(): ForwardSnapshot {
    return {
      id: this.id,
      mode: this.mode,
      context: this.client.context,
      namespace: this.client.namespace,
      target: this.resolved.label,
      remotePort: this.resolved.portLabel,
      state: this.state,
      ...(this.reason === undefined ? {} : { reason: this.reason }),
      ports: this.ports(),
      log: [...this.log],
    };
  }

  /** The `k8s://` target of a forward to a Service (what a per-pod burst would use); undefined otherwise. */
  k8sTarget(): string | undefined {
    const { target, remotePort } = this.settings;
    if (target.kind !== 'service') return undefined;
    return formatK8sTarget({
      context: this.client.context,
      namespace: this.client.namespace,
      service: target.name,
      port: remotePort,
    });
  }

  ports(): ForwardPort[] {
    return [...this.entries.values()].map((entry) => ({ ...entry.port }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    await Promise.allSettled([this.pods?.stop(), this.slices?.stop()]);
    await Promise.all([...this.entries.values()].map((entry) => entry.tunnel.close()));
    this.entries.clear();
    this.setState('stopped', 'stopped');
    this.emit('closed');
  }

  // ---- watches ----

  private startWatches(): void {
    const namespace = this.client.namespace;
    const { labelSelector, podName } = this.resolved;
    const fieldSelector = podName === undefined ? undefined : `metadata.name=${podName}`;
    const { ListWatch, Watch } = clientNode();
    const watch = new Watch(this.client.config);
    this.pods = new ListWatch<V1Pod>(
      `/api/v1/namespaces/${namespace}/pods`,
      watch,
      () => this.client.core.listNamespacedPod({ namespace, labelSelector, fieldSelector }),
      false,
      labelSelector,
      fieldSelector,
    );
    this.watchEvents(this.pods, 'list pods');
    if (this.mode === 'per-pod' && this.resolved.service) {
      const serviceName = this.resolved.service.metadata?.name ?? '';
      const sliceSelector = `kubernetes.io/service-name=${serviceName}`;
      this.slices = new ListWatch<V1EndpointSlice>(
        `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices`,
        watch,
        () => this.client.discovery.listNamespacedEndpointSlice({ namespace, labelSelector: sliceSelector }),
        false,
        sliceSelector,
      );
      this.watchEvents(this.slices, 'list endpointslices.discovery.k8s.io');
    }
    void this.restartWatches();
  }

  private watchEvents<T extends KubernetesObject>(informer: ListWatch<T>, what: string): void {
    // Events that arrive while the first lists are still coming in would decide on half the picture.
    const changed = () => {
      if (this.listed) this.evaluate();
    };
    informer.on('add', changed);
    informer.on('update', changed);
    informer.on('delete', changed);
    informer.on('error', (error: unknown) => this.onWatchError(error, what));
  }

  private async restartWatches(): Promise<void> {
    if (this.closed) return;
    try {
      // A pod watch and (per-pod) a slice watch: both lists done before the first evaluation.
      await Promise.all([this.pods?.start(), this.slices?.start()]);
    } catch (error) {
      this.onWatchError(error, 'list pods');
      return;
    }
    this.listed = true;
    this.evaluate();
  }

  private onWatchError(error: unknown, what: string): void {
    if (this.closed) return;
    const [verb, resource] = what.split(' ') as [string, string];
    const failure = apiError(error, this.client, { verb, resource });
    const status = httpStatusOf(error);
    if (status === 401 || status === 403 || this.started) return this.fail(failure);
    const delay = this.nextBackoff();
    this.setState('reconnecting', `lost the watch of ${resource}: ${failure.message}; retrying in ${seconds(delay)}`);
    this.schedule(delay, () => void this.restartWatches());
  }

  // ---- what to forward to ----

  /** Re-decides after any change; never runs twice at once (a change during a run runs it again). */
  private evaluate(): void {
    if (this.closed) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    const run = this.mode === 'single' ? this.evaluateSingle() : this.evaluatePerPod();
    void run
      .catch((error: unknown) => this.fail(WorkbenchError.from(error)))
      .finally(() => {
        this.busy = false;
        if (this.again) {
          this.again = false;
          this.evaluate();
        }
      });
  }

  private knownPods(): V1Pod[] {
    // Oldest first, as a stable choice: the forward stays on long-lived pods.
    const created = (pod: V1Pod) => new Date(pod.metadata?.creationTimestamp ?? 0).getTime();
    return [...(this.pods?.list(this.client.namespace) ?? [])].sort(
      (a, b) => created(a) - created(b) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
    );
  }

  private usable(pod: V1Pod): boolean {
    const failedAt = this.failedPods.get(pod.metadata?.name ?? '');
    return (
      isPodReady(pod) &&
      this.resolved.podPort(pod) !== undefined &&
      (failedAt === undefined || Date.now() - failedAt > BACKOFF_CAP_MS)
    );
  }

  private async evaluateSingle(): Promise<void> {
    const entry = this.entries.get('single');
    if (!entry) return;
    const pods = this.knownPods();
    const current = entry.podName === undefined ? undefined : pods.find((p) => p.metadata?.name === entry.podName);
    if (current && isPodReady(current)) {
      entry.port.pod = summarizePod(current);
      return;
    }
    const why =
      entry.podName === undefined
        ? undefined
        : !current
          ? `pod ${entry.podName} was deleted`
          : current.metadata?.deletionTimestamp
            ? `pod ${entry.podName} is terminating`
            : `pod ${entry.podName} is not Ready`;
    const next = pods.find((pod) => this.usable(pod));
    if (!next) {
      entry.podName = undefined;
      entry.tunnel.setTarget(undefined);
      entry.port.pod = undefined;
      const none = this.noReadyPod(pods);
      if (this.started) return this.fail(none);
      const delay = this.nextBackoff();
      const reason = `${why ? `${why}; ` : ''}${none.message}; waiting for one (watching; checking again in ${seconds(delay)})`;
      this.setPortState(entry, 'reconnecting', reason);
      this.setState('reconnecting', reason);
      this.schedule(delay, () => this.evaluate());
      return;
    }
    const name = next.metadata?.name ?? '';
    const remotePort = this.resolved.podPort(next) as number;
    entry.podName = name;
    entry.port.pod = summarizePod(next);
    entry.port.remotePort = remotePort;
    entry.tunnel.setTarget({ namespace: this.client.namespace, pod: name, port: remotePort });
    const moving = why ? `${why}; moving to pod ${name}` : `connecting to pod ${name} port ${remotePort}`;
    const state = this.started ? 'connecting' : 'reconnecting';
    this.setPortState(entry, state, moving);
    this.setState(state, moving, name);
    await this.probe(entry, name);
  }

  private async evaluatePerPod(): Promise<void> {
    const pods = this.knownPods();
    const readyNames = this.slices ? readyEndpointPods(this.slices.list(this.client.namespace)) : undefined;
    const wanted = pods.filter((pod) => this.usable(pod) && (readyNames?.has(pod.metadata?.name ?? '') ?? true));
    const wantedNames = new Set(wanted.map((pod) => pod.metadata?.name ?? ''));

    for (const [name, entry] of [...this.entries]) {
      if (wantedNames.has(name)) continue;
      const pod = pods.find((p) => p.metadata?.name === name);
      const why = !pod
        ? `pod ${name} was deleted`
        : pod.metadata?.deletionTimestamp
          ? `pod ${name} is terminating`
          : readyNames && !readyNames.has(name)
            ? `pod ${name} left the Service's Ready endpoints`
            : `pod ${name} is not Ready`;
      this.entries.delete(name);
      await entry.tunnel.close();
      this.record({
        state: 'stopped',
        reason: `${why}; closed ${entry.port.localAddress}`,
        pod: name,
        localAddress: entry.port.localAddress,
      });
      this.emit('ports', this.ports());
    }
    const added: string[] = [];
    for (const pod of wanted) {
      const name = pod.metadata?.name ?? '';
      if (this.entries.has(name)) {
        (this.entries.get(name) as PortEntry).port.pod = summarizePod(pod);
        continue;
      }
      const tunnel = this.newTunnel();
      const localPort = await tunnel.listen(0);
      const remotePort = this.resolved.podPort(pod) as number;
      const entry: PortEntry = {
        tunnel,
        podName: name,
        port: {
          localAddress: `127.0.0.1:${localPort}`,
          localPort,
          pod: summarizePod(pod),
          remotePort,
          state: 'connecting',
        },
      };
      tunnel.setTarget({ namespace: this.client.namespace, pod: name, port: remotePort });
      this.entries.set(name, entry);
      this.setPortState(entry, 'connecting', `connecting to pod ${name} port ${remotePort}`);
      added.push(name);
    }
    await Promise.all(added.map((name) => this.probe(this.entries.get(name) as PortEntry, name)));
    if (added.length > 0) this.emit('ports', this.ports());

    const readyPorts = [...this.entries.values()].filter((entry) => entry.port.state === 'ready');
    if (readyPorts.length > 0) {
      const reason = `${readyPorts.length} pod(s): ${readyPorts.map((e) => `${e.podName} on ${e.port.localAddress}`).join(', ')}`;
      if (this.state !== 'ready' || this.reason !== reason) this.setState('ready', reason);
      this.backoffMs = 0;
      this.started?.resolve();
      this.started = undefined;
      return;
    }
    const none = this.noReadyPod(pods);
    if (this.started) return this.fail(this.tunnelFailure() ?? none);
    const delay = this.nextBackoff();
    this.setState('reconnecting', `${none.message}; waiting for one (watching; checking again in ${seconds(delay)})`);
    this.schedule(delay, () => this.evaluate());
  }

  /** Probes through the tunnel; a failing pod is set aside for a while and another one tried. */
  private async probe(entry: PortEntry, podName: string): Promise<void> {
    this.lastTunnelError = undefined;
    const result = await probeForward(entry.port.localAddress, { timeoutMs: this.settings.probeTimeoutMs });
    if (this.closed || entry.podName !== podName) return;
    entry.port.probe = result;
    if (result.ok) {
      const how = result.method === 'health' ? `health ${result.servingStatus}` : `TCP open (${result.note})`;
      this.setPortState(entry, 'ready', `on pod ${podName} (${how}, ${result.ms} ms)`);
      if (this.mode === 'single') {
        this.backoffMs = 0;
        this.setState('ready', `on pod ${podName} (${how})`, podName);
        this.started?.resolve();
        this.started = undefined;
      }
      return;
    }
    const failure = this.tunnelFailure();
    if (failure && this.tunnelRefusedCredentials()) return this.fail(failure);
    const reason = `pod ${podName}: ${failure?.message ?? result.error}`;
    this.failedPods.set(podName, Date.now());
    this.setPortState(entry, 'reconnecting', reason);
    if (this.mode === 'single') {
      if (this.started) {
        // At the start, a pod that does not answer is an error the user must see, not a silent retry.
        return this.fail(
          failure ??
            new WorkbenchError(
              'connection',
              `the forward to pod ${podName} port ${entry.port.remotePort} does not work: ${result.error}`,
              {
                hint: `Is the pod listening on port ${entry.port.remotePort}? (${this.resolved.portLabel})`,
                subject: `pod/${podName}`,
              },
            ),
        );
      }
      this.setState('reconnecting', reason, podName);
      entry.podName = undefined;
      this.schedule(this.nextBackoff(), () => this.evaluate());
    }
  }

  private tunnelRefusedCredentials(): boolean {
    const status = httpStatusOf(this.lastTunnelError?.error);
    return status === 401 || status === 403;
  }

  private tunnelFailure(): WorkbenchError | undefined {
    const last = this.lastTunnelError;
    if (!last) return undefined;
    if (httpStatusOf(last.error) !== undefined)
      return apiError(last.error, this.client, {
        verb: 'create',
        resource: 'pods/portforward',
        object: `pod ${last.pod}`,
      });
    return new WorkbenchError('connection', `the tunnel to pod ${last.pod} failed: ${errorText(last.error)}`, {
      subject: `pod/${last.pod}`,
    });
  }

  private noReadyPod(pods: V1Pod[]): WorkbenchError {
    const described = pods.map((pod) => `${pod.metadata?.name} (${describePod(pod, this.resolved)})`);
    const scope = this.resolved.podName
      ? `pod ${this.resolved.podName}`
      : `pods matching ${this.resolved.labelSelector}`;
    return new WorkbenchError(
      'not_found',
      pods.length === 0
        ? `no Ready pod for ${this.resolved.label}: no ${scope} in namespace ${this.client.namespace}`
        : `no Ready pod for ${this.resolved.label}: ${described.join(', ')}`,
      {
        hint: `kubectl get pods -n ${this.client.namespace}${this.resolved.labelSelector ? ` -l ${this.resolved.labelSelector}` : ''} shows their state.`,
        subject: this.resolved.label,
      },
    );
  }

  // ---- state ----

  private newTunnel(): LocalTunnel {
    return new LocalTunnel(this.client.config, {
      onTunnelError: (target: TunnelTarget, error: unknown) => {
        this.lastTunnelError = { pod: target.pod, error };
        const status = httpStatusOf(error);
        if (!this.started && (status === 401 || status === 403)) this.fail(this.tunnelFailure() as WorkbenchError);
      },
    });
  }

  private fail(error: WorkbenchError): void {
    if (this.closed) return;
    if (this.started) {
      const started = this.started;
      this.started = undefined;
      this.setState('failed', error.message);
      started.reject(error);
      return;
    }
    this.setState('failed', error.message);
    for (const entry of this.entries.values()) {
      entry.tunnel.setTarget(undefined);
      this.setPortState(entry, 'failed', error.message);
    }
  }

  private setPortState(entry: PortEntry, state: ForwardStateName, reason: string): void {
    entry.port.state = state;
    entry.port.reason = reason;
    if (this.mode === 'per-pod')
      this.record({
        state,
        reason,
        ...(entry.podName ? { pod: entry.podName } : {}),
        localAddress: entry.port.localAddress,
      });
  }

  private setState(state: ForwardStateName, reason: string, pod?: string): void {
    this.state = state;
    this.reason = reason;
    const single = this.entries.get('single');
    this.record({
      state,
      reason,
      ...(pod ? { pod } : {}),
      ...(single ? { localAddress: single.port.localAddress } : {}),
    });
  }

  private record(change: Omit<ForwardStateChange, 'at'>): void {
    const entry = { at: new Date().toISOString(), ...change };
    this.log.push(entry);
    if (this.log.length > LOG_LIMIT) this.log.shift();
    this.emit('state', entry);
  }

  private nextBackoff(): number {
    this.backoffMs = Math.min(this.backoffMs === 0 ? BACKOFF_START_MS : this.backoffMs * 2, BACKOFF_CAP_MS);
    return this.backoffMs;
  }

  private schedule(delayMs: number, action: () => void): void {
    clearTimeout(this.retryTimer);
    if (this.closed) return;
    this.retryTimer = setTimeout(action, delayMs);
  }
}

/** Pods the EndpointSlices list as Ready endpoints. */
function readyEndpointPods(slices: readonly V1EndpointSlice[]): Set<string> {
  const names = new Set<string>();
  for (const slice of slices)
    for (const endpoint of slice.endpoints ?? [])
      if (endpoint.conditions?.ready !== false && endpoint.targetRef?.kind === 'Pod' && endpoint.targetRef.name)
        names.add(endpoint.targetRef.name);
  return names;
}

function describePod(pod: V1Pod, resolved: ResolvedTarget): string {
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  if (resolved.podPort(pod) === undefined) return `no port ${resolved.portLabel}`;
  return isPodReady(pod) ? 'Ready' : `${pod.status?.phase ?? 'Unknown'}, not Ready`;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${ms / 1000} s`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
