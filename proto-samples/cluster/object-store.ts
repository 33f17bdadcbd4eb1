import { EventEmitter } from 'node:events';
import { matchesSelector } from '../../shared/k8s/objects';

/**
 * The lab cluster's etcd: objects by resource, namespace and name, one resourceVersion counter for
 * all of them (as the real API server has), and a bounded history of changes so a watch can resume
 * from a resourceVersion — or be told 410 Gone when it is too old, as a real one is.
 */

export type Resource = 'namespaces' | 'pods' | 'services' | 'endpointslices' | 'deployments';
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** Kubernetes objects as JSON; only metadata is typed, the rest is what each builder writes. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    deletionTimestamp?: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface StoreEvent {
  resourceVersion: number;
  resource: Resource;
  type: WatchEventType;
  object: KubeObject;
}

export interface Query {
  resource: Resource;
  namespace?: string;
  labelSelector?: string;
  /** Only `metadata.name=NAME` and `metadata.namespace=NS`, what clients send. */
  fieldSelector?: string;
}

const HISTORY_LIMIT = 2000;

export class ObjectStore {
  private resourceVersion = 1;
  private readonly objects = new Map<string, KubeObject>();
  private readonly history: StoreEvent[] = [];
  private readonly events = new EventEmitter().setMaxListeners(0);

  get currentResourceVersion(): string {
    return String(this.resourceVersion);
  }

  get(resource: Resource, namespace: string | undefined, name: string): KubeObject | undefined {
    const object = this.objects.get(key(resource, namespace, name));
    return object && structuredClone(object);
  }

  list(query: Query): KubeObject[] {
    return [...this.objects.entries()]
      .filter(([k, object]) => k.startsWith(`${query.resource}/`) && matches(object, query))
      .map(([, object]) => structuredClone(object));
  }

  /** Creates or replaces an object (a new resourceVersion); returns what was stored. */
  put(resource: Resource, object: KubeObject): KubeObject {
    const k = key(resource, object.metadata.namespace, object.metadata.name);
    const type: WatchEventType = this.objects.has(k) ? 'MODIFIED' : 'ADDED';
    const stored = structuredClone(object);
    stored.metadata.resourceVersion = String(++this.resourceVersion);
    this.objects.set(k, stored);
    this.record({ resourceVersion: this.resourceVersion, resource, type, object: stored });
    return structuredClone(stored);
  }

  remove(resource: Resource, namespace: string | undefined, name: string): void {
    const k = key(resource, namespace, name);
    const object = this.objects.get(k);
    if (!object) return;
    this.objects.delete(k);
    const removed = { ...object, metadata: { ...object.metadata, resourceVersion: String(++this.resourceVersion) } };
    this.record({ resourceVersion: this.resourceVersion, resource, type: 'DELETED', object: removed });
  }

  /**
   * Changes after `since` (a resourceVersion) that match, or undefined when `since` is older than
   * the history kept (the caller answers 410 Gone).
   */
  changesSince(query: Query, since: number): StoreEvent[] | undefined {
    const oldest = this.history[0]?.resourceVersion ?? this.resourceVersion + 1;
    if (since + 1 < oldest && since < this.resourceVersion) return undefined;
    return this.history.filter(
      (event) => event.resourceVersion > since && event.resource === query.resource && matches(event.object, query),
    );
  }

  /** Calls `listener` with every later change that matches; returns the unsubscribe function. */
  subscribe(query: Query, listener: (event: StoreEvent) => void): () => void {
    const onEvent = (event: StoreEvent) => {
      if (event.resource === query.resource && matches(event.object, query)) listener(event);
    };
    this.events.on('event', onEvent);
    return () => this.events.off('event', onEvent);
  }

  private record(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length > HISTORY_LIMIT) this.history.shift();
    this.events.emit('event', event);
  }
}

function key(resource: Resource, namespace: string | undefined, name: string): string {
  return `${resource}/${namespace ?? ''}/${name}`;
}

function matches(object: KubeObject, query: Query): boolean {
  if (query.namespace !== undefined && object.metadata.namespace !== query.namespace) return false;
  if (query.labelSelector && !matchesSelector(object.metadata.labels, query.labelSelector)) return false;
  for (const term of (query.fieldSelector ?? '').split(',').filter(Boolean)) {
    const [field, value] = term.split(/==?/);
    if (field === 'metadata.name' && object.metadata.name !== value) return false;
    if (field === 'metadata.namespace' && object.metadata.namespace !== value) return false;
  }
  return true;
}
