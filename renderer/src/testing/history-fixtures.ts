/** History entries for tests: entry n started n seconds after noon, a unary GetUser that answered OK. */
import type { HistoryEntry } from '../../../shared/api';

export function historyEntry(n: number, overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    id: `h${n}`,
    startedAt: new Date(Date.UTC(2026, 0, 1, 12, 0, n)).toISOString(),
    request: { kind: 'grpc-request', name: '', method: 'user.v1.UserService/GetUser', target: '127.0.0.1:50051' },
    kind: 'unary',
    status: { code: 0, name: 'OK', message: '' },
    durationMs: 3,
    messagesSent: 1,
    messagesReceived: 1,
    firstMessage: `{"id":"u${n}"}`,
    ...overrides,
  };
}
