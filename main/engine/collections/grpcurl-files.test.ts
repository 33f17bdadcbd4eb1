import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../../proto-samples/lab/index';
import { runCliInProcess } from '../../cli/testing/run-in-process';
import { exportRequestFile, importToRequestFile } from './grpcurl-files';
import { parseFile } from './yaml-files';

const example = fileURLToPath(new URL('../../../proto-samples/collections/lab', import.meta.url));
const SECRET = 'k3y-f0r-the-lab';

/** Runs the exported command in sh with `grpcurl` as a function that prints its words and stdin. */
function viaShell(command: string): { words: string[]; stdin: string } {
  const script = `grpcurl() { for w in "$@"; do printf '%s\\0' "$w"; done; printf '\\1'; cat; }\n${command}`;
  const out = execFileSync('sh', ['-c', script], {
    env: { PATH: process.env.PATH ?? '', WORKBENCH_SECRET_APIKEY: SECRET },
    encoding: 'utf8',
  });
  const [words, stdin] = out.split('\u0001') as [string, string];
  return { words: words.split('\0').slice(0, -1), stdin };
}

describe('grpcurl export of the shipped example, run by our CLI against the lab', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab();
  });
  afterAll(async () => {
    await lab.close();
  });
  // userName is captured during a run; outside one it is given like any variable.
  const exported = async (file: string, envVars: Record<string, string> = { userName: 'Ada Lovelace' }) => {
    const vars = Object.entries({ target: lab.target, ...envVars }).flatMap(([k, v]) => ['--env-var', `${k}=${v}`]);
    const run = await runCliInProcess(['export', 'grpcurl', join(example, file), '--env', 'local', ...vars]);
    if (run.code !== 0) throw new Error(run.stderr);
    return run.stdout;
  };

  it.each([
    ['users/get-user.grpc.yaml', 0, '"id": "u42"'],
    ['users/list-users.grpc.yaml', 0, '"id": "u3"'],
    ['users/import-users.grpc.yaml', 0, '"importedCount": 3'],
    ['users/chat.grpc.yaml', 0, '"text": "bye"'],
    ['errors/not-found.grpc.yaml', 64 + 5, ''],
  ])('%s', async (file, code, output) => {
    const command = await exported(file);
    expect(command).not.toContain(SECRET);
    expect(command).toContain('$WORKBENCH_SECRET_APIKEY');
    const { words, stdin } = viaShell(command);
    const run = await runCliInProcess(words, stdin);
    expect(run.code, run.stderr).toBe(code);
    expect(run.stdout).toContain(output);
  });

  it('names the file and the variable it cannot resolve', async () => {
    await expect(exported('users/chat.grpc.yaml', {})).rejects.toThrow(
      'users/chat.grpc.yaml: unresolved variable {{userName}}',
    );
  });

  it('import writes a canonical request file that exports to the same command', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'workbench-import-'));
    try {
      const command = await exported('users/import-users.grpc.yaml');
      const out = join(dir, 'imported.grpc.yaml');
      const imported = await runCliInProcess(
        ['import', 'grpcurl', '--out', out, '--name', 'Import users', '--secret-names', 'apiKey'],
        command,
      );
      expect(imported.code, imported.stderr).toBe(0);
      const text = readFileSync(out, 'utf8');
      expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=.*grpc-request\.schema\.json$/);
      expect(parseFile('request', text, out)).toMatchObject({
        ok: true,
        model: { metadata: { 'x-api-key': '{{secret.apiKey}}' } },
      });
      // The same command, less the note on what grpcurl cannot express (here: the expectations).
      expect(command.split('\n')[0]).toBe('# not expressible in grpcurl, left out: expect');
      expect((await runCliInProcess(['export', 'grpcurl', out])).stdout).toBe(command.slice(command.indexOf('\n') + 1));
      // The module the CLI stands on, directly: the same command from the file.
      expect(await exportRequestFile(out, { processEnv: {} })).toBe(command.slice(command.indexOf('\n') + 1));
      await expect(importToRequestFile(command, { out })).rejects.toThrow(/already exists/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
