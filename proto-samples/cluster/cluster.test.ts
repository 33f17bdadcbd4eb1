import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForwardManager } from '../../main/engine/k8s/forward-manager';
import { startLabCluster } from './cluster';
import type { LabCluster } from './cluster';

const run = promisify(execFile);
let cluster: LabCluster;
let cacheDir: string;

/** kubectl on the PATH, or why the kubectl tests skip. */
const kubectlMissing = await run('kubectl', ['version', '--client'], { timeout: 20_000 }).then(
  () => undefined,
  (error: Error) => `kubectl is not usable here (${error.message.split('\n')[0]})`,
);
if (kubectlMissing) console.warn(`skipping the kubectl tests: ${kubectlMissing}`);

beforeAll(async () => {
  cluster = await startLabCluster();
  cacheDir = mkdtempSync(join(tmpdir(), 'kubectl-cache-'));
});
afterAll(async () => {
  await cluster?.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

/** Runs kubectl against the lab (asynchronously: the lab's API server runs in this process). */
async function kubectl(...args: string[]): Promise<string> {
  const { stdout } = await run('kubectl', ['--kubeconfig', cluster.kubeconfigPath, '--cache-dir', cacheDir, ...args], {
    timeout: 30_000,
  });
  return stdout;
}

interface PodJson {
  metadata: { name: string; ownerReferences: { kind: string }[] };
  spec: { nodeName: string };
  status: { podIP: string; phase: string; conditions: { type: string; status: string }[] };
}

const apiGet = async (path: string, token?: string) => {
  const config = parse(readFileSync(cluster.kubeconfigPath, 'utf8')) as {
    users: { name: string; user: { token?: string } }[];
    clusters: { cluster: { 'certificate-authority': string } }[];
  };
  const bearer = token ?? config.users.find((u) => u.name === 'lab-token')?.user.token;
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      `${cluster.url}${path}`,
      {
        ca: readFileSync(config.clusters[0]?.cluster['certificate-authority'] as string),
        headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
};

describe('the lab cluster API', () => {
  it('refuses requests without credentials, with a Status body', async () => {
    const response = await apiGet('/api/v1/namespaces/lab/pods', 'wrong');
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body)).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
  });

  it('serves discovery, pods with their status, and a 404 Status for a missing pod', async () => {
    expect(JSON.parse((await apiGet('/version')).body)).toMatchObject({ major: '1', gitVersion: expect.any(String) });
    const resources = JSON.parse((await apiGet('/api/v1')).body) as { resources: { name: string }[] };
    expect(resources.resources.map((r) => r.name)).toEqual(
      expect.arrayContaining(['pods', 'pods/portforward', 'services', 'namespaces']),
    );
    const pods = JSON.parse((await apiGet('/api/v1/namespaces/lab/pods?labelSelector=app%3Duser')).body) as {
      items: PodJson[];
    };
    expect(pods.items.map((p) => p.status.podIP)).toEqual(cluster.pods().map((p) => p.ip));
    const missing = await apiGet('/api/v1/namespaces/lab/pods/nope');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({ reason: 'NotFound', message: 'pods "nope" not found' });
    cluster.forbid('list services');
    try {
      const forbidden = await apiGet('/api/v1/namespaces/lab/services');
      expect(forbidden.status).toBe(403);
      expect(JSON.parse(forbidden.body).message).toBe(
        'services is forbidden: User "lab-user" cannot list resource "services" in API group "" in the namespace "lab"',
      );
    } finally {
      cluster.allow('list services');
    }
  });
});

describe.skipIf(kubectlMissing !== undefined)('kubectl against the lab cluster', () => {
  it('kubectl get pods prints the lab pods Ready and Running', async () => {
    const table = await kubectl('get', 'pods', '-o', 'wide');
    for (const pod of cluster.pods())
      expect(table).toMatch(
        new RegExp(`${pod.name}\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+${pod.ip.replace(/\./g, '\\.')}\\s+${pod.node}`),
      );
  });

  it("kubectl's view of the pods agrees with the lab's and with a per-pod forward's", async () => {
    const view = JSON.parse(await kubectl('get', 'pods', '-o', 'json')) as { items: PodJson[] };
    const kubectlPods = view.items.map((p) => ({
      name: p.metadata.name,
      ip: p.status.podIP,
      node: p.spec.nodeName,
      ready: p.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True'),
    }));
    const labPods = cluster.pods().map(({ name, ip, node, ready }) => ({ name, ip, node, ready }));
    expect(kubectlPods).toEqual(labPods);
    expect(view.items.every((p) => p.metadata.ownerReferences[0]?.kind === 'ReplicaSet')).toBe(true);

    const manager = new ForwardManager();
    try {
      const forward = await manager.open({
        kubeconfig: cluster.kubeconfigPath,
        target: { kind: 'service', name: 'user-svc' },
        remotePort: 'grpc',
        mode: 'per-pod',
      });
      const forwarded = forward
        .ports()
        .map((port) => ({ name: port.pod?.name, ip: port.pod?.ip, node: port.pod?.node, ready: port.pod?.ready }))
        .sort((a, b) => String(a.name).localeCompare(String(b.name)));
      expect(forwarded).toEqual([...kubectlPods].sort((a, b) => a.name.localeCompare(b.name)));
    } finally {
      await manager.closeAll();
    }
  });

  it('kubectl get svc,endpointslices -o json shows the three Services and their slices', async () => {
    const view = JSON.parse(await kubectl('get', 'svc,endpointslices', '-o', 'json')) as {
      items: {
        kind: string;
        metadata: { name: string; labels?: Record<string, string> };
        spec?: { clusterIP: string; ports: { name?: string; appProtocol?: string }[] };
        endpoints?: { addresses: string[]; conditions: { ready: boolean } }[];
      }[];
    };
    const services = view.items.filter((i) => i.kind === 'Service');
    expect(services.map((s) => [s.metadata.name, s.spec?.clusterIP, s.spec?.ports[0]?.name])).toEqual([
      ['user-svc', '10.96.0.10', 'grpc'],
      ['user-headless', 'None', 'grpc'],
      ['user-legacy', '10.96.0.12', undefined],
    ]);
    const slices = view.items.filter((i) => i.kind === 'EndpointSlice');
    expect(slices.map((s) => s.metadata.labels?.['kubernetes.io/service-name'])).toEqual([
      'user-svc',
      'user-headless',
      'user-legacy',
    ]);
    for (const slice of slices)
      expect(slice.endpoints?.flatMap((e) => e.addresses).sort()).toEqual(
        cluster
          .pods()
          .map((p) => p.ip)
          .sort(),
      );
  });

  it('kubectl delete pod --wait=false: the pod goes, a replacement with a new name comes up Ready', async () => {
    const victim = cluster.pods()[0];
    expect(await kubectl('delete', 'pod', victim?.name as string, '--wait=false')).toBe(
      `pod "${victim?.name}" deleted\n`,
    );
    const deadline = Date.now() + 5_000;
    let names: string[] = [];
    while (Date.now() < deadline) {
      const view = JSON.parse(await kubectl('get', 'pods', '-o', 'json')) as { items: PodJson[] };
      names = view.items
        .filter((p) => p.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True'))
        .map((p) => p.metadata.name);
      if (names.length === 3 && !names.includes(victim?.name as string)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(names).toHaveLength(3);
    expect(names).not.toContain(victim?.name);
    expect(names.sort()).toEqual(
      cluster
        .pods()
        .map((p) => p.name)
        .sort(),
    );
  });

  it('kubectl with the exec-plugin and client-certificate contexts', async () => {
    expect(await kubectl('--context', 'lab-exec', 'get', 'deploy', 'user', '-o', 'name')).toBe(
      'deployment.apps/user\n',
    );
    expect(await kubectl('--context', 'lab-cert', 'get', 'ns', '-o', 'name')).toBe(
      'namespace/default\nnamespace/lab\n',
    );
  });

  it('kubectl port-forward (SPDY, or SPDY tunnelled in a WebSocket) is refused with a message saying why', async () => {
    const failure = await kubectl('port-forward', 'svc/user-svc', '0:grpc').then(
      () => '',
      (error: { stderr?: string }) => error.stderr ?? '',
    );
    expect(failure).toContain(
      'the lab cluster speaks port-forward over WebSocket (v4.channel.k8s.io or channel.k8s.io) only',
    );
  });
});
