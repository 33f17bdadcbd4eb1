import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../api/errors';
import { formatK8sTarget, parseK8sTarget } from './target';

describe('parseK8sTarget', () => {
  it('reads NAMESPACE/SERVICE:PORT with an optional context, the port by name or number', () => {
    expect(parseK8sTarget('k8s://shop/orders:grpc')).toEqual({ namespace: 'shop', service: 'orders', port: 'grpc' });
    expect(parseK8sTarget('k8s://gke_proj_eu_prod/shop/orders:50051')).toEqual({
      context: 'gke_proj_eu_prod',
      namespace: 'shop',
      service: 'orders',
      port: 50051,
    });
    expect(formatK8sTarget(parseK8sTarget('k8s://ctx/shop/orders:grpc-api'))).toBe('k8s://ctx/shop/orders:grpc-api');
  });

  it.each([
    ['shop/orders:grpc', 'it must start with k8s://'],
    ['k8s://orders:grpc', 'expected NAMESPACE/SERVICE:PORT'],
    ['k8s://a/b/c/d:1', 'expected NAMESPACE/SERVICE:PORT'],
    ['k8s:///shop/orders:grpc', 'the context before the first / is empty'],
    ['k8s://Shop/orders:grpc', 'namespace "Shop" is not a valid name'],
    ['k8s://shop/orders', 'the Service port is missing'],
    ['k8s://shop/orders_v2:grpc', 'Service "orders_v2" is not a valid name'],
    ['k8s://shop/orders:70000', 'port 70000 is outside 1-65535'],
    ['k8s://shop/orders:GRPC', 'port "GRPC" is neither a number nor a port name'],
    ['k8s://shop/orders:', 'port "" is neither'],
  ])('%s → %s', (text, message) => {
    let error: unknown;
    try {
      parseK8sTarget(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WorkbenchError);
    expect((error as WorkbenchError).message).toContain(message);
    expect((error as WorkbenchError).kind).toBe('bad_input');
    expect((error as WorkbenchError).hint).toContain('k8s://[CONTEXT/]NAMESPACE/SERVICE:PORT');
  });
});
