/**
 * A googleapis subset from .proto files (bench/support/googleapis.ts; BENCH_GOOGLEAPIS=full for the
 * whole tree, minutes cold) with the project's loader, in a child process, against
 * `protoc --include_imports --descriptor_set_out` on the same files: cold (an empty cache folder) and
 * an unchanged tree loaded again (the content cache). Peak RSS is the Node process's: the buf child it
 * spawns is not included, so only the time ratio is a fair cold figure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { glob } from 'tinyglobby';
import { runNode, type ChildRun } from './support/child';
import { googleapisDirs, googleProtoFilesRoot } from './support/googleapis';
import { alternate, report, rounds } from './support/harness';
import { spawn } from 'node:child_process';

function runProtoc(files: readonly string[], out: string): Promise<ChildRun> {
  const begin = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      'protoc',
      ['-I', googleProtoFilesRoot, '--include_imports', `--descriptor_set_out=${out}`, ...files],
      {
        stdio: 'ignore',
      },
    );
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve({ ms: performance.now() - begin, peakMb: 0 }) : reject(new Error(`protoc exited ${code}`)),
    );
  });
}

async function main(): Promise<void> {
  const dirs = googleapisDirs();
  const files = (
    await glob(
      dirs.map((dir) => `${dir}/**/*.proto`),
      { cwd: googleProtoFilesRoot },
    )
  ).sort();
  const work = mkdtempSync(join(tmpdir(), 'wb-bench-protos-'));
  const compile = (cacheDir: string) =>
    runNode([
      '.tmp/bench/children/compile-protos.mjs',
      cacheDir,
      googleProtoFilesRoot,
      ...dirs.map((dir) => join(googleProtoFilesRoot, dir)),
    ]);
  const protoc = () => runProtoc(files, join(work, 'protoc.binpb'));
  try {
    let coldRound = 0;
    const cold = await alternate(rounds(3), () => compile(join(work, `cold-${coldRound++}`)), protoc);
    const label = `${files.length} .proto files (googleapis ${dirs.join(', ')}) vs protoc --include_imports`;
    report({
      name: 'proto-cold',
      value: cold.ours.ms,
      baseline: cold.baseline.ms,
      unit: 'ms',
      goal: { max: 1.5 },
      label: `cold, ${label}`,
    });
    const warmCache = join(work, 'warm');
    await compile(warmCache);
    const warm = await alternate(rounds(5), () => compile(warmCache), protoc);
    report({
      name: 'proto-warm',
      value: warm.ours.ms,
      baseline: warm.baseline.ms,
      unit: 'ms',
      goal: { max: 0.3 },
      label: `unchanged tree again (content cache), ${label}`,
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
