import * as grpc from '@grpc/grpc-js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabCluster, type LabCluster } from '../../proto-samples/cluster/cluster';
import { freePort } from '../../test/support/ports';
import { runCli } from './run';
import { runCliInProcess } from './testing/run-in-process';

/** The CLI against the lab cluster (a Kubernetes API stand-in whose pods are lab backends), on loopback. */

let cluster: LabCluster;
let scratch: string;
const savedKubeconfig = process.env.KUBECONFIG;
const getUser = ['-plaintext', 'user.v1.UserService/GetUser', '-d', '{"id":"u1"}'];

beforeAll(async () => {
  cluster = await startLabCluster();
  scratch = mkdtempSync(join(tmpdir(), 'cli-cluster-'));
  // k8s:// targets read the kubeconfig kubectl would: $KUBECONFIG.
  process.env.KUBECONFIG = cluster.kubeconfigPath;
});
afterAll(async () => {
  if (savedKubeconfig === undefined) delete process.env.KUBECONFIG;
  else process.env.KUBECONFIG = savedKubeconfig;
  await cluster?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const podNames = () =>
  cluster
    .pods()
    .map((pod) => pod.name)
    .sort();

interface BurstJson {
  calls: number;
  ok: number;
  backends: { id: string; hits: number }[];
  knownBackends: string[];
  verdict: { kind: string; text: string };
}

describe('burst over k8s://', () => {
  it('fans out per pod: round_robin over one forward per Ready pod, backends named by their pods', async () => {
    const run = await runCliInProcess([
      'burst',
      'k8s://lab/user-svc:grpc',
      ...getUser,
      '-n',
      '90',
      '-c',
      '6',
      '--output',
      'json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as BurstJson;
    expect(report.ok).toBe(90);
    expect(report.backends.map((backend) => backend.id).sort()).toEqual(podNames());
    for (const backend of report.backends) expect(backend.hits).toBeGreaterThan(0);
    expect(report.knownBackends).toEqual(podNames());
    expect(report.verdict.kind).toBe('balanced');
  });

  it('shows a pod that got nothing as zero: a NotReady pod stays a known backend', async () => {
    const [first] = podNames();
    cluster.setPodReady(first as string, false);
    try {
      const run = await runCliInProcess([
        'burst',
        'k8s://lab/user-svc:grpc',
        ...getUser,
        '-n',
        '40',
        '--output',
        'json',
      ]);
      const report = JSON.parse(run.stdout) as BurstJson;
      expect(report.backends.find((backend) => backend.id === first)).toMatchObject({ hits: 0 });
      expect(report.backends.filter((backend) => backend.hits > 0)).toHaveLength(2);
    } finally {
      cluster.setPodReady(first as string, true);
    }
  });

  it('through a single forward, the verdict says the forward pins it and offers the per-pod burst', async () => {
    const run = await runCliInProcess([
      'burst',
      'k8s://lab/user-svc:grpc',
      ...getUser,
      '-n',
      '30',
      '--forward',
      'single',
      '--output',
      'json',
    ]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as BurstJson;
    expect(report.backends).toHaveLength(1);
    const pod = report.backends[0]?.id as string;
    expect(podNames()).toContain(pod);
    expect(report.verdict.kind).toBe('pinned');
    expect(report.verdict.text).toContain(
      `A port-forward carries every connection to one pod (${pod}); this says nothing about how the Service balances in the cluster.`,
    );
    expect(report.verdict.text).toContain('--forward per-pod on k8s://lab/user-svc:grpc');
  });

  it('reaches list and a unary call through k8s:// too', async () => {
    const list = await runCliInProcess(['-plaintext', 'k8s://lab/user-headless:grpc', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('user.v1.UserService\n');
    const call = await runCliInProcess([
      '-plaintext',
      '-d',
      '{"id":"u1"}',
      'k8s://lab/user-svc:50051',
      'user.v1.UserService/GetUser',
    ]);
    expect(call.code).toBe(0);
    expect(call.stdout).toContain('"id": "u1"');
  });
});

describe('k8s check', () => {
  it('exits 1 for the pinned ClusterIP Services and 0 for the headless one', async () => {
    const svc = await runCliInProcess([
      'k8s',
      'check',
      '--kubeconfig',
      cluster.kubeconfigPath,
      '-n',
      'lab',
      'svc/user-svc',
    ]);
    expect(svc.code).toBe(1);
    expect(svc.stdout).toMatch(/^Service lab\/user-svc: 1 problem for gRPC\n/);
    expect(svc.stdout).toContain('pinned-l4');
    const headless = await runCliInProcess(['k8s', 'check', 'svc/user-headless']);
    expect(headless.code).toBe(0);
    expect(headless.stdout).toContain('nothing wrong for gRPC');
    const legacy = await runCliInProcess(['k8s', 'check', 'svc/user-legacy', '-o', 'json']);
    expect(legacy.code).toBe(1);
    const ids = (JSON.parse(legacy.stdout) as { findings: { id: string }[] }).findings.map((finding) => finding.id);
    expect(ids).toEqual(expect.arrayContaining(['pinned-l4', 'mesh-tcp']));
  });
});

describe('health over k8s://', () => {
  let bare: grpc.Server;
  let bareAddress: string;
  beforeAll(async () => {
    bare = new grpc.Server();
    const port = await new Promise<number>((resolve, reject) =>
      bare.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    bareAddress = `127.0.0.1:${port}`;
  });
  afterAll(() => bare.forceShutdown());

  it('exits like grpc_health_probe: 0 SERVING, 4 NOT_SERVING, 3 without a health service, 2 without a connection', async () => {
    expect((await runCliInProcess(['health', '-plaintext', 'k8s://lab/user-svc:grpc'])).code).toBe(0);
    for (const pod of cluster.pods()) cluster.setBehavior(pod.name, { notServing: true });
    try {
      const sick = await runCliInProcess(['health', '-plaintext', 'k8s://lab/user-svc:grpc']);
      expect(sick).toMatchObject({ code: 4, stdout: '{\n  "status": "NOT_SERVING"\n}\n' });
    } finally {
      for (const pod of cluster.pods()) cluster.setBehavior(pod.name, { notServing: false });
    }
    const unimplemented = await runCliInProcess(['health', '-plaintext', bareAddress]);
    expect(unimplemented.code).toBe(3);
    expect(unimplemented.stderr).toContain('Unimplemented');
    const noCluster = await runCliInProcess(['health', '-plaintext', 'k8s://lab/no-such-svc:grpc']);
    expect(noCluster.code).toBe(2);
    expect(noCluster.stderr).toMatch(/^Error: Service no-such-svc not found in namespace lab/);
  });
});

describe('every cluster error is one clear line', () => {
  it.each([
    [['forward', '--context', 'nope', 'svc/user-svc', 'grpc'], /^Error: unknown context "nope" in /],
    [['forward', '-n', 'nowhere', 'svc/user-svc', 'grpc'], /^Error: namespace nowhere not found in context lab/],
    [['forward', 'svc/no-such', 'grpc'], /^Error: Service no-such not found in namespace lab of context lab/],
    [['forward', 'pod/no-such', '50051'], /^Error: pod no-such not found in namespace lab/],
    [['forward', 'svc/user-svc', 'http'], /^Error: Service user-svc has no port "http"; its ports are /],
    [['forward', '-l', 'app=nobody', '50051'], /^Error: no Ready pod for -l app=nobody: no pods matching app=nobody/],
    [['forward', 'svc/user-svc'], /^forward: the target and the port are missing/],
    [['k8s', 'check', 'svc/no-such'], /^Error: Service no-such not found in namespace lab/],
  ])('%j', async (argv, message) => {
    const run = await runCliInProcess(argv);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('names a missing kubeconfig and an API server that is not there', async () => {
    const missing = await runCliInProcess(['forward', '--kubeconfig', join(scratch, 'none'), 'svc/user-svc', 'grpc']);
    expect(missing.stderr).toMatch(/^Error: no kubeconfig: .*none does not exist\nHint: /);
    const port = await freePort();
    const config = join(scratch, 'unreachable.kubeconfig');
    writeFileSync(
      config,
      `apiVersion: v1\nkind: Config\ncurrent-context: gone\nclusters: [{name: gone, cluster: {server: "https://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: gone, context: {cluster: gone, user: u, namespace: lab}}]\n`,
    );
    const unreachable = await runCliInProcess(['k8s', 'check', '--kubeconfig', config, 'svc/user-svc']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(
      new RegExp(`^Error: cannot reach the API server https://127.0.0.1:${port} of context gone: connection refused`),
    );
  });

  it('names the RBAC verb and resource when port-forwarding is Forbidden', async () => {
    cluster.forbid('create pods/portforward');
    try {
      const run = await runCliInProcess(['forward', 'svc/user-svc', 'grpc']);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /^Error: Forbidden: the user of context lab may not create pods\/portforward in namespace lab/,
      );
    } finally {
      cluster.allow('create pods/portforward');
    }
  });
});

describe('forward', () => {
  it('prints its local address, follows a deleted pod to its replacement, and closes cleanly on interrupt', async () => {
    const stdout = new PassThrough().setEncoding('utf8');
    const stderr = new PassThrough().setEncoding('utf8');
    let out = '';
    let err = '';
    stdout.on('data', (chunk: string) => (out += chunk));
    stderr.on('data', (chunk: string) => (err += chunk));
    const interrupt = new AbortController();
    const exit = runCli(['forward', 'svc/user-svc', 'grpc'], {
      stdin: Readable.from([]),
      stdout,
      stderr,
      signal: interrupt.signal,
    });
    const until = async (test: () => boolean, what: string) => {
      for (let waited = 0; !test(); waited += 50) {
        if (waited > 10_000) throw new Error(`timed out waiting for ${what}; stdout: ${out}; stderr: ${err}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await until(
      () => /Forwarding from 127\.0\.0\.1:\d+ -> svc\/user-svc .*\(pod [a-z0-9-]+\)\n/.test(out),
      'the address',
    );
    const [, address, pod] = /Forwarding from (127\.0\.0\.1:\d+) -> svc\/user-svc .*\(pod ([a-z0-9-]+)\)/.exec(
      out,
    ) as string[];
    expect(podNames()).toContain(pod);

    await cluster.deletePod(pod as string);
    // The pod watch sees it terminating (or already gone), and the forward moves on.
    const moved = new RegExp(`reconnecting [^\\n]*pod ${pod} (is terminating|was deleted)`);
    await until(() => /ready [^\n]*on pod/.test(out.split(moved)[2] ?? ''), 'ready again');
    const after = out.split(moved)[2] as string;
    const newPod = /ready [^\n]*on pod ([a-z0-9-]+)/.exec(after)?.[1];
    expect(newPod).toBeDefined();
    expect(newPod).not.toBe(pod);

    // The same local address now reaches the new pod.
    const call = await runCliInProcess([
      '-plaintext',
      '-d',
      '{"id":"u1"}',
      address as string,
      'user.v1.UserService/GetUser',
    ]);
    expect(call.code).toBe(0);

    interrupt.abort();
    expect(await exit).toBe(0);
    expect(err).toBe('');
    expect(out).toMatch(/stopped/);
  });
});
