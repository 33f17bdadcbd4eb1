import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabCluster } from '../../../proto-samples/cluster/cluster';
import type { LabCluster } from '../../../proto-samples/cluster/cluster';
import { checkServiceInCluster } from './check-service';

let cluster: LabCluster;
beforeAll(async () => {
  cluster = await startLabCluster();
  cluster.addService({
    name: 'user-typo',
    clusterIP: 'None',
    selector: { app: 'usr' },
    ports: [{ name: 'grpc', port: 50051, targetPort: 'grpc' }],
  });
});
afterAll(() => cluster?.close());

const check = (service: string) => checkServiceInCluster({ kubeconfig: cluster.kubeconfigPath, service });
const ids = (findings: { severity: string; id: string }[]) => findings.map((f) => `${f.severity}:${f.id}`);

describe('checkServiceInCluster on the lab cluster', () => {
  it('user-svc: ClusterIP with a grpc port → pinned at L4', async () => {
    const result = await check('user-svc');
    expect(result).toMatchObject({ service: 'user-svc', namespace: 'lab', ok: false });
    expect(ids(result.findings)).toEqual(['warning:pinned-l4', 'info:ready-endpoints']);
    expect(result.findings[1]?.text).toBe('3 Ready endpoint(s) of 3 matching pod(s) on port grpc.');
  });

  it('user-headless: headless with a grpc port → fine with round_robin', async () => {
    const result = await check('user-headless');
    expect(result.ok).toBe(true);
    expect(ids(result.findings)).toEqual(['info:headless', 'info:ready-endpoints']);
  });

  it('user-legacy: ClusterIP, unnamed port, no appProtocol → pinned, and TCP to a mesh', async () => {
    const result = await check('user-legacy');
    expect(result.ok).toBe(false);
    expect(ids(result.findings)).toEqual(['warning:pinned-l4', 'warning:mesh-tcp', 'info:ready-endpoints']);
  });

  it('a selector that matches nothing; no Ready endpoints; a Service that does not exist', async () => {
    expect(ids((await check('user-typo')).findings)).toEqual(['info:headless', 'error:selector-matches-nothing']);
    for (const pod of cluster.pods()) cluster.setPodReady(pod.name, false);
    try {
      expect(ids((await check('user-headless')).findings)).toEqual(['info:headless', 'error:no-ready-endpoints']);
    } finally {
      for (const pod of cluster.pods()) cluster.setPodReady(pod.name, true);
    }
    await expect(check('orders')).rejects.toThrow('Service orders not found in namespace lab of context lab');
  });
});
