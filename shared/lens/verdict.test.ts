import { describe, expect, it } from 'vitest';
import { BurstTally } from './tally';
import { nameSettings } from '../settings';
import { judgeBurst, type BurstSetup } from './verdict';

interface Outcome {
  id?: string;
  ok?: number;
  failed?: Record<string, number>;
  /** Latency of each OK call (default 1 ms). */
  latencyMs?: number;
}

function judge(
  outcomes: Outcome[],
  options: { known?: string[]; connectionsUsed?: number; setup?: Partial<BurstSetup> } = {},
) {
  const tally = new BurstTally();
  for (const outcome of outcomes) {
    for (let i = 0; i < (outcome.ok ?? 0); i++) tally.recordSuccess(outcome.id, outcome.latencyMs ?? 1);
    for (const [code, n] of Object.entries(outcome.failed ?? {})) {
      for (let i = 0; i < n; i++) tally.recordFailure(outcome.id, code, 1);
    }
  }
  return judgeBurst({
    calls: tally.calls,
    ok: tally.ok,
    errors: tally.errors,
    backends: tally.backendStats(options.known ?? []),
    connectionsUsed: options.connectionsUsed ?? 1,
    setup: {
      target: '10.1.0.7:50051',
      connections: 'shared',
      lbPolicy: 'pick_first',
      resolvedAddresses: ['10.1.0.7:50051'],
      ...options.setup,
    },
  });
}

describe('judgeBurst', () => {
  it('blames a single port-forward for pinning, not the Service, and offers the per-pod burst', () => {
    const forward = { mode: 'single', pod: 'user-7f9c-x2k4p', k8sTarget: 'k8s://shop/orders:grpc' } as const;
    const verdict = judge([{ id: 'user-7f9c-x2k4p', ok: 200 }], {
      known: ['user-7f9c-x2k4p'],
      setup: { target: '127.0.0.1:40001', resolvedAddresses: ['127.0.0.1:40001'], forward },
    });
    expect(verdict.kind).toBe('pinned');
    expect(verdict.text).toContain('Pinned by the port-forward: 200 of 200 calls went to pod user-7f9c-x2k4p.');
    expect(verdict.text).toContain(
      'A port-forward carries every connection to one pod (user-7f9c-x2k4p); this says nothing about how the Service balances in the cluster.',
    );
    expect(nameSettings(verdict.text, 'cli')).toContain('burst per pod (--forward per-pod on k8s://shop/orders:grpc)');
    expect(nameSettings(verdict.text, 'ui')).toContain('“Forward” per-pod');
  });

  it('judges a per-pod burst by its pods: balanced over round_robin, a pod left out named as such', () => {
    const setup = {
      target: 'ipv4:127.0.0.1:40001,127.0.0.1:40002',
      lbPolicy: 'round_robin' as const,
      resolvedAddresses: ['127.0.0.1:40001', '127.0.0.1:40002'],
      forward: { mode: 'per-pod' as const, k8sTarget: 'k8s://shop/orders:grpc' },
    };
    const even = judge(
      [
        { id: 'pod-a', ok: 50 },
        { id: 'pod-b', ok: 50 },
      ],
      { known: ['pod-a', 'pod-b'], connectionsUsed: 2, setup },
    );
    expect(even.kind).toBe('balanced');
    const leftOut = judge(
      [
        { id: 'pod-a', ok: 50 },
        { id: 'pod-b', ok: 50 },
      ],
      { known: ['pod-a', 'pod-b', 'pod-c'], connectionsUsed: 2, setup },
    );
    expect(leftOut.kind).toBe('skewed');
    expect(leftOut.text).toContain('got none (pod-c)');
    expect(leftOut.text).not.toContain('the resolver returned');
  });

  it('pins a shared channel through a single virtual IP, naming the zero-hit backends and the fix', () => {
    const verdict = judge([{ id: '10.1.0.7', ok: 600 }], { known: ['10.1.0.7', '10.1.0.8', '10.1.0.9'] });
    expect(verdict.kind).toBe('pinned');
    expect(verdict.text).toContain(
      'Pinned: 600 of 600 calls went to 10.1.0.7 over 1 connection; 2 known backends got none (10.1.0.8, 10.1.0.9).',
    );
    expect(verdict.text).toContain('single address (10.1.0.7:50051)');
    expect(verdict.text).toContain('balances connections, not requests');
    expect(verdict.text).toContain('headless Service (clusterIP: None) + round_robin');
    expect(verdict.text).not.toContain('Declare the backends');
  });

  it('asks for the expected backends when only one is known', () => {
    const verdict = judge([{ id: '10.1.0.8:50051', ok: 10 }], { setup: { resolvedAddresses: undefined } });
    expect(verdict.kind).toBe('pinned');
    expect(verdict.text).toContain('Declare the backends you expect');
  });

  it('keeps pinned for one connection through a virtual IP, but asks for a backend key rather than pod IPs', () => {
    const verdict = judge([{ id: '10.1.0.7:50051', ok: 10 }]);
    expect(verdict.kind).toBe('pinned');
    expect(verdict.text).toContain('Pinned: 10 of 10 calls went to 10.1.0.7:50051 over 1 connection.');
    expect(nameSettings(verdict.text, 'cli')).toContain('--backend-key');
    expect(verdict.text).not.toContain('kubectl get endpoints) to see');
  });

  it('says when failed calls named no backend by the backend key', () => {
    const verdict = judge([{ failed: { DEADLINE_EXCEEDED: 8 } }, { id: 'pod-a', ok: 2 }], {
      setup: { backendKey: 'x-backend' },
    });
    expect(verdict.kind).toBe('failing');
    expect(verdict.text).toContain(
      'No backend answered these calls with the x-backend header or trailer, so none can be named',
    );
  });

  it('cannot tell backends apart when many connections all show the virtual IP as their peer', () => {
    const verdict = judge([{ id: '10.1.0.7:50051', ok: 30 }], {
      connectionsUsed: 30,
      setup: { connections: 'per-call' },
    });
    expect(verdict.kind).toBe('skewed');
    expect(verdict.text).toMatch(
      /^Cannot tell backends apart: all 30 successful calls show the peer address 10\.1\.0\.7:50051/,
    );
    expect(nameSettings(verdict.text, 'cli')).toContain('--backend-key');
    expect(verdict.text).not.toContain('Pinned');
    expect(verdict.text).not.toContain('session affinity');
    // With a backend key the same spread is a real answer: one named backend got them all.
    const named = judge([{ id: 'pod-a', ok: 30 }], {
      connectionsUsed: 30,
      setup: { connections: 'per-call', backendKey: 'x-backend' },
    });
    expect(named.kind).toBe('pinned');
  });

  it('blames pick_first when the target resolves to several addresses', () => {
    const resolvedAddresses = ['127.0.0.1:1', '127.0.0.1:2', '127.0.0.1:3'];
    const verdict = judge([{ id: '127.0.0.1:1', ok: 30 }], { known: resolvedAddresses, setup: { resolvedAddresses } });
    expect(verdict.kind).toBe('pinned');
    expect(verdict.text).toContain('resolves to 3 addresses, but pick_first sends everything to the first address');
    expect(verdict.text).toContain('Use round_robin');
  });

  it('blames affinity or a single ready endpoint when many connections still pin', () => {
    const verdict = judge([{ id: 'b1', ok: 30 }], {
      known: ['b1', 'b2'],
      connectionsUsed: 30,
      setup: { connections: 'per-call' },
    });
    expect(verdict.kind).toBe('pinned');
    expect(verdict.text).toContain('a new connection per call (30 connections)');
    expect(verdict.text).toContain('session affinity');
  });

  it('calls round_robin over a resolved list balanced', () => {
    const resolvedAddresses = ['127.0.0.1:1', '127.0.0.1:2', '127.0.0.1:3'];
    const verdict = judge(
      resolvedAddresses.map((id) => ({ id, ok: 10 })),
      { known: resolvedAddresses, setup: { resolvedAddresses, lbPolicy: 'round_robin' } },
    );
    expect(verdict.kind).toBe('balanced');
    expect(verdict.text).toContain(
      'Balanced: 30 calls spread evenly over 3 backends (127.0.0.1:1 33.3%, 127.0.0.1:2 33.3%, 127.0.0.1:3 33.3%)',
    );
    expect(verdict.text).toContain('round_robin keeps a subchannel to each of the 3 addresses');
  });

  it('explains that per-call channels spread only because of the per-call connections', () => {
    const verdict = judge(
      [
        { id: 'b1', ok: 4 },
        { id: 'b2', ok: 3 },
        { id: 'b3', ok: 3 },
      ],
      { connectionsUsed: 10, setup: { connections: 'per-call' } },
    );
    expect(verdict.kind).toBe('balanced');
    expect(verdict.text).toContain('Each call opened its own connection');
    expect(verdict.text).toContain('would be pinned');
  });

  it('reports a skew with the even split and the zero-hit backends', () => {
    const verdict = judge(
      [
        { id: 'b1', ok: 20 },
        { id: 'b2', ok: 10 },
      ],
      { known: ['b1', 'b2', 'b3'], connectionsUsed: 2, setup: { connections: 2 } },
    );
    expect(verdict.kind).toBe('skewed');
    expect(verdict.text).toContain(
      'b1 66.7%, b2 33.3%, b3 0%; an even split is 33.3% each); 1 known backend got none (b3).',
    );
    expect(verdict.text).toContain('placed the 2 connections unevenly');
  });

  it('says which known backend round_robin never saw', () => {
    const resolvedAddresses = ['127.0.0.1:1', '127.0.0.1:2'];
    const verdict = judge(
      [
        { id: '127.0.0.1:1', ok: 10 },
        { id: '127.0.0.1:2', ok: 10 },
      ],
      { known: [...resolvedAddresses, '127.0.0.1:3'], setup: { resolvedAddresses, lbPolicy: 'round_robin' } },
    );
    expect(verdict.kind).toBe('skewed');
    expect(verdict.text).toContain('127.0.0.1:3 is not among them');
  });

  it('tolerates a small deviation from an even split', () => {
    const verdict = judge([
      { id: 'b1', ok: 105 },
      { id: 'b2', ok: 95 },
    ]);
    expect(verdict.kind).toBe('balanced');
    expect(verdict.text).toContain('One connection, yet 2 backends served calls');
  });

  it('fails when most calls fail, naming the codes and what they mean', () => {
    const verdict = judge([{ ok: 0, failed: { UNAVAILABLE: 8, DEADLINE_EXCEEDED: 2 } }]);
    expect(verdict.kind).toBe('failing');
    expect(verdict.text).toContain('Failing: 10 of 10 calls failed (UNAVAILABLE 8, DEADLINE_EXCEEDED 2).');
    expect(verdict.text).toContain('UNAVAILABLE: The service is unavailable');
    expect(verdict.text).toContain('No backend answered these calls');
  });

  it('fails when one backend fails everything it gets, naming it and the healthy ones', () => {
    const verdict = judge([
      { id: 'b1', ok: 10 },
      { id: 'b2', ok: 10 },
      { id: 'b3', failed: { INTERNAL: 10 } },
    ]);
    expect(verdict.kind).toBe('failing');
    expect(verdict.text).toContain('Failing: 10 of 30 calls failed (INTERNAL 10).');
    expect(verdict.text).toContain('b3 failed 10 of the 10 calls it got, while b1, b2 answered OK');
  });

  it('ignores a stray error but mentions it', () => {
    const verdict = judge([
      { id: 'b1', ok: 50, failed: { UNAVAILABLE: 1 } },
      { id: 'b2', ok: 50 },
    ]);
    expect(verdict.kind).toBe('balanced');
    expect(verdict.text).toContain('1 failed (UNAVAILABLE 1).');
  });

  it('names a latency outlier in a balanced burst without changing the verdict', () => {
    const resolvedAddresses = ['127.0.0.1:1', '127.0.0.1:2', '127.0.0.1:3'];
    const verdict = judge(
      [
        { id: '127.0.0.1:1', ok: 10, latencyMs: 3 },
        { id: '127.0.0.1:2', ok: 10, latencyMs: 3 },
        { id: '127.0.0.1:3', ok: 10, latencyMs: 300 },
      ],
      { known: resolvedAddresses, setup: { resolvedAddresses, lbPolicy: 'round_robin' } },
    );
    expect(verdict.kind).toBe('balanced');
    expect(verdict.text).toContain('127.0.0.1:3 is a latency outlier: p50 300 ms against 3.0 ms for the others (100×)');
  });

  it('calls no backend an outlier when the difference is small in absolute terms', () => {
    const verdict = judge(
      [
        { id: 'b1', ok: 10, latencyMs: 0.2 },
        { id: 'b2', ok: 10, latencyMs: 2 },
      ],
      { known: ['b1', 'b2'] },
    );
    expect(verdict.text).not.toContain('outlier');
  });

  it('blames the request, not the servers, when every backend refuses it as invalid', () => {
    const verdict = judge([
      { id: 'b1', failed: { INVALID_ARGUMENT: 100 } },
      { id: 'b2', failed: { INVALID_ARGUMENT: 100 } },
    ]);
    expect(verdict.kind).toBe('failing');
    expect(verdict.text).toContain('Fix the request');
    expect(verdict.text).not.toContain('look at the server side');
  });

  it('has nothing to judge without calls', () => {
    expect(judge([]).text).toContain('No call completed');
  });
});
