import { appendFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../shared/api';
import type { WorkbenchError } from '../../../shared/api';
import { createHistoryLog, HISTORY_FILE, type HistoryListQuery } from './history-log';

let dataDir: string;
let file: string;
beforeEach(() => {
  dataDir = join(mkdtempSync(join(tmpdir(), 'history-log-')), 'data');
  file = join(dataDir, HISTORY_FILE);
});

function entry(id: string, overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    id,
    startedAt: '2026-12-01T12:00:00.000Z',
    request: { kind: 'grpc-request', name: '', method: 'user.v1.UserService/GetUser', target: '127.0.0.1:50051' },
    kind: 'unary',
    status: { code: 0, name: 'OK', message: '' },
    durationMs: 3,
    messagesSent: 1,
    messagesReceived: 1,
    ...overrides,
  };
}

const query = (overrides: Partial<HistoryListQuery> = {}): HistoryListQuery => ({ text: '', limit: 200, ...overrides });
const ids = (entries: readonly HistoryEntry[]) => entries.map((e) => e.id);
const lines = () => readFileSync(file, 'utf8').split('\n');

describe('the history log', () => {
  it('appends one line per call to a 0600 file and lists newest first', async () => {
    const log = createHistoryLog(dataDir);
    expect(await log.list(query())).toEqual({ entries: [], more: false });
    for (const id of ['a', 'b', 'c']) await log.append(entry(id));
    expect(ids((await log.list(query())).entries)).toEqual(['c', 'b', 'a']);
    expect(lines()).toHaveLength(4); // three lines and the empty string after the last newline
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(ids((await createHistoryLog(dataDir).list(query())).entries)).toEqual(['c', 'b', 'a']);
  });

  it('ignores a torn last line and starts the next append on a fresh line', async () => {
    await createHistoryLog(dataDir).append(entry('a'));
    appendFileSync(file, JSON.stringify(entry('torn')).slice(0, 40)); // the process died mid-write
    const log = createHistoryLog(dataDir);
    expect(ids((await log.list(query())).entries)).toEqual(['a']);
    await log.append(entry('b'));
    const reread = createHistoryLog(dataDir);
    expect(ids((await reread.list(query())).entries)).toEqual(['b', 'a']);
    expect(lines()[2]).toBe(JSON.stringify(entry('b')));
  });

  it('keeps a complete last line that lost only its newline', async () => {
    await createHistoryLog(dataDir).append(entry('a'));
    appendFileSync(file, JSON.stringify(entry('b')));
    const log = createHistoryLog(dataDir);
    expect(ids((await log.list(query())).entries)).toEqual(['b', 'a']);
    await log.append(entry('c'));
    expect(ids((await createHistoryLog(dataDir).list(query())).entries)).toEqual(['c', 'b', 'a']);
  });

  it('skips a line that is not an entry', async () => {
    await createHistoryLog(dataDir).append(entry('a'));
    appendFileSync(file, '{"not":"an entry"}\n[1,2]\n');
    await createHistoryLog(dataDir).append(entry('b'));
    expect(ids((await createHistoryLog(dataDir).list(query())).entries)).toEqual(['b', 'a']);
  });

  it('never interleaves concurrent appends', async () => {
    const log = createHistoryLog(dataDir);
    const big = 'x'.repeat(20_000);
    await Promise.all(
      Array.from({ length: 60 }, (_, index) => log.append(entry(`e${index}`, { firstMessage: `${index}${big}` }))),
    );
    const stored = lines().filter(Boolean);
    expect(stored).toHaveLength(60);
    expect(stored.map((line) => (JSON.parse(line) as HistoryEntry).id)).toEqual(
      Array.from({ length: 60 }, (_, index) => `e${index}`),
    );
  });

  it('drops the oldest entries past the count bound, rewriting the file', async () => {
    const log = createHistoryLog(dataDir, { maxEntries: 10 });
    for (let index = 0; index < 11; index++) await log.append(entry(`e${index}`));
    // Compacted to 90 % of the bound: the 9 newest.
    expect(ids((await log.list(query())).entries)).toEqual(['e10', 'e9', 'e8', 'e7', 'e6', 'e5', 'e4', 'e3', 'e2']);
    expect(lines().filter(Boolean)).toHaveLength(9);
    expect(ids((await createHistoryLog(dataDir).list(query())).entries)).toHaveLength(9);
  });

  it('drops the oldest entries past the byte bound', async () => {
    const padding = 'p'.repeat(1000);
    const lineBytes = Buffer.byteLength(JSON.stringify(entry('e00', { firstMessage: padding }))) + 1;
    const log = createHistoryLog(dataDir, { maxBytes: lineBytes * 5 });
    for (let index = 10; index < 16; index++) await log.append(entry(`e${index}`, { firstMessage: padding }));
    expect(statSync(file).size).toBeLessThanOrEqual(lineBytes * 5 * 0.9);
    expect(ids((await log.list(query())).entries)).toEqual(['e15', 'e14', 'e13', 'e12']);
  });

  it('finds entries by text (all words, any case), method, service, target and status', async () => {
    const log = createHistoryLog(dataDir);
    await log.append(entry('ok-get', { firstMessage: '{"name":"Ada Lovelace"}' }));
    await log.append(
      entry('fail-list', {
        request: { kind: 'grpc-request', name: 'List them', method: 'user.v1.UserService/ListUsers', target: 'db:443' },
        status: { code: 14, name: 'UNAVAILABLE', message: 'connection refused' },
      }),
    );
    await log.append(
      entry('notfound-order', {
        request: { kind: 'grpc-request', name: '', method: 'shop.v1.Orders/Get', target: '127.0.0.1:50051' },
        status: { code: 5, name: 'NOT_FOUND', message: 'no order 7' },
      }),
    );
    const found = async (overrides: Partial<HistoryListQuery>) => ids((await log.list(query(overrides))).entries);
    expect(await found({ text: 'ada LOVELACE' })).toEqual(['ok-get']);
    expect(await found({ text: 'ada nobody' })).toEqual([]);
    expect(await found({ text: 'refused' })).toEqual(['fail-list']);
    expect(await found({ text: 'unavailable' })).toEqual(['fail-list']);
    expect(await found({ method: 'user.v1.UserService/GetUser' })).toEqual(['ok-get']);
    expect(await found({ method: 'user.v1.UserService.GetUser' })).toEqual(['ok-get']);
    expect(await found({ method: 'user.v1.UserService' })).toEqual(['fail-list', 'ok-get']);
    expect(await found({ target: '127.0.0.1:50051' })).toEqual(['notfound-order', 'ok-get']);
    expect(await found({ status: 'failed' })).toEqual(['notfound-order', 'fail-list']);
    expect(await found({ status: 'not_found' })).toEqual(['notfound-order']);
    expect(await found({ status: '0' })).toEqual(['ok-get']);
    expect(await found({ status: 'failed', target: '127.0.0.1:50051' })).toEqual(['notfound-order']);
    await expect(log.list(query({ status: 'BROKEN' }))).rejects.toThrow(/Unknown status "BROKEN"/);
  });

  it('pages with limit and before', async () => {
    const log = createHistoryLog(dataDir);
    for (let index = 0; index < 7; index++) await log.append(entry(`e${index}`));
    const first = await log.list(query({ limit: 3 }));
    expect(first).toEqual({ entries: expect.any(Array), more: true });
    expect(ids(first.entries)).toEqual(['e6', 'e5', 'e4']);
    const second = await log.list(query({ limit: 3, before: 'e4' }));
    expect(ids(second.entries)).toEqual(['e3', 'e2', 'e1']);
    expect(second.more).toBe(true);
    const last = await log.list(query({ limit: 3, before: 'e1' }));
    expect(last).toEqual({ entries: [entry('e0')], more: false });
    await expect(log.list(query({ before: 'gone' }))).rejects.toThrow(/There is no history entry gone/);
  });

  it('gets one entry, and clears the log', async () => {
    const log = createHistoryLog(dataDir);
    await log.append(entry('a'));
    expect(await log.get('a')).toEqual(entry('a'));
    const missing = await log.get('nope').catch((error: unknown) => error);
    expect((missing as WorkbenchError).kind).toBe('not_found');
    await log.clear();
    expect((await log.list(query())).entries).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe('');
    await log.append(entry('b'));
    expect(ids((await createHistoryLog(dataDir).list(query())).entries)).toEqual(['b']);
  });

  it('sees what another process appended to the same file', async () => {
    const mine = createHistoryLog(dataDir);
    const theirs = createHistoryLog(dataDir);
    await mine.append(entry('mine'));
    expect(ids((await theirs.list(query())).entries)).toEqual(['mine']);
    await theirs.append(entry('theirs'));
    expect(ids((await mine.list(query())).entries)).toEqual(['theirs', 'mine']);
  });
});
