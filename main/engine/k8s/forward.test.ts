import * as grpc from '@grpc/grpc-js';
import { create } from '@bufbuild/protobuf';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../shared/api/errors';
import { startLabCluster } from '../../../proto-samples/cluster/cluster';
import type { LabCluster } from '../../../proto-samples/cluster/cluster';
import { BACKEND_HEADER } from '../../../proto-samples/lab/backend-interceptor';
import { serverStreamCall, unaryCall } from '../../../proto-samples/lab/testing/calls';
import { GetUserRequestSchema, ListUsersRequestSchema, UserService } from '../../../proto-samples/gen/user/v1/user_pb';
import type { Forward, ForwardStateChange } from './forward';
import { ForwardManager } from './forward-manager';
import type { ForwardOptions } from './forward-manager';

let cluster: LabCluster;
let manager: ForwardManager;
let scratch: string;

beforeAll(async () => {
  cluster = await startLabCluster();
  scratch = mkdtempSync(join(tmpdir(), 'forward-test-'));
});
afterAll(async () => {
  await manager?.closeAll();
  await cluster?.close();
  rmSync(scratch, { recursive: true, force: true });
});
beforeEach(async () => {
  await manager?.closeAll();
  manager = new ForwardManager();
  for (const pod of cluster.pods()) if (!pod.ready) cluster.setPodReady(pod.name, true);
});

const open = (options: Partial<ForwardOptions> = {}) =>
  manager.open({
    kubeconfig: cluster.kubeconfigPath,
    target: { kind: 'service', name: 'user-svc' },
    remotePort: 'grpc',
    ...options,
  });

/** Who answers a GetUser through this address (the pod's name, from x-backend). */
async function backendAt(address: string): Promise<string> {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  try {
    const outcome = await unaryCall(client, UserService.method.getUser, create(GetUserRequestSchema, { id: 'u1' }), {
      options: { deadline: Date.now() + 5_000 },
    });
    expect(outcome.status.code, outcome.status.details).toBe(grpc.status.OK);
    return String(outcome.headers?.get(BACKEND_HEADER)[0]);
  } finally {
    client.close();
  }
}

function nextState(forward: Forward, test: (change: ForwardStateChange) => boolean, timeoutMs = 5_000) {
  return new Promise<ForwardStateChange>((resolve, reject) => {
    const timer = setTimeout(() => {
      forward.off('state', listener);
      reject(new Error(`no such state change within ${timeoutMs} ms; log: ${JSON.stringify(forward.snapshot().log)}`));
    }, timeoutMs);
    const listener = (change: ForwardStateChange) => {
      if (!test(change)) return;
      clearTimeout(timer);
      forward.off('state', listener);
      resolve(change);
    };
    forward.on('state', listener);
  });
}

async function expectFailure(promise: Promise<unknown>): Promise<WorkbenchError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkbenchError);
  return error as WorkbenchError;
}

describe('single forward', () => {
  it('is ready on one Ready pod, answers through 127.0.0.1, and shows the pod', async () => {
    const forward = await open();
    const [port] = forward.ports();
    expect(port?.localAddress).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(port?.state).toBe('ready');
    expect(port?.probe).toMatchObject({ ok: true, method: 'health', servingStatus: 'SERVING' });
    const pod = cluster.pods().find((p) => p.name === port?.pod?.name);
    expect(pod).toBeDefined();
    expect(port?.pod).toMatchObject({ node: pod?.node, ip: pod?.ip, restarts: 0, ready: true });
    expect(await backendAt(port?.localAddress as string)).toBe(pod?.name);
    expect(forward.snapshot().log.map((entry) => entry.state)).toEqual(['connecting', 'connecting', 'ready']);
  });

  it('follows a deleted pod to another Ready pod within about a second, and the next call succeeds there', async () => {
    const forward = await open();
    const address = forward.ports()[0]?.localAddress as string;
    const first = forward.ports()[0]?.pod?.name as string;
    const client = new grpc.Client(address, grpc.credentials.createInsecure());
    try {
      const call = () =>
        unaryCall(client, UserService.method.getUser, create(GetUserRequestSchema, { id: 'u1' }), {
          options: { deadline: Date.now() + 5_000 },
        });
      expect((await call()).headers?.get(BACKEND_HEADER)).toEqual([first]);

      const deletedAt = Date.now();
      const readyAgain = nextState(forward, (c) => c.state === 'ready' && c.pod !== first);
      const replacement = await cluster.deletePod(first);
      const ready = await readyAgain;
      expect(Date.now() - deletedAt).toBeLessThan(1_500);

      const log = forward.snapshot().log;
      const reconnecting = log.findIndex(
        (entry) => entry.state === 'reconnecting' && /was deleted|terminating/.test(entry.reason ?? ''),
      );
      expect(reconnecting, JSON.stringify(log)).toBeGreaterThan(-1);
      expect(log.slice(reconnecting).some((entry) => entry.state === 'ready' && entry.pod === ready.pod)).toBe(true);
      expect(log[reconnecting]?.reason).toContain(first);

      // The same channel: its connection to the deleted pod broke; it reconnects through the forward.
      const after = await call();
      expect(after.status.code, after.status.details).toBe(grpc.status.OK);
      expect(after.headers?.get(BACKEND_HEADER)).toEqual([ready.pod]);
      expect(forward.ports()[0]?.pod?.name).toBe(ready.pod);
      expect(cluster.pods().map((p) => p.name)).toContain(replacement.name);
      expect(cluster.pods().map((p) => p.name)).not.toContain(first);
    } finally {
      client.close();
    }
  });

  it('survives a pod deleted in the middle of a stream: the stream fails, the process and the forward carry on', async () => {
    const forward = await open();
    const address = forward.ports()[0]?.localAddress as string;
    const pod = forward.ports()[0]?.pod?.name as string;
    const client = new grpc.Client(address, grpc.credentials.createInsecure());
    try {
      const stream = serverStreamCall(
        client,
        UserService.method.listUsers,
        create(ListUsersRequestSchema, { count: 1000, interval: { nanos: 20_000_000 } }),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      await cluster.deletePod(pod);
      const outcome = await stream;
      expect(outcome.messages.length).toBeGreaterThan(0);
      expect(outcome.messages.length).toBeLessThan(1000);
      expect(outcome.status.code).not.toBe(grpc.status.OK);
      await nextState(forward, (c) => c.state === 'ready' && c.pod !== pod).catch(() => undefined);
      expect(forward.snapshot().state).toBe('ready');
      expect(await backendAt(address)).not.toBe(pod);
    } finally {
      client.close();
    }
  });

  it('says so while no pod is Ready, with a backoff capped at 5 s, and recovers on the watch event', async () => {
    const forward = await open();
    const waiting = nextState(forward, (c) => c.state === 'reconnecting' && /no Ready pod/.test(c.reason ?? ''));
    for (const pod of cluster.pods()) cluster.setPodReady(pod.name, false);
    const change = await waiting;
    expect(change.reason).toMatch(/waiting for one \(watching; checking again in \d+/);
    expect(forward.ports()[0]?.pod).toBeUndefined();
    const back = cluster.pods()[1]?.name as string;
    const ready = nextState(forward, (c) => c.state === 'ready' && c.pod === back, 2_000);
    const at = Date.now();
    cluster.setPodReady(back, true);
    await ready;
    expect(Date.now() - at).toBeLessThan(1_000);
    const delays = forward
      .snapshot()
      .log.map((entry) => /checking again in ([\d.]+) (ms|s)/.exec(entry.reason ?? ''))
      .filter((m) => m !== null)
      .map((m) => Number(m[1]) * (m[2] === 's' ? 1000 : 1));
    expect(Math.max(...delays)).toBeLessThanOrEqual(5_000);
  });

  it('forwards to a named pod, a Deployment and a label selector', async () => {
    const pod = cluster.pods()[2]?.name as string;
    const byPod = await open({ target: { kind: 'pod', name: pod }, remotePort: 'grpc' });
    expect(await backendAt(byPod.ports()[0]?.localAddress as string)).toBe(pod);
    const byDeployment = await open({ target: { kind: 'deployment', name: 'user' }, remotePort: cluster.podPort });
    expect(byDeployment.snapshot().target).toBe('deploy/user');
    expect(cluster.pods().map((p) => p.name)).toContain(
      await backendAt(byDeployment.ports()[0]?.localAddress as string),
    );
    const bySelector = await open({ target: { kind: 'selector', selector: 'app=user' }, remotePort: 'grpc' });
    expect(bySelector.snapshot().ports[0]?.state).toBe('ready');
  });
});

describe('per-pod forward', () => {
  it('opens one local port per Ready pod, each answering as its pod, and a NotReady pod leaves', async () => {
    const forward = await open({ mode: 'per-pod' });
    const ports = forward.ports();
    expect(ports).toHaveLength(3);
    const answers = await Promise.all(ports.map((port) => backendAt(port.localAddress)));
    expect(new Set(answers)).toEqual(new Set(cluster.pods().map((p) => p.name)));
    expect(answers).toEqual(ports.map((port) => port.pod?.name));

    const leaving = ports[0] as (typeof ports)[number];
    const portsChanged = new Promise<void>((resolve) =>
      forward.on('ports', (now) => {
        if (!now.some((p) => p.pod?.name === leaving.pod?.name)) resolve();
      }),
    );
    cluster.setPodReady(leaving.pod?.name as string, false);
    await portsChanged;
    expect(forward.ports().map((p) => p.pod?.name)).not.toContain(leaving.pod?.name);
    expect(forward.ports()).toHaveLength(2);
    expect(
      forward
        .snapshot()
        .log.some(
          (e) => e.pod === leaving.pod?.name && /left the Service's Ready endpoints|not Ready/.test(e.reason ?? ''),
        ),
    ).toBe(true);

    const back = new Promise<void>((resolve) =>
      forward.on('ports', (now) => {
        if (now.filter((p) => p.state === 'ready').length === 3) resolve();
      }),
    );
    cluster.setPodReady(leaving.pod?.name as string, true);
    await back;
    const returned = forward.ports().find((p) => p.pod?.name === leaving.pod?.name);
    expect(await backendAt(returned?.localAddress as string)).toBe(leaving.pod?.name);
  });

  it('a deleted pod leaves the fan-out and its replacement joins it, named by its new name', async () => {
    const forward = await open({ mode: 'per-pod' });
    const victim = forward.ports()[1]?.pod?.name as string;
    const joined = new Promise<void>((resolve) =>
      forward.on('ports', (now) => {
        const names = now.filter((p) => p.state === 'ready').map((p) => p.pod?.name);
        if (names.length === 3 && !names.includes(victim)) resolve();
      }),
    );
    const replacement = await cluster.deletePod(victim);
    await joined;
    const port = forward.ports().find((p) => p.pod?.name === replacement.name);
    expect(port?.state).toBe('ready');
    expect(await backendAt(port?.localAddress as string)).toBe(replacement.name);
    expect(
      forward.snapshot().log.some((e) => e.pod === victim && /was deleted|terminating|left/.test(e.reason ?? '')),
    ).toBe(true);
  });

  it('resolves k8s:// per pod: a round_robin target, backends named by pod, the endpoints as known backends', async () => {
    const resolved = await manager.resolveK8sTargetPerPod(`k8s://lab/user-svc:grpc`, {
      kubeconfig: cluster.kubeconfigPath,
    });
    expect(resolved.backends).toHaveLength(3);
    expect(resolved.grpcTarget).toBe(`ipv4:${resolved.backends.map((b) => b.address).join(',')}`);
    expect(resolved.knownBackends).toEqual(
      cluster
        .pods()
        .map((p) => p.name)
        .sort(),
    );
    const client = new grpc.Client(resolved.grpcTarget, grpc.credentials.createInsecure(), {
      'grpc.service_config': JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] }),
    });
    try {
      const seen = new Set<string>();
      for (let i = 0; i < 9; i++) {
        const outcome = await unaryCall(client, UserService.method.getUser, create(GetUserRequestSchema, { id: 'u1' }));
        seen.add(String(outcome.headers?.get(BACKEND_HEADER)[0]));
      }
      expect(seen).toEqual(new Set(resolved.knownBackends));
    } finally {
      client.close();
    }
  });
});

describe('k8s:// single resolver', () => {
  it('opens one forward and reuses it for the same target', async () => {
    const target = 'k8s://lab/user-svc:grpc';
    const first = await manager.resolveK8sTarget(target, { kubeconfig: cluster.kubeconfigPath });
    const second = await manager.resolveK8sTarget(target, { kubeconfig: cluster.kubeconfigPath });
    expect(second.forward).toBe(first.forward);
    expect(first.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(manager.list()).toHaveLength(1);
    expect(cluster.pods().map((p) => p.name)).toContain(await backendAt(first.address));
    const byNumber = await manager.resolveK8sTarget('k8s://lab-exec/lab/user-legacy:50051', {
      kubeconfig: cluster.kubeconfigPath,
    });
    expect(byNumber.forward).not.toBe(first.forward);
    expect(byNumber.forward.snapshot().context).toBe('lab-exec');
    const byCertificate = await manager.resolveK8sTarget('k8s://lab-cert/lab/user-headless:grpc', {
      kubeconfig: cluster.kubeconfigPath,
    });
    expect(cluster.pods().map((p) => p.name)).toContain(await backendAt(byCertificate.address));
  });
});

describe('errors name what is at fault', () => {
  it('no kubeconfig, unknown context', async () => {
    const missing = join(scratch, 'nope.yaml');
    const none = await expectFailure(open({ kubeconfig: missing }));
    expect(none.message).toContain(`no kubeconfig: ${missing}`);
    expect(none.setting).toBe('kubeconfig');
    expect(none.hint).toContain('$KUBECONFIG');
    const context = await expectFailure(open({ context: 'prod' }));
    expect(context.message).toContain('unknown context "prod"');
    expect(context.hint).toContain('lab, lab-exec, lab-cert');
    expect(context.setting).toBe('kubeContext');
  });

  it('API server unreachable', async () => {
    const closed = await closedPort();
    const file = join(scratch, 'unreachable.yaml');
    writeFileSync(
      file,
      readFileSync(cluster.kubeconfigPath, 'utf8').replace(cluster.url, `https://127.0.0.1:${closed}`),
    );
    const error = await expectFailure(open({ kubeconfig: file }));
    expect(error.kind).toBe('refused');
    expect(error.message).toContain(`cannot reach the API server https://127.0.0.1:${closed} of context lab`);
  });

  it('Forbidden names the RBAC verb and resource', async () => {
    cluster.forbid('create pods/portforward');
    try {
      const error = await expectFailure(open());
      expect(error.message).toContain('Forbidden');
      expect(error.message).toContain('create pods/portforward');
      expect(error.hint).toContain('kubectl auth can-i create pods/portforward -n lab');
    } finally {
      cluster.allow('create pods/portforward');
    }
    cluster.forbid('list pods');
    try {
      const error = await expectFailure(open());
      expect(error.message).toContain('may not list pods in namespace lab');
    } finally {
      cluster.allow('list pods');
    }
  });

  it('namespace, Service, pod not found; no such Service port; no Ready pod', async () => {
    const namespace = await expectFailure(open({ namespace: 'shop' }));
    expect(namespace.message).toBe('namespace shop not found in context lab');
    const service = await expectFailure(open({ target: { kind: 'service', name: 'orders' } }));
    expect(service.message).toBe('Service orders not found in namespace lab of context lab');
    const pod = await expectFailure(open({ target: { kind: 'pod', name: 'user-0' } }));
    expect(pod.message).toBe('pod user-0 not found in namespace lab of context lab');
    const port = await expectFailure(open({ remotePort: 'http' }));
    expect(port.message).toBe('Service user-svc has no port "http"; its ports are grpc (50051)');

    for (const p of cluster.pods()) cluster.setPodReady(p.name, false);
    const none = await expectFailure(open());
    expect(none.message).toMatch(/^no Ready pod for svc\/user-svc: .* \(Running, not Ready\)/);
    const nonePerPod = await expectFailure(open({ mode: 'per-pod' }));
    expect(nonePerPod.message).toContain('no Ready pod for svc/user-svc');
  });

  it('a pod that does not listen on the port: the error says so, from the tunnel', async () => {
    const pod = cluster.pods()[0]?.name as string;
    const error = await expectFailure(open({ target: { kind: 'pod', name: pod }, remotePort: 1 }));
    expect(error.message).toContain(`the tunnel to pod ${pod} failed: error forwarding port 1 to pod ${pod}`);
  });

  it('a local port in use gets a clear message and a free port suggested', async () => {
    const taken = await listening();
    try {
      const port = (taken.address() as { port: number }).port;
      const error = await expectFailure(open({ localPort: port }));
      expect(error.message).toBe(`local port ${port} on 127.0.0.1 is in use`);
      expect(error.hint).toMatch(/^Pick another local port, e\.g\. \d+/);
    } finally {
      taken.close();
    }
  });
});

function listening(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function closedPort(): Promise<number> {
  const server = await listening();
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
