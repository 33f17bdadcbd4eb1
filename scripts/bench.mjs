// `npm run bench`: bundles each bench/*.ts entry (dependencies stay in node_modules) into .tmp/
// and runs it. Benchmarks print their figures and a ratio against a baseline measured in the same
// run, and exit non-zero when a budget of docs/architecture.md ("Performance budgets") is missed.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const outdir = resolve(repo, '.tmp/bench');
const entries = readdirSync(resolve(repo, 'bench')).filter(
  (name) => name.endsWith('.ts') && !name.endsWith('.test.ts'),
);
let failed = 0;
for (const entry of entries) {
  const outfile = resolve(outdir, entry.replace(/\.ts$/, '.mjs'));
  await build({
    absWorkingDir: repo,
    entryPoints: [`bench/${entry}`],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  console.log(`\n== bench/${entry}`);
  const run = spawnSync(process.execPath, [outfile], { stdio: 'inherit', cwd: repo });
  if (run.status !== 0) failed++;
}
process.exitCode = failed === 0 ? 0 : 1;
