/** Data for load-balancing lens tests: a channel snapshot, a pinned burst report, a server's channelz view. */
import type { BurstReport, ChannelSnapshot, ServerChannelzReport } from '../../../shared/api';

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

/** 30 calls, all on b1; b2 and b3 known but empty. */
export function pinnedReport(): BurstReport {
  const backend = (id: string, hits: number) => ({
    id,
    calls: hits,
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
    verdict: {
      kind: 'pinned',
      text: 'Pinned: 30 of 30 calls went to b1 over 1 connection; 2 known backends got none (b2, b3).',
    },
    cancelled: false,
  };
}

/** One server with one connection that carried 31 streams, and an idle second server. */
export function serverChannelzReport(): ServerChannelzReport {
  return {
    target: '127.0.0.1:7000',
    queryCalls: 4,
    servers: [
      {
        id: '4',
        name: '',
        callsStarted: 31,
        callsSucceeded: 30,
        callsFailed: 1,
        listenSockets: ['127.0.0.1:7001'],
        sockets: [
          {
            id: '9',
            remoteAddress: '127.0.0.1:51234',
            localAddress: '127.0.0.1:7001',
            streamsStarted: 31,
            streamsSucceeded: 30,
            streamsFailed: 1,
            messagesSent: 30,
            messagesReceived: 31,
          },
        ],
      },
      {
        id: '5',
        name: '',
        callsStarted: 0,
        callsSucceeded: 0,
        callsFailed: 0,
        listenSockets: ['127.0.0.2:7002'],
        sockets: [],
      },
    ],
  };
}
