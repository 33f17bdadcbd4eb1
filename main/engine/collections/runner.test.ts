import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../../proto-samples/lab/index';
import { createWorkbenchService, type InProcessWorkbench } from '../index';
import type { RunnerEngine } from './runner-engine';
import { createClientEngine } from './engine-adapter';
import { formatJunit, formatRunJson, formatRunText } from '../../../shared/collections/reporters';
import { runCollection, type RunCall, type RunOptions } from './runner';

const example = fileURLToPath(new URL('../../../proto-samples/collections/lab', import.meta.url));
const SECRET = 's3cr3t-value-9f8e7d';

describe('runCollection against the demo lab', () => {
  let lab: Lab;
  let client: InProcessWorkbench;
  let engine: RunnerEngine;
  let dir: string;
  beforeAll(async () => {
    lab = await startLab();
    client = createWorkbenchService({ hostInfo: { version: 'test', host: 'cli' }, recordMessages: false });
    engine = createClientEngine(client);
    dir = mkdtempSync(join(tmpdir(), 'workbench-run-'));
    cpSync(example, dir, { recursive: true });
  });
  afterAll(async () => {
    await client.dispose();
    await lab.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const options = (more: Partial<RunOptions> = {}): RunOptions => ({
    paths: [dir],
    env: 'local',
    envVars: { target: lab.target, directTargets: lab.directTargets },
    secrets: { flags: { apiKey: SECRET } },
    processEnv: {},
    ...more,
  });

  it('runs the shipped example: every request passes, in manifest order, with captures and lb gates', async () => {
    const report = await runCollection(engine, options());
    const failures = report.results.flatMap((result) =>
      result.expectations
        .filter((check) => !check.passed)
        .map((check) => ({ path: result.path, ...check, error: result.error })),
    );
    expect(failures).toEqual([]);
    expect(report.problems).toEqual([]);
    expect(report.results.map((result) => result.path)).toEqual([
      'users/get-user.grpc.yaml',
      'users/list-users.grpc.yaml',
      'users/import-users.grpc.yaml',
      'users/chat.grpc.yaml',
      'errors/invalid-argument.grpc.yaml',
      'errors/not-found.grpc.yaml',
      'load-balancing/pinned-behind-l4-proxy.grpc.yaml',
      'load-balancing/balanced-round-robin.grpc.yaml',
    ]);
    expect(report).toMatchObject({ exitStatus: 0, passed: 8, failed: 0, environment: 'local' });
    expect(report.results[0]!.backend).toMatch(/^backend-/);
  }, 30_000);

  it('never writes the secret to the collection folder nor into the reports', async () => {
    const calls: RunCall[] = [];
    const report = await runCollection(engine, options({ onCall: (call) => calls.push(call) }));
    for (const text of [JSON.stringify(report), formatRunText(report), formatRunJson(report), formatJunit(report)])
      expect(text).not.toContain(SECRET);
    // Each call, for the host's history: masked too, with its request as the file has it and its origin.
    expect(calls.map((call) => call.origin)).toEqual(report.results.map(({ path }) => ({ root: dir, path })));
    expect(JSON.stringify(calls)).not.toContain(SECRET);
    expect(calls[0]!.outcome.headers['x-echo-x-api-key']).toEqual(['***']);
    expect(calls[0]).toMatchObject({
      kind: 'unary',
      request: { kind: 'grpc-request', method: 'user.v1.UserService/GetUser', target: lab.target },
      outcome: { status: { name: 'OK' }, sent: 1 },
    });
    // The lab echoed the key back in x-echo-x-api-key: the check saw it, the report shows it masked.
    const echoed = report.results[0]!.expectations.find((check) => check.check === 'headers.x-echo-x-api-key');
    expect(echoed).toMatchObject({ passed: true, actual: '***' });
    const files = (folder: string): string[] =>
      readdirSync(folder).flatMap((name) => {
        const path = join(folder, name);
        return statSync(path).isDirectory() ? files(path) : [path];
      });
    for (const file of files(dir)) expect(readFileSync(file, 'utf8'), file).not.toContain(SECRET);
  }, 30_000);

  it('stops before sending anything when a secret or variable cannot be resolved (4)', async () => {
    const report = await runCollection(engine, options({ secrets: {} }));
    expect(report.exitStatus).toBe(4);
    expect(report.results).toEqual([]);
    expect(report.problems[0]?.message).toMatch(
      /users\/get-user\.grpc\.yaml: unresolved variable \{\{secret\.apiKey\}\}/,
    );
  });

  it('takes a secret from WORKBENCH_SECRET_<NAME>', async () => {
    const report = await runCollection(
      engine,
      options({
        secrets: {},
        processEnv: { WORKBENCH_SECRET_APIKEY: SECRET },
        paths: [join(dir, 'users/get-user.grpc.yaml')],
      }),
    );
    expect(report).toMatchObject({ exitStatus: 0, passed: 1 });
  });

  it('reports an unknown environment and a damaged file as usage errors (3)', async () => {
    expect((await runCollection(engine, options({ env: 'nope' }))).exitStatus).toBe(3);
    const broken = mkdtempSync(join(tmpdir(), 'workbench-broken-'));
    try {
      cpSync(example, broken, { recursive: true });
      writeFileSync(join(broken, 'errors/not-found.grpc.yaml'), 'kind: grpc-request\nname: [unclosed\n');
      const report = await runCollection(engine, options({ paths: [broken] }));
      expect(report.exitStatus).toBe(3);
      expect(report.problems.map((problem) => problem.message)).toEqual([
        expect.stringMatching(/^errors\/not-found\.grpc\.yaml:\d+:\d+: /),
      ]);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });

  it('selects by folder, by files in the order given, and by tags', async () => {
    const byFolder = await runCollection(engine, options({ paths: [join(dir, 'errors')] }));
    expect(byFolder.results.map((result) => result.path)).toEqual([
      'errors/invalid-argument.grpc.yaml',
      'errors/not-found.grpc.yaml',
    ]);
    const byFiles = await runCollection(
      engine,
      options({ paths: [join(dir, 'errors/not-found.grpc.yaml'), join(dir, 'users/get-user.grpc.yaml')] }),
    );
    expect(byFiles.results.map((result) => result.path)).toEqual([
      'errors/not-found.grpc.yaml',
      'users/get-user.grpc.yaml',
    ]);
    const byTag = await runCollection(engine, options({ tags: ['smoke'] }));
    expect(byTag.results.map((result) => result.path)).toEqual(['users/get-user.grpc.yaml']);
  });

  it('exits 5 when a method is not in the schema, and reports the request rather than dropping it', async () => {
    const odd = mkdtempSync(join(tmpdir(), 'workbench-schema-'));
    try {
      cpSync(example, odd, { recursive: true });
      const file = join(odd, 'users/get-user.grpc.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('UserService/GetUser', 'UserService/GetNobody'));
      const report = await runCollection(engine, options({ paths: [odd] }));
      expect(report.exitStatus).toBe(5);
      expect(report.results[0]).toMatchObject({
        verdict: 'schema',
        error: expect.stringMatching(/GetNobody is not in the schema/),
      });
    } finally {
      rmSync(odd, { recursive: true, force: true });
    }
  }, 30_000);

  it('runs a request file outside any collection with only what it holds; a missing stream file is a usage error', async () => {
    const alone = mkdtempSync(join(tmpdir(), 'workbench-alone-'));
    try {
      const file = join(alone, 'import.grpc.yaml');
      const request = (stream: string) =>
        [
          'kind: grpc-request',
          'name: Import alone',
          'method: user.v1.UserService/ImportUsers',
          `target: ${lab.target}`,
          'tls: {mode: plaintext}',
          'messages:',
          `  - file: ${stream}`,
          'expect:',
          '  message:',
          '    partial: \'{"importedCount": 2}\'',
          '',
        ].join('\n');
      writeFileSync(join(alone, 'two.ndjson'), '{"id": "u1", "name": "A"}\n\n{"id": "u2", "name": "B"}\n');
      writeFileSync(file, request('two.ndjson'));
      expect(await runCollection(engine, { paths: [file], processEnv: {} })).toMatchObject({
        exitStatus: 0,
        passed: 1,
      });
      writeFileSync(file, request('missing.ndjson'));
      const missing = await runCollection(engine, { paths: [file], processEnv: {} });
      expect(missing.exitStatus).toBe(3);
      expect(missing.problems[0]?.message).toMatch(/messages file missing\.ndjson: ENOENT/);
      expect((await runCollection(engine, { paths: [file], env: 'dev', processEnv: {} })).exitStatus).toBe(3);
    } finally {
      rmSync(alone, { recursive: true, force: true });
    }
  });

  it('sets up the channel as its `channel` block says, and names a typo in it', async () => {
    const alone = mkdtempSync(join(tmpdir(), 'workbench-channel-'));
    try {
      const file = join(alone, 'big.grpc.yaml');
      const request = (maxReceiveSize: string) =>
        [
          'kind: grpc-request',
          'name: A big user',
          'method: user.v1.UserService/GetUser',
          `target: ${lab.target}`,
          'tls: {mode: plaintext}',
          'channel:',
          `  maxReceiveSize: ${maxReceiveSize}`,
          '  userAgent: ops-console/1.0',
          'compression: gzip',
          'message: \'{"id": "u1", "avatarSize": 200000}\'',
          'expect:',
          '  status: RESOURCE_EXHAUSTED',
          '',
        ].join('\n');
      writeFileSync(file, request('64KiB'));
      const limited = await runCollection(engine, { paths: [file], processEnv: {} });
      expect(limited.results[0]).toMatchObject({ verdict: 'passed', status: { name: 'RESOURCE_EXHAUSTED' } });
      writeFileSync(file, request('1 kilo'));
      const typo = await runCollection(engine, { paths: [file], processEnv: {} });
      expect(typo.results[0]).toMatchObject({
        verdict: 'failed',
        error: expect.stringContaining(
          'big.grpc.yaml: channel.maxReceiveSize: invalid size "1 kilo": unknown unit "kilo"',
        ),
      });
    } finally {
      rmSync(alone, { recursive: true, force: true });
    }
  });

  it('exits 2 when the target does not answer, and --bail skips the rest', async () => {
    const report = await runCollection(
      engine,
      options({ envVars: { target: '127.0.0.1:1', directTargets: '127.0.0.1:1' }, bail: true }),
    );
    expect(report.exitStatus).toBe(2);
    expect(report.results[0]!.verdict).toBe('transport');
    expect(report.results.slice(1).every((result) => result.verdict === 'skipped')).toBe(true);
  });
});
