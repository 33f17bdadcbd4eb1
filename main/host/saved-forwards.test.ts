import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkbenchEvent } from '../../shared/api';
import { WorkbenchError } from '../../shared/api';
import { startLabCluster, type LabCluster } from '../../proto-samples/cluster/cluster';
import { createEngineService } from '../engine/index';
import { createSavedForwardStore, savedForwardsFileName } from './saved-forwards';

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'saved-forwards-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const userSvc = {
  context: 'lab',
  namespace: 'lab',
  target: { kind: 'service' as const, name: 'user-svc' },
  remotePort: 'grpc',
  mode: 'per-pod' as const,
};

describe('the saved-forwards file', () => {
  it('keeps forwards newest first, one per forward, in a 0600 file, and forgets them', async () => {
    const dataDir = join(scratch, 'unit', 'data'); // does not exist yet: made on first write
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const store = createSavedForwardStore(dataDir, () => new Date((clock += 1000)));
    expect(await store.list()).toEqual([]);
    // Two opened together are both kept (writes are queued, not raced).
    await Promise.all([store.remember(userSvc), store.remember({ ...userSvc, mode: 'single', localPort: 8080 })]);
    await store.remember(userSvc); // again: refreshed and first, not a twin
    const listed = await store.list();
    expect(listed.map((f) => [f.mode, f.localPort])).toEqual([
      ['per-pod', undefined],
      ['single', 8080],
    ]);
    expect(listed[0]?.savedAt).toBe('2026-01-01T00:00:03.000Z');
    const file = join(dataDir, savedForwardsFileName);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await store.forget(listed[1]?.savedId as string);
    expect((await store.list()).map((f) => f.mode)).toEqual(['per-pod']);
  });

  it('says which file is broken and how to recover', async () => {
    const dataDir = join(scratch, 'broken');
    const store = createSavedForwardStore(dataDir);
    await store.remember(userSvc);
    writeFileSync(join(dataDir, savedForwardsFileName), '{"version":1,"forwards":[{"nope":1}]}');
    const failure = await store.list().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkbenchError);
    expect(failure).toMatchObject({ kind: 'io', subject: join(dataDir, savedForwardsFileName) });
    expect((failure as WorkbenchError).hint).toContain('Delete the file');
  });
});

describe('saved forwards across a restart (the lab cluster)', () => {
  let cluster: LabCluster;
  beforeAll(async () => {
    cluster = await startLabCluster();
  });
  afterAll(async () => cluster?.close());

  const engine = (dataDir: string) => {
    const events: WorkbenchEvent[] = [];
    const service = createEngineService({
      emit: (event) => events.push(event),
      hostInfo: { version: 'test', host: 'browser' },
      savedForwards: createSavedForwardStore(dataDir),
    });
    return { service, events };
  };

  it('openForward saves what it opened (never a token); after a restart it is listed per context and reopens', async () => {
    const dataDir = join(scratch, 'restart');
    const first = engine(dataDir);
    const opened = await first.service.openForward({
      forwardId: 'fwd-a',
      kubeconfig: cluster.kubeconfigPath,
      target: { kind: 'service', name: 'user-svc' },
      remotePort: 'grpc',
      mode: 'per-pod',
    });
    expect(opened.ports).toHaveLength(3);
    await first.service.closeForward({ forwardId: 'fwd-a' });
    await first.service.dispose();

    const text = readFileSync(join(dataDir, savedForwardsFileName), 'utf8');
    const kubeconfig = readFileSync(cluster.kubeconfigPath, 'utf8');
    const token = /token: (\S+)/.exec(kubeconfig)?.[1];
    expect(token).toBeDefined();
    expect(text).not.toContain(token as string);

    const second = engine(dataDir);
    try {
      const { forwards, kept } = await second.service.listSavedForwards({ context: 'lab' });
      expect(kept).toBe(true);
      expect(forwards).toMatchObject([
        { context: 'lab', namespace: 'lab', target: { kind: 'service', name: 'user-svc' }, remotePort: 'grpc' },
      ]);
      expect((await second.service.listSavedForwards({ context: 'lab-exec' })).forwards).toEqual([]);
      const saved = forwards[0]!;
      const reopened = await second.service.openForward({
        forwardId: 'fwd-b',
        kubeconfig: saved.kubeconfig,
        context: saved.context,
        namespace: saved.namespace,
        target: saved.target,
        remotePort: saved.remotePort,
        mode: saved.mode,
      });
      expect(reopened.state).toBe('ready');
      expect(reopened.ports.map((port) => port.pod?.name).sort()).toEqual(
        cluster
          .pods()
          .map((pod) => pod.name)
          .sort(),
      );
      // Reopening refreshes the same entry.
      expect((await second.service.listSavedForwards({})).forwards).toHaveLength(1);
      await second.service.forgetSavedForward({ savedId: saved.savedId });
      expect((await second.service.listSavedForwards({})).forwards).toEqual([]);
    } finally {
      await second.service.dispose();
    }
  });

  it('a host without a store keeps nothing and says so', async () => {
    const service = createEngineService({ emit: () => undefined, hostInfo: { version: 'test', host: 'browser' } });
    expect(await service.listSavedForwards({})).toEqual({ forwards: [], kept: false });
    await service.dispose();
  });
});
