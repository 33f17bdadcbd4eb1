import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PathObservations, settleMs } from './path-observations';

// Installed long before any test runs: every ctime under it is old.
const settledRoot = dirname(createRequire(import.meta.url).resolve('google-proto-files/package.json'));
const settledFile = join(settledRoot, 'google/pubsub/v1/pubsub.proto');

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function observedFile(observations: PathObservations, path: string): Promise<void> {
  observations.observed(path, await stat(path, { bigint: true }));
}

describe('PathObservations.unchangedSince (may an earlier read of the files stand for the scan?)', () => {
  const settleLimit = () => Date.now() - settleMs;

  it('holds for settled files and for places under settled directories found empty', async () => {
    const observations = new PathObservations();
    await observedFile(observations, settledFile);
    observations.expect(join(settledRoot, 'google/pubsub/v1/absent.proto'), 'not-file');
    observations.expect(join(settledRoot, 'no/such/dir/absent.proto'), 'not-file');
    expect(await observations.unchangedSince(settleLimit())).toBe(true);
  });

  it('fails for a file written since', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wb-observations-'));
    dirs.push(dir);
    const observations = new PathObservations();
    await observedFile(observations, settledFile);
    const limit = settleLimit();
    await writeFile(join(dir, 'fresh.proto'), 'syntax = "proto3";\n');
    await observedFile(observations, join(dir, 'fresh.proto'));
    expect(await observations.unchangedSince(limit)).toBe(false);
  });

  it('fails for a place found empty in a directory changed since (a file there was removed or added)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wb-observations-'));
    dirs.push(dir);
    const observations = new PathObservations();
    const limit = settleLimit();
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'sub/gone.proto'), 'syntax = "proto3";\n');
    await rm(join(dir, 'sub/gone.proto'));
    observations.expect(join(dir, 'sub/gone.proto'), 'not-file');
    expect(await observations.unchangedSince(limit)).toBe(false);
    // A place whose directories are gone too: the nearest one left changed when they went.
    const deep = new PathObservations();
    deep.expect(join(dir, 'removed/deeper/gone.proto'), 'not-file');
    await mkdir(join(dir, 'removed/deeper'), { recursive: true });
    await rm(join(dir, 'removed'), { recursive: true });
    expect(await deep.unchangedSince(limit)).toBe(false);
  });
});
