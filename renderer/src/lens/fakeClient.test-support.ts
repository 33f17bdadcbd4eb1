import { vi } from 'vitest';
import type { BurstReport, ChannelSnapshot, WorkbenchClient, WorkbenchEvent } from '../../../shared/api/contract';

/** A WorkbenchClient whose operations are spies and whose events the test sends. */
export function fakeClient(overrides: Partial<WorkbenchClient> = {}) {
  const listeners = new Set<(event: WorkbenchEvent) => void>();
  const client = {
    hostInfo: vi.fn(async () => ({ version: 'test', host: 'browser' as const })),
    loadSchema: vi.fn(),
    describeMethod: vi.fn(async () => ({ exampleJson: { id: 'u1' } })),
    startCall: vi.fn(),
    sendMessage: vi.fn(),
    halfClose: vi.fn(),
    cancelCall: vi.fn(),
    watchChannel: vi.fn(async () => ({ watchId: 'w1', snapshot: channelSnapshot() })),
    unwatchChannel: vi.fn(async () => undefined),
    startBurst: vi.fn(async () => ({ burstId: 'b1' })),
    cancelBurst: vi.fn(async () => undefined),
    onEvent: (listener: (event: WorkbenchEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ...overrides,
  } as unknown as WorkbenchClient & Record<string, ReturnType<typeof vi.fn>>;
  return { client, emit: (event: WorkbenchEvent) => listeners.forEach((listener) => listener(event)), listenerCount: () => listeners.size };
}

export function channelSnapshot(overrides: Partial<ChannelSnapshot> = {}): ChannelSnapshot {
  return {
    target: '127.0.0.1:7000',
    state: 'IDLE',
    timeline: [{ state: 'IDLE', at: Date.UTC(2025, 0, 1, 12, 0, 0) }],
    subchannels: [],
    callsStarted: 0,
    callsSucceeded: 0,
    callsFailed: 0,
    ...overrides,
  };
}

export function pinnedReport(): BurstReport {
  const backend = (id: string, hits: number) => ({
    id,
    hits,
    share: hits / 30,
    errors: 0,
    errorsByCode: {},
    p50Ms: hits ? 1.5 : 0,
    p90Ms: hits ? 2 : 0,
    p99Ms: hits ? 3.25 : 0,
    known: true,
  });
  return {
    calls: 30,
    ok: 30,
    errors: {},
    qps: 1000,
    durationMs: 30,
    backends: [backend('b1', 30), backend('b2', 0), backend('b3', 0)],
    knownBackends: ['b1', 'b2', 'b3'],
    connections: 1,
    verdict: { kind: 'pinned', text: 'Pinned: 30 of 30 calls went to b1 over 1 connection; 2 known backends got none (b2, b3).' },
    cancelled: false,
  };
}
