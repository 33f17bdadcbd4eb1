import { randomUUID } from 'node:crypto';
import { formatAge, isPodReady, podPortFor, summarizePod } from '../../shared/k8s/objects';
import type { PodLike, ServiceLike } from '../../shared/k8s/objects';
import type { KubeObject, Resource } from './object-store';

/** The JSON of the objects the lab cluster serves, shaped as a real API server writes them. */

export interface LabPodSpec {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  ip: string;
  node: string;
  port: number;
  replicaSet: { name: string; uid: string };
}

export function namespaceObject(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, uid: randomUUID(), creationTimestamp: now(), labels: { 'kubernetes.io/metadata.name': name } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

/** A pod as the scheduler and kubelet leave it: Pending until `markRunning`. */
export function podObject(spec: LabPodSpec): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: spec.name,
      namespace: spec.namespace,
      uid: randomUUID(),
      creationTimestamp: now(),
      labels: spec.labels,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: spec.replicaSet.name,
          uid: spec.replicaSet.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      nodeName: spec.node,
      restartPolicy: 'Always',
      containers: [
        {
          name: 'user',
          image: 'grpc-workbench/lab-backend:latest',
          ports: [{ name: 'grpc', containerPort: spec.port, protocol: 'TCP' }],
          readinessProbe: { grpc: { port: spec.port, service: '' }, periodSeconds: 10 },
        },
      ],
    },
    status: {
      phase: 'Pending',
      hostIP: '10.0.0.1',
      podIP: spec.ip,
      podIPs: [{ ip: spec.ip }],
      conditions: conditions(false, false),
      containerStatuses: [],
    },
  };
}

export function markRunning(pod: KubeObject, ready: boolean): KubeObject {
  const startTime = (pod.status as { startTime?: string }).startTime ?? now();
  return {
    ...pod,
    status: {
      ...(pod.status as object),
      phase: 'Running',
      startTime,
      conditions: conditions(true, ready),
      containerStatuses: [
        {
          name: 'user',
          image: 'grpc-workbench/lab-backend:latest',
          imageID: 'grpc-workbench/lab-backend@sha256:0',
          containerID: `lab://${pod.metadata.uid}`,
          ready,
          started: true,
          restartCount: 0,
          state: { running: { startedAt: startTime } },
        },
      ],
    },
  };
}

export function markTerminating(pod: KubeObject): KubeObject {
  const running = markRunning(pod, false);
  return { ...running, metadata: { ...running.metadata, deletionTimestamp: now(), deletionGracePeriodSeconds: 0 } };
}

function conditions(scheduledAndStarted: boolean, ready: boolean) {
  const at = now();
  const condition = (type: string, status: boolean) => ({
    type,
    status: status ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: at,
  });
  return [
    condition('PodScheduled', true),
    condition('Initialized', scheduledAndStarted),
    condition('ContainersReady', ready),
    condition('Ready', ready),
  ];
}

export interface LabServicePort {
  name?: string;
  port: number;
  targetPort: number | string;
  appProtocol?: string;
}

export interface LabServiceSpec {
  name: string;
  namespace: string;
  clusterIP: string;
  selector: Record<string, string>;
  ports: LabServicePort[];
}

export function serviceObject(spec: LabServiceSpec): KubeObject {
  const headless = spec.clusterIP === 'None';
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: spec.name, namespace: spec.namespace, uid: randomUUID(), creationTimestamp: now() },
    spec: {
      type: 'ClusterIP',
      clusterIP: spec.clusterIP,
      clusterIPs: [spec.clusterIP],
      selector: spec.selector,
      ports: spec.ports.map((port) => ({ protocol: 'TCP', ...port })),
      sessionAffinity: 'None',
      ...(headless ? {} : { internalTrafficPolicy: 'Cluster' }),
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
    },
    status: { loadBalancer: {} },
  };
}

/** The EndpointSlice the endpointslice controller keeps for a Service over these pods. */
export function endpointSliceObject(
  service: KubeObject,
  pods: readonly KubeObject[],
  existing?: KubeObject,
): KubeObject {
  const svc = service as unknown as ServiceLike;
  const ports = svc.spec?.ports ?? [];
  const first = pods[0] as PodLike | undefined;
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: existing?.metadata.name ?? `${service.metadata.name}-${randomSuffix()}`,
      namespace: service.metadata.namespace,
      uid: existing?.metadata.uid ?? randomUUID(),
      creationTimestamp: (existing?.metadata.creationTimestamp as string | undefined) ?? now(),
      generateName: `${service.metadata.name}-`,
      labels: {
        'kubernetes.io/service-name': service.metadata.name,
        'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
      },
      ownerReferences: [
        { apiVersion: 'v1', kind: 'Service', name: service.metadata.name, uid: service.metadata.uid, controller: true },
      ],
    },
    addressType: 'IPv4',
    endpoints: pods.map((pod) => {
      const p = pod as unknown as PodLike;
      const ready = isPodReady(p);
      const terminating = Boolean(pod.metadata.deletionTimestamp);
      return {
        addresses: [p.status?.podIP ?? ''],
        conditions: { ready, serving: ready || (terminating && isPodReady({ ...p, metadata: {} })), terminating },
        nodeName: p.spec?.nodeName,
        targetRef: { kind: 'Pod', name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid },
      };
    }),
    ports: ports.map((port) => ({
      name: port.name ?? '',
      port: first ? podPortFor(port, first) : typeof port.targetPort === 'number' ? port.targetPort : port.port,
      protocol: 'TCP',
      ...(port.appProtocol ? { appProtocol: port.appProtocol } : {}),
    })),
  };
}

export function deploymentObject(
  name: string,
  namespace: string,
  selector: Record<string, string>,
  replicas: number,
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, uid: randomUUID(), creationTimestamp: now(), generation: 1 },
    spec: {
      replicas,
      selector: { matchLabels: selector },
      template: { metadata: { labels: selector }, spec: { containers: [{ name: 'user' }] } },
    },
    status: { replicas, readyReplicas: replicas, availableReplicas: replicas, observedGeneration: 1 },
  };
}

/** A metav1.Status failure, the body of every error response. */
export function statusObject(code: number, reason: string, message: string, details?: object): object {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code };
}

/** `kubectl get`'s server-side printing: a meta.k8s.io/v1 Table with the columns kubectl shows. */
export function tableOf(resource: Resource, objects: readonly KubeObject[], resourceVersion: string): object {
  const columns = tableColumns[resource];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: columns.map(([name, type, priority]) => ({
      name,
      type,
      format: name === 'Name' ? 'name' : '',
      description: name,
      priority,
    })),
    rows: objects.map((object) => ({
      cells: tableCells(resource, object),
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata },
    })),
  };
}

const tableColumns: Record<Resource, [string, string, number][]> = {
  namespaces: [
    ['Name', 'string', 0],
    ['Status', 'string', 0],
    ['Age', 'string', 0],
  ],
  pods: [
    ['Name', 'string', 0],
    ['Ready', 'string', 0],
    ['Status', 'string', 0],
    ['Restarts', 'string', 0],
    ['Age', 'string', 0],
    ['IP', 'string', 1],
    ['Node', 'string', 1],
  ],
  services: [
    ['Name', 'string', 0],
    ['Type', 'string', 0],
    ['Cluster-IP', 'string', 0],
    ['External-IP', 'string', 0],
    ['Port(s)', 'string', 0],
    ['Age', 'string', 0],
    ['Selector', 'string', 1],
  ],
  endpointslices: [
    ['Name', 'string', 0],
    ['AddressType', 'string', 0],
    ['Ports', 'string', 0],
    ['Endpoints', 'string', 0],
    ['Age', 'string', 0],
  ],
  deployments: [
    ['Name', 'string', 0],
    ['Ready', 'string', 0],
    ['Up-to-date', 'string', 0],
    ['Available', 'string', 0],
    ['Age', 'string', 0],
  ],
};

function tableCells(resource: Resource, object: KubeObject): (string | number)[] {
  const age = formatAge(String(object.metadata.creationTimestamp ?? now()), Date.now());
  const spec = object.spec as Record<string, unknown>;
  switch (resource) {
    case 'namespaces':
      return [object.metadata.name, 'Active', age];
    case 'pods': {
      const summary = summarizePod(object as unknown as PodLike);
      const phase = object.metadata.deletionTimestamp ? 'Terminating' : (object.status as { phase: string }).phase;
      return [
        object.metadata.name,
        `${summary.ready ? 1 : 0}/1`,
        phase,
        summary.restarts,
        age,
        summary.ip ?? '<none>',
        summary.node ?? '<none>',
      ];
    }
    case 'services': {
      const svc = object as unknown as ServiceLike;
      const ports = (svc.spec?.ports ?? []).map((p) => `${p.port}/${p.protocol ?? 'TCP'}`).join(',');
      const selector = Object.entries(svc.spec?.selector ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      return [
        object.metadata.name,
        String(spec.type),
        String(spec.clusterIP),
        '<none>',
        ports,
        age,
        selector || '<none>',
      ];
    }
    case 'endpointslices': {
      const ports = (object.ports as { port: number }[]).map((p) => p.port).join(',');
      const addresses = (object.endpoints as { addresses: string[] }[]).flatMap((e) => e.addresses).join(',');
      return [object.metadata.name, String(object.addressType), ports || '<unset>', addresses || '<unset>', age];
    }
    case 'deployments': {
      const status = object.status as { readyReplicas: number; replicas: number; availableReplicas: number };
      return [
        object.metadata.name,
        `${status.readyReplicas}/${status.replicas}`,
        status.replicas,
        status.availableReplicas,
        age,
      ];
    }
  }
}

function now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

const suffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789';
/** The 5 characters Kubernetes appends to generated names (no vowels, so no words). */
export function randomSuffix(length = 5): string {
  return Array.from({ length }, () => suffixAlphabet[Math.floor(Math.random() * suffixAlphabet.length)]).join('');
}
