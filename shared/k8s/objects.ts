/**
 * The few fields of Kubernetes objects the workbench reads, as plain structural types (client-node's
 * generated classes and the lab cluster's JSON both fit), and the rules that interpret them.
 */

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  creationTimestamp?: Date | string;
  deletionTimestamp?: Date | string;
  ownerReferences?: { kind: string; name: string }[];
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

export interface PodLike {
  metadata?: ObjectMeta;
  spec?: { nodeName?: string; containers: { name: string; ports?: ContainerPort[] }[] };
  status?: {
    phase?: string;
    podIP?: string;
    startTime?: Date | string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: { name: string; restartCount: number; ready: boolean }[];
  };
}

export interface ServicePortLike {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
  appProtocol?: string;
}

export interface ServiceLike {
  metadata?: ObjectMeta;
  spec?: { clusterIP?: string; type?: string; selector?: Record<string, string>; ports?: ServicePortLike[] };
}

export interface EndpointLike {
  addresses: string[];
  conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
  targetRef?: { kind?: string; name?: string };
  nodeName?: string;
}

export interface EndpointSliceLike {
  metadata?: ObjectMeta;
  endpoints: EndpointLike[];
  ports?: { name?: string; port?: number; appProtocol?: string }[];
}

/** Ready as the endpoints controller sees it: the Ready condition is True and the pod is not terminating. */
export function isPodReady(pod: PodLike): boolean {
  if (pod.metadata?.deletionTimestamp) return false;
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** `a=1,b=2`, the labelSelector query form of a Service's selector or a Deployment's matchLabels. */
export function selectorString(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

/** Equality-based label selectors (`a=1,b!=2,c`), the subset Services and the forward targets use. */
export function matchesSelector(labels: Readonly<Record<string, string>> | undefined, selector: string): boolean {
  return selector
    .split(',')
    .map((term) => term.trim())
    .filter(Boolean)
    .every((term) => {
      const match = /^([^!=]+?)\s*(==|=|!=)\s*(.*)$/.exec(term);
      if (!match) return term.startsWith('!') ? labels?.[term.slice(1)] === undefined : labels?.[term] !== undefined;
      const [, key = '', op, value] = match;
      return op === '!=' ? labels?.[key] !== value : labels?.[key] === value;
    });
}

/** The Service port a user means by name or number, or undefined. */
export function findServicePort(service: ServiceLike, port: string | number): ServicePortLike | undefined {
  return service.spec?.ports?.find((p) => (typeof port === 'number' ? p.port === port : p.name === port));
}

/** Describes a Service's ports for "no such port" messages: `grpc (50051), 8080`. */
export function describeServicePorts(service: ServiceLike): string {
  const ports = service.spec?.ports ?? [];
  return ports.length === 0 ? 'none' : ports.map((p) => (p.name ? `${p.name} (${p.port})` : String(p.port))).join(', ');
}

/**
 * The pod port a connection to this Service port reaches (targetPort by number, or by name among the
 * pod's container ports), or undefined when the pod has no container port of that name.
 */
export function podPortFor(servicePort: ServicePortLike, pod: PodLike): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  return containerPort(pod, target);
}

/** A container port of the pod by name or number. */
export function containerPort(pod: PodLike, port: string | number): number | undefined {
  if (typeof port === 'number') return port;
  for (const container of pod.spec?.containers ?? [])
    for (const p of container.ports ?? []) if (p.name === port) return p.containerPort;
  return undefined;
}

/** What a forward shows about the pod it is on. */
export interface PodSummary {
  name: string;
  node?: string;
  ip?: string;
  restarts: number;
  /** When the pod started (ISO 8601), for its age. */
  startedAt?: string;
  ready: boolean;
}

export function summarizePod(pod: PodLike): PodSummary {
  const startTime = pod.status?.startTime ?? pod.metadata?.creationTimestamp;
  return {
    name: pod.metadata?.name ?? '',
    ...(pod.spec?.nodeName ? { node: pod.spec.nodeName } : {}),
    ...(pod.status?.podIP ? { ip: pod.status.podIP } : {}),
    restarts: (pod.status?.containerStatuses ?? []).reduce((sum, c) => sum + c.restartCount, 0),
    ...(startTime === undefined ? {} : { startedAt: new Date(startTime).toISOString() }),
    ready: isPodReady(pod),
  };
}

/** A duration like kubectl's AGE column: 45s, 12m, 3h, 5d. */
export function formatAge(fromIso: string, now: number): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}
