import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebSocket } from 'ws';
import { stringify } from 'yaml';
import type { ServiceLike } from '../../shared/k8s/objects';
import { startBackend } from '../lab/backend';
import type { Backend } from '../lab/backend';
import type { BackendBehavior } from '../lab/backend-interceptor';
import { DEFAULT_LAB_HOSTS } from '../lab/lab';
import { labCertificates } from '../lab/tls';
import {
  deploymentObject,
  endpointSliceObject,
  markRunning,
  markTerminating,
  namespaceObject,
  podObject,
  randomSuffix,
  serviceObject,
} from './api-objects';
import type { LabServiceSpec } from './api-objects';
import { startApiServer } from './api-server';
import type { KubeObject } from './object-store';
import { ObjectStore } from './object-store';
import { servePortForward } from './port-forward';

/**
 * The lab cluster: a Kubernetes API server stand-in whose pods are lab backends on 127.0.0.1, .2
 * and .3 (all on one port, as pods share a containerPort), owned by the `user` Deployment's
 * ReplicaSet, with three Services over them. Deleting a pod stops its backend and starts a
 * replacement with a new name, as the ReplicaSet controller would.
 */

export const LAB_NAMESPACE = 'lab';
export const LAB_APP_LABELS = { app: 'user' } as const;

export interface LabClusterOptions {
  /** API server port on 127.0.0.1; 0 (default) picks a free one. */
  apiPort?: number;
  /** The pods' gRPC container port, on every pod IP; 0 (default) picks one free on all of them. */
  podPort?: number;
  /** Pod IPs, one pod each (default 127.0.0.1, .2, .3). */
  podIps?: readonly string[];
  /** Where to write the kubeconfig; a new temporary directory when absent. */
  kubeconfigPath?: string;
}

export interface LabPod {
  name: string;
  ip: string;
  node: string;
  ready: boolean;
  backend: Backend;
}

export interface LabCluster {
  /** `https://127.0.0.1:PORT` */
  readonly url: string;
  /** A kubeconfig with contexts `lab` (token), `lab-exec` (an exec credential plugin) and `lab-cert` (client certificate). */
  readonly kubeconfigPath: string;
  readonly namespace: string;
  readonly podPort: number;
  /** The running pods, oldest first. */
  pods(): LabPod[];
  /** Deletes a pod as `kubectl delete pod` does; resolves with its replacement once that is Ready. */
  deletePod(name: string): Promise<LabPod>;
  /** Flips a pod's Ready condition (its backend keeps running, as a pod failing readiness does). */
  setPodReady(name: string, ready: boolean): void;
  setBehavior(podName: string, change: Partial<BackendBehavior>): void;
  /** Makes the API server answer 403 to `VERB RESOURCE`, e.g. `create pods/portforward`; `allow` undoes it. */
  forbid(verbAndResource: string): void;
  allow(verbAndResource: string): void;
  /** Adds a Service (e.g. one whose selector matches nothing) in the lab namespace. */
  addService(spec: Omit<LabServiceSpec, 'namespace'>): void;
  close(): Promise<void>;
}

export const LAB_SERVICES: Omit<LabServiceSpec, 'namespace'>[] = [
  {
    name: 'user-svc',
    clusterIP: '10.96.0.10',
    selector: LAB_APP_LABELS,
    ports: [{ name: 'grpc', port: 50051, targetPort: 'grpc' }],
  },
  {
    name: 'user-headless',
    clusterIP: 'None',
    selector: LAB_APP_LABELS,
    ports: [{ name: 'grpc', port: 50051, targetPort: 'grpc' }],
  },
];

export async function startLabCluster(options: LabClusterOptions = {}): Promise<LabCluster> {
  const podIps = options.podIps ?? DEFAULT_LAB_HOSTS;
  const podPort = options.podPort || (await commonFreePort(podIps));
  const store = new ObjectStore();
  const token = randomBytes(16).toString('hex');
  const forbidden = new Set<string>();
  const pods = new Map<string, LabPod>();
  const forwards = new Map<string, Set<WebSocket>>();
  const replicaSet = { name: `user-${randomSuffix(10)}`, uid: randomUUID() };
  const namespace = LAB_NAMESPACE;
  let closed = false;

  store.put('namespaces', namespaceObject('default'));
  store.put('namespaces', namespaceObject(namespace));
  const services = [
    ...LAB_SERVICES,
    // The legacy Service targets the port by number and names nothing: what many old charts do.
    {
      name: 'user-legacy',
      clusterIP: '10.96.0.12',
      selector: LAB_APP_LABELS,
      ports: [{ port: 50051, targetPort: podPort }],
    },
  ];
  for (const spec of services) store.put('services', serviceObject({ ...spec, namespace }));
  store.put('deployments', deploymentObject('user', namespace, LAB_APP_LABELS, podIps.length));

  const syncEndpointSlices = () => {
    const matching = store.list({ resource: 'pods', namespace });
    for (const service of store.list({ resource: 'services', namespace })) {
      const selector = (service as unknown as ServiceLike).spec?.selector ?? {};
      const selected = matching.filter((pod) =>
        Object.entries(selector).every(([k, v]) => pod.metadata.labels?.[k] === v),
      );
      const existing = store.list({
        resource: 'endpointslices',
        namespace,
        labelSelector: `kubernetes.io/service-name=${service.metadata.name}`,
      })[0];
      const next = endpointSliceObject(service, selected, existing);
      if (existing && JSON.stringify(content(existing)) === JSON.stringify(content(next))) continue;
      store.put('endpointslices', next);
    }
  };
  const putPod = (pod: KubeObject) => {
    store.put('pods', pod);
    syncEndpointSlices();
  };

  const startPod = async (ip: string, index: number): Promise<LabPod> => {
    const name = `${replicaSet.name}-${randomSuffix()}`;
    const node = `lab-node-${index + 1}`;
    const pending = podObject({
      name,
      namespace,
      labels: { ...LAB_APP_LABELS, 'pod-template-hash': replicaSet.name.slice(5) },
      ip,
      node,
      port: podPort,
      replicaSet,
    });
    putPod(pending);
    const backend = await startBackend({ name, host: ip, port: podPort });
    const pod: LabPod = { name, ip, node, ready: true, backend };
    pods.set(name, pod);
    putPod(markRunning(pending, true));
    return pod;
  };

  const podObjectOf = (name: string) => {
    const object = store.get('pods', namespace, name);
    if (!object) throw new Error(`the lab cluster has no pod ${name}; it has ${[...pods.keys()].join(', ')}`);
    return object;
  };

  /** Terminates a pod now and resolves with its Ready replacement. */
  const replacePod = async (name: string): Promise<LabPod> => {
    const pod = pods.get(name);
    if (!pod) throw new Error(`the lab cluster has no pod ${name}`);
    pods.delete(name);
    await pod.backend.close();
    for (const ws of forwards.get(name) ?? []) ws.terminate();
    forwards.delete(name);
    store.remove('pods', namespace, name);
    syncEndpointSlices();
    if (closed) return pod;
    return startPod(pod.ip, Number(pod.node.replace('lab-node-', '')) - 1);
  };
  const replacements = new Set<Promise<unknown>>();
  const track = <T>(promise: Promise<T>) => {
    replacements.add(promise);
    void promise.finally(() => replacements.delete(promise)).catch(() => undefined);
    return promise;
  };

  for (const [index, ip] of podIps.entries()) await startPod(ip, index);

  const certs = labCertificates();
  const api = await startApiServer({
    store,
    host: '127.0.0.1',
    port: options.apiPort ?? 0,
    tls: { key: readFileSync(certs.serverKey), cert: readFileSync(certs.serverCert), ca: readFileSync(certs.ca) },
    tokens: () => [token],
    forbidden: () => forbidden,
    deletePod(ns, name) {
      if (ns !== namespace || !pods.has(name)) return undefined;
      const terminating = markTerminating(podObjectOf(name));
      putPod(terminating);
      track(replacePod(name));
      return terminating;
    },
    portForward(ws, pod, ports) {
      const name = pod.metadata.name;
      const open = forwards.get(name) ?? new Set<WebSocket>();
      forwards.set(name, open.add(ws));
      ws.on('close', () => open.delete(ws));
      const ip = (pod.status as { podIP: string }).podIP;
      servePortForward(ws, { name, uid: pod.metadata.uid, namespace, ip }, ports);
    },
  });

  const kubeconfigDir = options.kubeconfigPath ? undefined : mkdtempSync(join(tmpdir(), 'lab-cluster-'));
  const kubeconfigPath = options.kubeconfigPath ?? join(kubeconfigDir as string, 'kubeconfig');
  writeFileSync(kubeconfigPath, labKubeconfig(api.url, token, certs), { mode: 0o600 });

  return {
    url: api.url,
    kubeconfigPath,
    namespace,
    podPort,
    pods: () => [...pods.values()],
    async deletePod(name) {
      if (!pods.has(name)) throw new Error(`the lab cluster has no pod ${name}`);
      putPod(markTerminating(podObjectOf(name)));
      return track(replacePod(name));
    },
    setPodReady(name, ready) {
      const pod = pods.get(name);
      if (!pod) throw new Error(`the lab cluster has no pod ${name}`);
      pod.ready = ready;
      putPod(markRunning(podObjectOf(name), ready));
    },
    setBehavior(podName, change) {
      const pod = pods.get(podName);
      if (!pod) throw new Error(`the lab cluster has no pod ${podName}`);
      pod.backend.setBehavior(change);
    },
    forbid: (rule) => void forbidden.add(rule),
    allow: (rule) => void forbidden.delete(rule),
    addService(spec) {
      store.put('services', serviceObject({ ...spec, namespace }));
      syncEndpointSlices();
    },
    async close() {
      closed = true;
      await Promise.allSettled(replacements);
      await api.close();
      await Promise.all([...pods.values()].map((pod) => pod.backend.close()));
      pods.clear();
      if (kubeconfigDir) rmSync(kubeconfigDir, { recursive: true, force: true });
    },
  };
}

/** What changes an EndpointSlice in substance (not its resourceVersion). */
function content(slice: KubeObject): unknown {
  return [slice.endpoints, slice.ports];
}

function labKubeconfig(server: string, token: string, certs: ReturnType<typeof labCertificates>): string {
  const execCredential = JSON.stringify({
    apiVersion: 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    status: { token },
  });
  const cluster = { server, 'certificate-authority': certs.ca };
  const context = (name: string, user: string) => ({
    name,
    context: { cluster: 'lab', user, namespace: LAB_NAMESPACE },
  });
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'lab',
    clusters: [{ name: 'lab', cluster }],
    users: [
      { name: 'lab-token', user: { token } },
      {
        name: 'lab-exec',
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1',
            command: process.execPath,
            args: ['-e', `process.stdout.write(${JSON.stringify(execCredential)})`],
            interactiveMode: 'Never',
          },
        },
      },
      { name: 'lab-cert', user: { 'client-certificate': certs.clientCert, 'client-key': certs.clientKey } },
    ],
    contexts: [context('lab', 'lab-token'), context('lab-exec', 'lab-exec'), context('lab-cert', 'lab-cert')],
  });
}

/** A port free on every pod IP, so all pods share one containerPort as real pods do. */
async function commonFreePort(ips: readonly string[]): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await listenOnce(ips[0] ?? '127.0.0.1', 0);
    if (port === undefined) continue;
    const rest = await Promise.all(ips.slice(1).map((ip) => listenOnce(ip, port)));
    if (rest.every((p) => p === port)) return port;
  }
  throw new Error(`no port is free on all of ${ips.join(', ')}`);
}

function listenOnce(host: string, port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, host, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}
