// `npm run bench [-- NAME... | --smoke]`: bundles each bench/NAME.ts (its packages as the CLI's bundle
// has them: scripts/node-packages.mjs) into .tmp/ and runs it. Each prints a line per figure — ours, the baseline measured
// in the same run, the ratio and the goal — and appends it to bench/results.jsonl. `--smoke` runs
// each once with tiny sizes and records nothing (CI: it runs and prints; never a timed gate).
// Some benchmarks spawn the built CLI: run `npm run build` first.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { nodePackages } from './node-packages.mjs';

const repo = resolve(import.meta.dirname, '..');
const outdir = resolve(repo, '.tmp/bench');
const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const wanted = args.filter((arg) => !arg.startsWith('--'));
const available = readdirSync(resolve(repo, 'bench'))
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
  .map((name) => name.replace(/\.ts$/, ''));
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`Unknown benchmark ${unknown.join(', ')}; there are: ${available.join(', ')}`);
  process.exit(2);
}
const bundle = (entry, outfile) =>
  build({
    absWorkingDir: repo,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // Packages load as in the CLI's bundle, so a fresh process pays what the product pays.
    plugins: [nodePackages],
    logLevel: 'warning',
  });
// The processes benchmarks spawn as baselines (bench/children/NAME.ts → .tmp/bench/children/NAME.mjs).
for (const child of readdirSync(resolve(repo, 'bench/children')).filter((name) => name.endsWith('.ts')))
  await bundle(`bench/children/${child}`, resolve(outdir, 'children', child.replace(/\.ts$/, '.mjs')));
let failed = 0;
for (const name of wanted.length > 0 ? wanted : available) {
  const outfile = resolve(outdir, `${name}.mjs`);
  await bundle(`bench/${name}.ts`, outfile);
  console.log(`\n== ${name}${smoke ? ' (smoke)' : ''}`);
  const run = spawnSync(process.execPath, [outfile], {
    stdio: 'inherit',
    cwd: repo,
    env: { ...process.env, ...(smoke ? { BENCH_SMOKE: '1' } : {}) },
  });
  if (run.status !== 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
