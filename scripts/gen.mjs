// Regenerates TypeScript from .proto with buf + protoc-gen-es (both from node_modules, no network).
// Each entry is a proto root and where its generated code goes; generated code is committed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const roots = [
  { protos: 'main/engine/protos', out: 'main/engine/gen' },
  { protos: 'proto-samples/protos', out: 'proto-samples/gen' },
];

const bin = (name) => join(repo, 'node_modules', '.bin', name);
for (const { protos, out } of roots) {
  if (!existsSync(join(repo, protos))) continue;
  const work = mkdtempSync(join(tmpdir(), 'gen-'));
  try {
    const template = join(work, 'buf.gen.yaml');
    writeFileSync(
      template,
      [
        'version: v2',
        'plugins:',
        `  - local: ${JSON.stringify(bin('protoc-gen-es'))}`,
        `    out: ${JSON.stringify(join(repo, out))}`,
        '    opt: [target=ts, import_extension=none]',
        '',
      ].join('\n'),
    );
    rmSync(join(repo, out), { recursive: true, force: true });
    execFileSync(bin('buf'), ['generate', join(repo, protos), '--template', template], { stdio: 'inherit', cwd: repo });
    console.log(`generated ${out} from ${protos}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
