import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../proto-samples/lab/index';
import { freePort } from '../../test/support/ports';
import { secretKey } from '../engine/collections/secrets';
import { parseFile } from '../engine/collections/yaml-files';
import { createNodeCapabilities, dataDirEnvVar } from '../host/node-capabilities';
import { runCliInProcess } from './testing/run-in-process';

const example = fileURLToPath(new URL('../../proto-samples/collections/lab', import.meta.url));
const SECRET = 'cli-s3cret-4711-zz';

const filesUnder = (folder: string): string[] =>
  readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['testsuite', 'testcase', 'property', 'failure'].includes(name),
});

interface JunitCase {
  classname: string;
  name: string;
  time: string;
  properties: { property: { name: string; value: string }[] };
  failure?: { type: string; message: string; '#text': string }[];
  error?: { type: string; message: string };
}
interface JunitSuite {
  name: string;
  tests: string;
  testcase: JunitCase[];
}

describe('grpc-workbench run, export grpcurl and import grpcurl against the demo lab', () => {
  let lab: Lab;
  let work: string;
  let collection: string;
  const savedDataDir = process.env[dataDirEnvVar];
  beforeAll(async () => {
    lab = await startLab();
  });
  afterAll(async () => {
    await lab.close();
  });
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'workbench-cli-run-'));
    collection = join(work, 'lab');
    cpSync(example, collection, { recursive: true });
    // The CLI's secret store is the Node one in the data folder: here, a folder of the test's own.
    process.env[dataDirEnvVar] = join(work, 'data');
  });
  afterEach(() => {
    if (savedDataDir === undefined) delete process.env[dataDirEnvVar];
    else process.env[dataDirEnvVar] = savedDataDir;
    rmSync(work, { recursive: true, force: true });
  });
  const labVars = () => ['--env-var', `target=${lab.target}`, '--env-var', `directTargets=${lab.directTargets}`];
  const run = (...args: string[]) => runCliInProcess(['run', ...args]);

  it('runs the shipped example: exit 0, JUnit a CI reads (a suite per folder, properties), no secret anywhere', async () => {
    const junit = join(work, 'out.xml');
    const json = join(work, 'out.json');
    const result = await run(
      collection,
      '--env',
      'local',
      ...labVars(),
      '--secret',
      `apiKey=${SECRET}`,
      '--reporter',
      `junit=${junit}`,
      '--reporter',
      `json=${json}`,
    );
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^✓ Get a user {2}OK/m);
    expect(result.stdout.trim().split('\n').at(-1)).toBe('8 passed, 0 failed');

    const document = xml.parse(readFileSync(junit, 'utf8')) as {
      testsuites: { name: string; tests: string; failures: string; testsuite: JunitSuite[] };
    };
    const { testsuites } = document;
    expect(testsuites).toMatchObject({ name: 'Demo lab', tests: '8', failures: '0' });
    expect(testsuites.testsuite.map((suite) => [suite.name, suite.tests])).toEqual([
      ['users', '4'],
      ['errors', '2'],
      ['load-balancing', '2'],
    ]);
    const getUser = testsuites.testsuite[0]!.testcase[0]!;
    expect(getUser).toMatchObject({ classname: 'users', name: 'Get a user' });
    expect(Number(getUser.time)).toBeGreaterThan(0);
    const properties = Object.fromEntries(getUser.properties.property.map((entry) => [entry.name, entry.value]));
    expect(properties).toMatchObject({
      file: 'users/get-user.grpc.yaml',
      method: 'user.v1.UserService/GetUser',
      status: 'OK',
      messageCount: '1',
      backend: expect.stringMatching(/^backend-\d$/),
      peer: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
    });
    expect(JSON.parse(readFileSync(json, 'utf8'))).toMatchObject({ version: 1, exitStatus: 0 });

    // The secret reached the server (the lab echoed it, the check saw it) but no file and no report holds it.
    for (const file of [...filesUnder(collection), junit, json])
      expect(readFileSync(file, 'utf8'), file).not.toContain(SECRET);
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  }, 60_000);

  it('exits 1 on a failed expectation, with expected and actual in the JUnit failure', async () => {
    const file = join(collection, 'errors/not-found.grpc.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('status: 5', 'status: OK'));
    const junit = join(work, 'out.xml');
    const result = await run(
      join(collection, 'errors'),
      '--env',
      'local',
      ...labVars(),
      '--secret',
      `apiKey=${SECRET}`,
      '--reporter',
      `junit=${junit}`,
    );
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/✗ A user beyond the directory is NOT_FOUND with ErrorInfo {2}NOT_FOUND/);
    expect(result.stdout).toContain('1 passed, 1 failed');
    const suites = (xml.parse(readFileSync(junit, 'utf8')) as { testsuites: { testsuite: JunitSuite[] } }).testsuites
      .testsuite;
    const failed = suites[0]!.testcase[1]!;
    expect(failed.failure).toEqual([
      expect.objectContaining({
        type: 'status',
        message: expect.stringMatching(/^status: expected OK.*, actual NOT_FOUND/),
        '#text': expect.stringMatching(/^expected: OK.*\nactual: NOT_FOUND/),
      }),
    ]);
  }, 30_000);

  it('exits 2 when a call cannot complete (nothing listens on the target)', async () => {
    const closed = `127.0.0.1:${await freePort()}`;
    const result = await run(
      join(collection, 'users/get-user.grpc.yaml'),
      '--env',
      'local',
      '--env-var',
      `target=${closed}`,
      '--secret',
      `apiKey=${SECRET}`,
    );
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stdout).toContain('transport error');
  });

  it('exits 3 for a bad flag, an unknown environment, a damaged file — before sending anything', async () => {
    const badFlag = await run(collection, '--nope');
    expect(badFlag.code).toBe(3);
    expect(badFlag.stderr).toMatch(/Unknown option '--nope'[\s\S]*Usage: grpc-workbench run/);
    expect((await run(collection, '--output', 'xml')).code).toBe(3);
    expect((await run(collection, '--reporter', 'html=out.html')).code).toBe(3);
    expect((await run(collection, '--secret', 'novalue')).code).toBe(3);

    const unknownEnv = await run(collection, '--env', 'staging', ...labVars());
    expect(unknownEnv.code).toBe(3);
    expect(unknownEnv.stdout).toContain('Unknown environment "staging"; the collection has local.');

    writeFileSync(join(collection, 'users/chat.grpc.yaml'), 'kind: grpc-request\nname: [unclosed\n');
    const damaged = await run(collection, '--env', 'local', ...labVars(), '--secret', `apiKey=${SECRET}`);
    expect(damaged.code).toBe(3);
    expect(damaged.stdout).toMatch(/^error: users\/chat\.grpc\.yaml:\d+:\d+: /m);
    expect(damaged.stdout).toContain('0 passed, 0 failed');
  });

  it('exits 4 when a secret cannot be resolved, naming the variable and the file', async () => {
    const result = await run(collection, '--env', 'local', ...labVars());
    expect(result.code).toBe(4);
    expect(result.stdout).toContain('users/get-user.grpc.yaml: unresolved variable {{secret.apiKey}}');
  });

  it('exits 5 when a method is not in the schema', async () => {
    const file = join(collection, 'users/get-user.grpc.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('UserService/GetUser', 'UserService/GetNobody'));
    const result = await run(file, '--env', 'local', ...labVars(), '--secret', `apiKey=${SECRET}`);
    expect(result.code).toBe(5);
    expect(result.stdout).toContain('schema error');
    expect(result.stdout).toContain('user.v1.UserService/GetNobody is not in the schema');
  });

  it("takes a secret from the user's secret store: a 0600 file in a 0700 data folder, never in the collection", async () => {
    const dataDir = join(work, 'data');
    await createNodeCapabilities({ dataDir }).secrets.set(secretKey(collection, 'apiKey'), SECRET);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
    const result = await run(join(collection, 'users/get-user.grpc.yaml'), '--env', 'local', ...labVars());
    expect(result.code, result.stdout + result.stderr).toBe(0);
    for (const file of filesUnder(collection)) expect(readFileSync(file, 'utf8'), file).not.toContain(SECRET);
  });

  it('export grpcurl → import grpcurl → the identical request, through the CLI', async () => {
    const exported = await runCliInProcess([
      'export',
      'grpcurl',
      join(collection, 'users/list-users.grpc.yaml'),
      '--env',
      'local',
      ...labVars(),
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain('"x-api-key: $WORKBENCH_SECRET_APIKEY"');
    const out = join(work, 'imported.grpc.yaml');
    const imported = await runCliInProcess(
      ['import', 'grpcurl', '--out', out, '--name', 'List users', '--secret-names', 'apiKey'],
      exported.stdout,
    );
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toBe(`Wrote ${out}\n`);
    const request = parseFile('request', readFileSync(out, 'utf8'), out);
    expect(request).toMatchObject({
      ok: true,
      model: {
        method: 'user.v1.UserService/ListUsers',
        target: lab.target,
        metadata: { 'x-api-key': '{{secret.apiKey}}' },
      },
    });
    const again = await runCliInProcess(['export', 'grpcurl', out]);
    expect(again.code, again.stderr).toBe(0);
    // The same command, less the comment naming what grpcurl cannot express (the expectations).
    expect(again.stdout).toBe(exported.stdout.slice(exported.stdout.indexOf('\n') + 1));
    expect((await runCliInProcess(['import', 'grpcurl', '--out', out], exported.stdout)).code).toBe(1);
  });
});
