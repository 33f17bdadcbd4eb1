/**
 * A googleapis subset from .proto files (bench/support/googleapis.ts; BENCH_GOOGLEAPIS=full for the
 * whole tree, the issue's row: ~8,000 files, about half an hour here) with the project's loader
 * against `protoc --include_imports --descriptor_set_out` on the same files — the files the loader
 * loaded: the whole tree holds protobuf's own test protos, which do not compile, and protoc given
 * one of them fails (the loader reports them and loads the rest):
 * - cold (an empty cache folder), the loader in its own process: time, and peak memory of the
 *   whole process tree (the Node process plus the compiler it spawns) against protoc's;
 * - cold with buf only: what a machine without protoc on the PATH pays;
 * - the unchanged tree loaded again by a fresh process (the CLI's case: start, engine load, the
 *   manifest's `stat` checks, decoding the cached set);
 * - the unchanged tree loaded again in a process that loaded it before (the UI's engine).
 * Each child checks that it was what its figure claims (compiled, or served by the manifest).
 *
 * Memory: every process of the tree is sampled every 10 ms (/proc/PID/status). The figure is the
 * largest sum of the processes' resident sizes (VmRSS) at one sample — what the machine needed at
 * once; protoc's is sampled the same way. The label also gives the sum of each process's own peak
 * (VmHWM), an upper bound: Node and the compiler need not peak at the same time.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { glob } from 'tinyglobby';
import { compileProtoFiles } from '../main/engine/schema/proto-files/compile';
import { parseProtocDiagnostics } from '../main/engine/schema/proto-files/protoc-cli';
import { forgetDecodedSets } from '../main/engine/schema/proto-files/compile-cache';
import { repo } from './support/child';
import { googleapisDirs, googleProtoFilesRoot } from './support/googleapis';
import { alternate, report, rounds, timed } from './support/harness';

interface TreeRun extends Record<string, number> {
  ms: number;
  peakMb: number;
  peakBoundMb: number;
}

/** `pid` and its descendants, from /proc/PID/task/TID/children. */
function processTree(pid: number): number[] {
  const pids = [pid];
  for (let index = 0; index < pids.length; index++) {
    try {
      for (const task of readdirSync(`/proc/${pids[index]}/task`)) {
        const children = readFileSync(`/proc/${pids[index]}/task/${task}/children`, 'utf8').trim();
        if (children !== '') pids.push(...children.split(' ').map(Number));
      }
    } catch {
      // Exited meanwhile.
    }
  }
  return pids;
}

/** VmRSS and VmHWM of `pid`, in kB (zeros once it has exited). */
function residentKb(pid: number): { now: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { now: field('VmRSS'), peak: field('VmHWM') };
  } catch {
    return { now: 0, peak: 0 };
  }
}

/** Runs `command args` from the repository; time, and the sum of its processes' sampled peaks. */
function runTree(command: string, args: readonly string[]): Promise<TreeRun> {
  const begin = performance.now();
  const child = spawn(command, args, { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
  const peaks = new Map<number, number>();
  let largestSumKb = 0;
  const sample = () => {
    let sumKb = 0;
    for (const pid of processTree(child.pid!)) {
      const { now, peak } = residentKb(pid);
      sumKb += now;
      peaks.set(pid, Math.max(peaks.get(pid) ?? 0, peak));
    }
    largestSumKb = Math.max(largestSumKb, sumKb);
  };
  const sampler = setInterval(sample, 10);
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sampler);
      const ms = performance.now() - begin;
      const peakBoundMb = [...peaks.values()].reduce((sum, kb) => sum + kb, 0) / 1024;
      if (code === 0) resolve({ ms, peakMb: largestSumKb / 1024, peakBoundMb });
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${Buffer.concat(stderr).toString()}`));
    });
  });
}

/**
 * Of `files` (import names under the package root), those protoc itself compiles: the loader also
 * loads what buf compiles and this protoc does not (editions newer than it). Chunk by chunk, the
 * files protoc names in its errors are dropped until the chunk compiles; not timed.
 */
function protocCompilable(files: readonly string[], work: string): string[] {
  const kept: string[] = [];
  for (let start = 0; start < files.length; start += 500) {
    let chunk = files.slice(start, start + 500);
    for (let attempt = 0; chunk.length > 0; attempt++) {
      const run = spawnSync(
        'protoc',
        ['-I', googleProtoFilesRoot, `--descriptor_set_out=${join(work, 'check.binpb')}`, ...chunk],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      if (run.status === 0) break;
      const named = new Set(parseProtocDiagnostics(run.stderr).map((diagnostic) => diagnostic.file));
      const left = chunk.filter((name) => !named.has(name));
      if (left.length === chunk.length || attempt === 50)
        throw new Error(`protoc fails on ${chunk.length} files: ${run.stderr}`);
      chunk = left;
    }
    kept.push(...chunk);
  }
  return kept;
}

async function main(): Promise<void> {
  const dirs = googleapisDirs();
  const full = dirs.includes('google');
  const targets = dirs.map((dir) => join(googleProtoFilesRoot, dir));
  const allFiles = (
    await glob(
      dirs.map((dir) => `${dir}/**/*.proto`),
      { cwd: googleProtoFilesRoot },
    )
  ).sort();
  const work = mkdtempSync(join(tmpdir(), 'wb-bench-protos-'));
  const compile = (mode: 'cold' | 'cold-buf' | 'warm', cacheDir: string) =>
    runTree(process.execPath, [
      '.tmp/bench/children/compile-protos.mjs',
      mode,
      cacheDir,
      googleProtoFilesRoot,
      ...targets,
    ]);
  // The cache the warm rounds read, compiled first: its set says which files protoc can be given.
  const warmCache = join(work, 'warm');
  const loadedNames = new Set(
    (
      await compileProtoFiles({ files: targets, importPaths: [googleProtoFilesRoot], cacheDir: warmCache })
    ).fileSet.file.map((file) => file.name),
  );
  const files = protocCompilable(
    allFiles.filter((name) => loadedNames.has(name)),
    work,
  );
  forgetDecodedSets();
  const protocOut = join(work, 'protoc.binpb');
  const protoc = () =>
    runTree('protoc', ['-I', googleProtoFilesRoot, '--include_imports', `--descriptor_set_out=${protocOut}`, ...files]);
  const excluded = allFiles.length - files.length;
  const label = `${files.length} .proto files (googleapis ${dirs.join(', ')}${excluded === 0 ? '' : `; ${excluded} that protoc does not compile left out`}) vs protoc --include_imports`;
  try {
    let coldRound = 0;
    const cold = await alternate(rounds(3), () => compile('cold', join(work, `cold-${coldRound++}`)), protoc);
    report({
      name: 'proto-cold',
      value: cold.ours.ms,
      baseline: cold.baseline.ms,
      unit: 'ms',
      goal: { max: 1.5 },
      label: `cold, protoc on the PATH compiles, ${label}`,
    });
    report({
      name: 'proto-cold-peak',
      value: cold.ours.peakMb,
      baseline: cold.baseline.peakMb,
      unit: 'MB',
      goal: { max: 1.5 },
      label: `cold, peak memory: Node + compiler at once vs protoc (sum of each one's peak: ${cold.ours.peakBoundMb.toFixed(0)} MB), ${label}`,
    });
    // buf alone takes minutes on the whole tree: one round there.
    const coldBuf = await alternate(
      rounds(full ? 1 : 3),
      () => compile('cold-buf', join(work, `cold-${coldRound++}`)),
      protoc,
    );
    report({
      name: 'proto-cold-buf',
      value: coldBuf.ours.ms,
      baseline: coldBuf.baseline.ms,
      unit: 'ms',
      goal: { max: 1.5 },
      label: `cold, buf only (no protoc on the PATH), ${label}`,
    });
    report({
      name: 'proto-cold-buf-peak',
      value: coldBuf.ours.peakMb,
      baseline: coldBuf.baseline.peakMb,
      unit: 'MB',
      goal: { max: 1.5 },
      label: `cold, buf only, peak memory: Node + buf at once vs protoc (sum of each one's peak: ${coldBuf.ours.peakBoundMb.toFixed(0)} MB), ${label}`,
    });

    // The files must have settled (path-observations.ts) before a manifest vouches for them: the
    // package's files were installed long ago.
    const warm = await alternate(rounds(5), () => compile('warm', warmCache), protoc);
    report({
      name: 'proto-warm',
      value: warm.ours.ms,
      baseline: warm.baseline.ms,
      unit: 'ms',
      goal: { max: 0.3 },
      label: `unchanged tree again, a fresh process (stat-only manifest, set decoded), ${label}`,
    });

    const loadInProcess = async (): Promise<{ ms: number }> => {
      let cached: string | undefined;
      const ms = await timed(async () => {
        ({ cached } = await compileProtoFiles({
          files: targets,
          importPaths: [googleProtoFilesRoot],
          cacheDir: warmCache,
        }));
      });
      if (cached !== 'unchanged-stats') throw new Error(`in-process load was not served by the manifest (${cached})`);
      return { ms };
    };
    await loadInProcess(); // this process decodes the set once
    const inProcess = await alternate(rounds(5), loadInProcess, async () => ({ ms: (await protoc()).ms }));
    report({
      name: 'proto-warm-in-process',
      value: inProcess.ours.ms,
      baseline: inProcess.baseline.ms,
      unit: 'ms',
      goal: { max: 0.3 },
      label: `unchanged tree again in a process that loaded it before (the UI's engine), ${label}`,
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
