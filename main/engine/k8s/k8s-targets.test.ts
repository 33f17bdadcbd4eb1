import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BurstReport, WorkbenchEvent } from '../../../shared/api';
import { followEvents } from '../../../shared/api';
import { startLabCluster, type LabCluster } from '../../../proto-samples/cluster/cluster';
import { createWorkbenchService, type InProcessWorkbench } from '../index';

/** Forwards through the engine's door: openForward and its events, and a burst to a forward's local address. */

let cluster: LabCluster;
let client: InProcessWorkbench;

beforeAll(async () => {
  cluster = await startLabCluster();
  client = createWorkbenchService({ hostInfo: { version: 'test', host: 'cli' }, recordMessages: false });
});
afterAll(async () => {
  await client?.dispose();
  await cluster?.close();
});

const plaintext = (target: string) => ({ target, tls: { mode: 'plaintext' as const } });

describe('a forward opened through the door', () => {
  it('streams its state by the client-chosen id, and a burst to its local address is judged as pinned by it', async () => {
    const forwardId = 'fwd-test-1';
    const states: string[] = [];
    const events = followEvents(
      client,
      forwardId,
      (event: WorkbenchEvent): event is Extract<WorkbenchEvent, { type: 'forward-end' }> =>
        event.type === 'forward-end',
      (event) => {
        if (event.type === 'forward-state') states.push(event.change.state);
      },
    );
    const snapshot = await client.openForward({
      forwardId,
      kubeconfig: cluster.kubeconfigPath,
      target: { kind: 'service', name: 'user-svc' },
      remotePort: 'grpc',
    });
    expect(snapshot).toMatchObject({ id: forwardId, state: 'ready', mode: 'single', target: 'svc/user-svc' });
    const address = snapshot.ports[0]?.localAddress as string;
    const pod = snapshot.ports[0]?.pod?.name as string;
    expect((await client.listForwards({})).forwards.map((forward) => forward.id)).toEqual([forwardId]);

    const { schemaId } = await client.loadSchema({
      sources: [{ kind: 'reflection', connection: plaintext(address) }],
    });
    const burstId = 'burst-through-forward';
    const ended = followEvents(
      client,
      burstId,
      (event: WorkbenchEvent): event is Extract<WorkbenchEvent, { type: 'burst-end' }> => event.type === 'burst-end',
    );
    await client.startBurst({
      burstId,
      schemaId,
      method: 'user.v1.UserService/GetUser',
      connection: plaintext(address),
      requestJson: '{"id":"u1"}',
      total: 20,
      concurrency: 4,
    });
    const report: BurstReport = (await ended.ended).report;
    expect(report.backends.map((backend) => backend.id)).toEqual([pod]);
    expect(report.verdict.kind).toBe('pinned');
    expect(report.verdict.text).toContain(`A port-forward carries every connection to one pod (${pod})`);
    expect(report.verdict.text).toContain('on k8s://lab/lab/user-svc:grpc');

    await client.closeForward({ forwardId });
    await events.ended;
    expect(states.at(-1)).toBe('stopped');
    expect((await client.listForwards({})).forwards).toEqual([]);
  });

  it('refuses a forward id that is still open', async () => {
    const params = {
      forwardId: 'fwd-dup',
      kubeconfig: cluster.kubeconfigPath,
      target: { kind: 'service' as const, name: 'user-svc' },
      remotePort: 'grpc',
    };
    await client.openForward(params);
    await expect(client.openForward(params)).rejects.toMatchObject({ kind: 'bad_input', subject: 'fwd-dup' });
    await client.closeForward({ forwardId: 'fwd-dup' });
  });
});

describe('browsing the cluster', () => {
  it('lists contexts, namespaces, and the Services with their pods and readiness', async () => {
    const kubeconfig = cluster.kubeconfigPath;
    const contexts = await client.listKubeContexts({ kubeconfig });
    expect(contexts.current).toBe('lab');
    expect(contexts.contexts.map((context) => context.name)).toEqual(
      expect.arrayContaining(['lab', 'lab-exec', 'lab-cert']),
    );
    expect(await client.listNamespaces({ kubeconfig })).toEqual({ namespaces: ['default', 'lab'], current: 'lab' });

    const [notReady] = cluster.pods();
    cluster.setPodReady(notReady?.name as string, false);
    try {
      const list = await client.listServices({ kubeconfig });
      expect(list.services.map((service) => service.name).sort()).toEqual(['user-headless', 'user-legacy', 'user-svc']);
      const headless = list.services.find((service) => service.name === 'user-headless');
      expect(headless).toMatchObject({ headless: true, ports: [{ name: 'grpc', port: 50051 }] });
      expect(headless?.pods.map((pod) => [pod.name, pod.ready]).sort()).toEqual(
        cluster
          .pods()
          .map((pod) => [pod.name, pod.name !== notReady?.name])
          .sort(),
      );
    } finally {
      cluster.setPodReady(notReady?.name as string, true);
    }
    await expect(client.listServices({ kubeconfig, namespace: 'nowhere' })).resolves.toMatchObject({ services: [] });
  });
});
