import { describe, expect, it } from 'vitest';
import type { EndpointSliceLike, PodLike, ServiceLike } from './objects';
import { checkService } from './service-check';

const pod = (name: string, ready = true): PodLike => ({
  metadata: { name, labels: { app: 'user' } },
  spec: { containers: [{ name: 'user', ports: [{ name: 'grpc', containerPort: 8080 }] }] },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});
const slice = (pods: PodLike[]): EndpointSliceLike => ({
  endpoints: pods.map((p) => ({
    addresses: ['10.0.0.1'],
    conditions: { ready: p.status?.conditions?.[0]?.status === 'True' },
    targetRef: { kind: 'Pod', name: p.metadata?.name ?? '' },
  })),
});
const service = (spec: NonNullable<ServiceLike['spec']>): ServiceLike => ({
  metadata: { name: 'orders', namespace: 'shop' },
  spec: { selector: { app: 'user' }, ...spec },
});
const pods = [pod('a'), pod('b')];
const ids = (result: ReturnType<typeof checkService>) => result.findings.map((f) => `${f.severity}:${f.id}`);

describe('checkService', () => {
  it('a ClusterIP Service pins a gRPC client at L4, even with the port declared', () => {
    const result = checkService({
      service: service({ clusterIP: '10.96.0.1', ports: [{ name: 'grpc', port: 50051, targetPort: 'grpc' }] }),
      endpointSlices: [slice(pods)],
      pods,
    });
    expect(ids(result)).toEqual(['warning:pinned-l4', 'info:ready-endpoints']);
    expect(result.ok).toBe(false);
    expect(result.findings[0]?.text).toContain('pinned at L4');
    expect(result.findings[0]?.fix).toContain('headless (clusterIP: None) and use round_robin');
  });

  it('headless with a grpc port is fine, and says round_robin is needed', () => {
    const result = checkService({
      service: service({ clusterIP: 'None', ports: [{ name: 'grpc-api', port: 50051, targetPort: 8080 }] }),
      endpointSlices: [slice(pods)],
      pods,
    });
    expect(ids(result)).toEqual(['info:headless', 'info:ready-endpoints']);
    expect(result.ok).toBe(true);
    expect(result.findings[0]?.fix).toContain('dns:///orders.shop.svc.cluster.local:50051');
  });

  it('an unnamed or mislabelled port without appProtocol is TCP to a mesh; appProtocol: grpc fixes it', () => {
    const unnamed = checkService({
      service: service({
        clusterIP: '10.96.0.1',
        ports: [
          { port: 50051, targetPort: 8080 },
          { name: 'http', port: 80 },
        ],
      }),
      endpointSlices: [slice(pods)],
      pods,
    });
    expect(ids(unnamed)).toEqual(['warning:pinned-l4', 'warning:mesh-tcp', 'warning:mesh-tcp', 'info:ready-endpoints']);
    expect(unnamed.findings[1]?.text).toMatch(
      /^Port 50051 has no name and no appProtocol: grpc, so a mesh like Istio treats it as plain TCP/,
    );
    expect(unnamed.findings[2]?.text).toContain('Port 80 is named "http"');
    const declared = checkService({
      service: service({
        clusterIP: 'None',
        ports: [{ name: 'api', port: 50051, targetPort: 8080, appProtocol: 'grpc' }],
      }),
      endpointSlices: [slice(pods)],
      pods,
    });
    expect(ids(declared)).not.toContain('warning:mesh-tcp');
    const onePort = checkService({
      service: service({
        clusterIP: 'None',
        ports: [
          { port: 50051, targetPort: 8080 },
          { name: 'grpc', port: 9000, targetPort: 8080 },
        ],
      }),
      endpointSlices: [slice(pods)],
      pods,
      port: 'grpc',
    });
    expect(ids(onePort)).toEqual(['info:headless', 'info:ready-endpoints']);
  });

  it('a selector that matches nothing, and no Ready endpoints, are errors', () => {
    const nothing = checkService({
      service: service({ clusterIP: 'None', selector: { app: 'usr' }, ports: [{ name: 'grpc', port: 1 }] }),
      endpointSlices: [],
      pods: [],
    });
    expect(ids(nothing)).toEqual(['info:headless', 'error:selector-matches-nothing']);
    expect(nothing.findings[1]?.text).toBe(
      'The selector app=usr matches no pod in namespace shop: the Service has no endpoints and every connection fails.',
    );
    const notReady = [pod('a', false)];
    const none = checkService({
      service: service({ clusterIP: 'None', ports: [{ name: 'grpc', port: 1, targetPort: 'grpc' }] }),
      endpointSlices: [slice(notReady)],
      pods: notReady,
    });
    expect(ids(none)).toEqual(['info:headless', 'error:no-ready-endpoints']);
    expect(none.ok).toBe(false);
  });

  it('a named targetPort that no container port has is an error', () => {
    const result = checkService({
      service: service({ clusterIP: 'None', ports: [{ name: 'grpc', port: 1, targetPort: 'grpc-web' }] }),
      endpointSlices: [slice(pods)],
      pods,
    });
    expect(ids(result)).toEqual(['info:headless', 'error:target-port-missing', 'info:ready-endpoints']);
  });
});
