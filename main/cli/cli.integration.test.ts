import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJsonValues } from '../../shared/json-stream';
import { labCertificates, startBackend, startLab, type Backend, type Lab } from '../../proto-samples/lab';
import { startTestServer, type TestServer } from '../engine/testing/test-server';
import { HealthCheckResponse_ServingStatus } from '../engine/gen/grpc/health/v1/health_pb';
import { runCliInProcess, type CliRun } from './testing/run-in-process';
import { runProtoc } from '../../test/support/protoc';
import { freePort } from '../../test/support/ports';

const repo = resolve(import.meta.dirname, '../..');
const protoRoot = join(repo, 'proto-samples/protos');

let backend: Backend;
let plain: string[];
let workDir: string;

beforeAll(async () => {
  backend = await startBackend({ name: 'cli-test' });
  plain = ['-plaintext', backend.address];
  workDir = mkdtempSync(join(tmpdir(), 'grpc-workbench-cli-'));
});

afterAll(async () => {
  await backend.close();
  rmSync(workDir, { recursive: true, force: true });
});

/** Every JSON document the output holds, in order (grpcurl prints one per response message). */
function documents(stdout: string): unknown[] {
  return parseJsonValues(stdout).map((value) => value.value);
}

describe('list and describe', () => {
  it('lists services via reflection, sorted, one per line', async () => {
    const run = await runCliInProcess([...plain, 'list']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toEqual([...lines].sort());
    expect(lines).toContain('user.v1.UserService');
    expect(lines).toContain('grpc.health.v1.Health');
  });

  it('lists the methods of a service as pkg.Service.Method', async () => {
    const run = await runCliInProcess(['--plaintext', backend.address, 'list', 'user.v1.UserService']);
    expect(run).toEqual({
      code: 0,
      stdout:
        'user.v1.UserService.Chat\nuser.v1.UserService.GetUser\nuser.v1.UserService.ImportUsers\nuser.v1.UserService.ListUsers\n',
      stderr: '',
    });
  });

  it('describes a service and a message via reflection', async () => {
    const service = await runCliInProcess([...plain, 'describe', 'user.v1.UserService']);
    expect(service.code).toBe(0);
    expect(service.stdout.startsWith('user.v1.UserService is a service:\n')).toBe(true);
    expect(service.stdout).toContain('rpc ListUsers ( .user.v1.ListUsersRequest ) returns ( stream .user.v1.User );');
    const message = await runCliInProcess([...plain, 'describe', '.user.v1.GetUserRequest']);
    expect(message.stdout.startsWith('user.v1.GetUserRequest is a message:\n')).toBe(true);
  });

  it('lists from .proto files named relative to -import-path, without a server', async () => {
    const run = await runCliInProcess(['-import-path', protoRoot, '-proto', 'user/v1/user.proto', 'list']);
    expect(run).toEqual({ code: 0, stdout: 'user.v1.UserService\n', stderr: '' });
    const methods = await runCliInProcess([
      `-import-path=${protoRoot}`,
      `-proto=${join(protoRoot, 'user/v1/user.proto')}`,
      'list',
      'user.v1.UserService',
    ]);
    expect(methods.stdout.split('\n')).toContain('user.v1.UserService.GetUser');
  });

  it('writes -protoset-out and reads it back with -protoset', async () => {
    const protoset = join(workDir, 'user.protoset');
    const written = await runCliInProcess([...plain, '-protoset-out', protoset, 'describe', 'user.v1.UserService']);
    expect(written.code).toBe(0);
    const fromFile = await runCliInProcess(['-protoset', protoset, 'describe', 'user.v1.UserService']);
    expect(fromFile).toEqual({ code: 0, stdout: written.stdout, stderr: '' });
  });

  it('reads a protoset written by protoc', async () => {
    const protoset = join(workDir, 'protoc.protoset');
    runProtoc(['-I', protoRoot, '--include_imports', `--descriptor_set_out=${protoset}`, 'user/v1/user.proto']);
    const run = await runCliInProcess(['-protoset', protoset, 'list']);
    expect(run).toEqual({ code: 0, stdout: 'user.v1.UserService\n', stderr: '' });
  });

  it('names an unknown service and exits 1', async () => {
    const run = await runCliInProcess([...plain, 'list', 'user.v1.NoSuchService']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Error: Service "user.v1.NoSuchService" is not in the schema/);
  });
});

describe("grpcurl's -unix, -msg-template and -expand-headers", () => {
  it('-unix: the address is a socket path', async () => {
    const socket = join(workDir, 'echo.sock');
    const server = await startTestServer({ unixSocket: socket });
    try {
      const run = await runCliInProcess(['-plaintext', '-unix', socket, 'list']);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('workbench.testing.v1.EchoService\n');
      // A unix: target already says it; -unix leaves it as it is.
      expect((await runCliInProcess(['-plaintext', '-unix', `unix:${socket}`, 'list'])).code).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('-msg-template: a message description ends with its JSON template', async () => {
    const run = await runCliInProcess([...plain, '-msg-template', 'describe', 'user.v1.GetUserRequest']);
    expect(run.code).toBe(0);
    const [declaration, template] = run.stdout.split('\nMessage template:\n');
    expect(declaration).toMatch(/^user\.v1\.GetUserRequest is a message:\nmessage GetUserRequest \{/);
    expect(Object.keys(JSON.parse(template!) as object)).toEqual(['id', 'readMask', 'delay', 'avatarSize', 'fault']);
    // Not a message: nothing is added; and the flag belongs to describe.
    const service = await runCliInProcess([...plain, '-msg-template', 'describe', 'user.v1.UserService']);
    expect(service.stdout).not.toContain('Message template');
    const call = await runCliInProcess([...plain, '-msg-template', 'user.v1.UserService/GetUser']);
    expect(call).toMatchObject({ code: 1, stderr: expect.stringContaining('-msg-template') });
  });

  it('-expand-headers: ${NAME} in a header comes from the environment; a missing one is an error', async () => {
    process.env.WORKBENCH_TEST_TOKEN = 'from-the-environment';
    try {
      const header = 'x-token: Bearer ${WORKBENCH_TEST_TOKEN}';
      const run = await runCliInProcess([
        ...plain,
        '-v',
        '-expand-headers',
        '-H',
        header,
        '-d',
        '{"id":"u1"}',
        'user.v1.UserService/GetUser',
      ]);
      expect(run.code).toBe(0);
      // The lab echoes x- metadata back as x-echo-<key>.
      expect(run.stdout).toContain('x-echo-x-token: Bearer from-the-environment');
      const unexpanded = await runCliInProcess([
        ...plain,
        '-v',
        '-H',
        header,
        '-d',
        '{"id":"u1"}',
        'user.v1.UserService/GetUser',
      ]);
      expect(unexpanded.stdout).toContain('x-echo-x-token: Bearer ${WORKBENCH_TEST_TOKEN}');
    } finally {
      delete process.env.WORKBENCH_TEST_TOKEN;
    }
    const missing = await runCliInProcess([
      ...plain,
      '-expand-headers',
      '-H',
      'x-token: ${WORKBENCH_TEST_NOT_SET}',
      'list',
    ]);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toContain('WORKBENCH_TEST_NOT_SET, which is not set');
  });
});

describe('calls', () => {
  it('unary: prints the response as 2-space JSON; int64 as strings', async () => {
    const run = await runCliInProcess([...plain, '-d', '{"id":"u7"}', 'user.v1.UserService/GetUser']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const [user] = documents(run.stdout) as [{ id: string; externalId: string }];
    expect(run.stdout).toBe(`${JSON.stringify(user, null, 2)}\n`);
    expect(user.id).toBe('u7');
    expect(typeof user.externalId).toBe('string');
  });

  it('unary without -d sends an empty message (the server names the missing id)', async () => {
    const run = await runCliInProcess([...plain, 'user.v1.UserService.GetUser']);
    expect(run.code).toBe(64 + 3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^ERROR:\n {2}Code: InvalidArgument\n {2}Message: .*\bid\b/);
  });

  it('server streaming: one document per message', async () => {
    const run = await runCliInProcess([...plain, '-d', '{"count":3,"readMask":"id"}', 'user.v1.UserService/ListUsers']);
    expect(run.code).toBe(0);
    expect(documents(run.stdout)).toEqual([{ id: 'u1' }, { id: 'u2' }, { id: 'u3' }]);
    expect(run.stdout).toBe('{\n  "id": "u1"\n}\n{\n  "id": "u2"\n}\n{\n  "id": "u3"\n}\n');
  });

  it('client streaming: NDJSON from stdin (-d @), half-close at EOF', async () => {
    const stdin = ['{"id":"u1","name":"Ada","roles":["ROLE_ADMIN"]}\n{"id":"u2",', '"name":"Grace"}\n'];
    const run = await runCliInProcess([...plain, '-d', '@', 'user.v1.UserService/ImportUsers'], stdin);
    expect(run.code).toBe(0);
    const [summary] = documents(run.stdout) as [{ importedCount: number; ids: string[] }];
    expect(summary.importedCount).toBe(2);
    expect(summary.ids).toEqual(['u1', 'u2']);
  });

  it('client streaming: several concatenated messages inline', async () => {
    const run = await runCliInProcess([
      ...plain,
      '-d',
      '{"id":"u5","name":"A"}{"id":"u6","name":"B"} {"id":"u7","name":"C"}',
      'user.v1.UserService/ImportUsers',
    ]);
    expect((documents(run.stdout)[0] as { importedCount: number }).importedCount).toBe(3);
  });

  it('bidi streaming: every message from stdin is answered', async () => {
    const run = await runCliInProcess(
      [...plain, '-d', '@', 'user.v1.UserService/Chat'],
      '{"text":"hi"}\n{"text":"there"}\n',
    );
    expect(run.code).toBe(0);
    const answers = documents(run.stdout) as { text?: string; sequence: string; from: string }[];
    expect(answers.map((answer) => [answer.sequence, answer.from])).toEqual([
      ['1', 'cli-test'],
      ['2', 'cli-test'],
    ]);
  });

  it('bad request JSON on stdin mid-stream: exit 1 naming the problem', async () => {
    const run = await runCliInProcess([...plain, '-d', '@', 'user.v1.UserService/Chat'], '{"text":"hi"}\n{"text": }\n');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Error: The request data \(stdin\) is not valid JSON: 2:/);
  });

  it('a request field of the wrong type: exit 1 naming the field', async () => {
    const run = await runCliInProcess([...plain, '-d', '{"id": 7}', 'user.v1.UserService/GetUser']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Error: .*\bid\b/);
    expect(run.stdout).toBe('');
  });
});

describe('metadata', () => {
  it('-v shows the method, request metadata, response headers (incl. -bin) and trailers', async () => {
    const run = await runCliInProcess([
      ...plain,
      '-v',
      '-H',
      'x-trace: abc',
      '-rpc-header',
      'x-blob-bin: AAEC',
      '-reflect-header',
      'x-reflect-only: 1',
      '-d',
      '{"id":"u1","readMask":"id"}',
      'user.v1.UserService/GetUser',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '\nResolved method descriptor:\nrpc GetUser ( .user.v1.GetUserRequest ) returns ( .user.v1.User );\n',
    );
    expect(run.stdout).toContain('\nRequest metadata to send:\nx-blob-bin: AAEC\nx-trace: abc\n');
    const headers = /\nResponse headers received:\n([\s\S]*?)\n\n/.exec(run.stdout)?.[1]?.split('\n') ?? [];
    expect(headers).toContain('x-backend: cli-test');
    expect(headers).toContain('x-echo-x-trace: abc');
    expect(headers).toContain('x-echo-x-blob-bin: AAEC');
    expect(headers.some((line) => line.startsWith('x-echo-x-reflect-only'))).toBe(false);
    expect(run.stdout).toContain('\nResponse contents:\n{\n  "id": "u1"\n}\n');
    expect(run.stdout).toContain(
      '\nResponse trailers received:\nx-backend: cli-test\nSent 1 request and received 1 response\n',
    );
  });

  it('a malformed header is an input error naming it', async () => {
    const run = await runCliInProcess([...plain, '-H', 'no colon here', 'user.v1.UserService/GetUser']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Error: -H 'no colon here': /);
  });
});

describe('errors and exit codes', () => {
  it('a non-OK status exits 64 + code and prints the details', async () => {
    const run = await runCliInProcess([...plain, '-d', '{"id":"u99999999"}', 'user.v1.UserService/GetUser']);
    expect(run.code).toBe(64 + 5);
    expect(run.stderr).toMatch(
      /^ERROR:\n {2}Code: NotFound\n {2}Message: .+\n {2}Details:\n {2}1\)\t\{\n {4}\t {2}"@type": "type.googleapis.com\/google.rpc.ErrorInfo",/,
    );
  });

  it('-max-time: the deadline is exceeded → 64 + 4', async () => {
    const run = await runCliInProcess([
      ...plain,
      '-max-time',
      '0.3',
      '-d',
      '{"id":"u1","delay":"20s"}',
      'user.v1.UserService/GetUser',
    ]);
    expect(run.code).toBe(64 + 4);
    expect(run.stderr).toMatch(/^ERROR:\n {2}Code: DeadlineExceeded\n/);
  });

  it('connection refused → exit 1 with a message naming the target', async () => {
    const target = `127.0.0.1:${await freePort()}`;
    const run = await runCliInProcess(['-plaintext', target, 'list']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Error: Connection refused by ${target}`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('a usage error exits 1 and points to -help', async () => {
    const run = await runCliInProcess(['-plaintxt', backend.address, 'list']);
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: "Unknown flag -plaintxt.\nTry 'grpc-workbench -help' for more details.\n",
    });
  });

  it('-format-error prints the status as JSON', async () => {
    const run = await runCliInProcess([
      ...plain,
      '-format-error',
      '-d',
      '{"id":"u1","fault":{"code":7,"message":"no"}}',
      'user.v1.UserService/GetUser',
    ]);
    expect(run.code).toBe(64 + 7);
    expect(documents(run.stderr)).toMatchObject([
      { code: 7, message: 'no', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo' }] },
    ]);
  });
});

describe('--output json', () => {
  it('prints one document with exactly the documented keys', async () => {
    const run = await runCliInProcess([
      ...plain,
      '--output',
      'json',
      '-d',
      '{"count":2,"readMask":"id"}',
      'user.v1.UserService/ListUsers',
    ]);
    expect(run.code).toBe(0);
    const [document, ...rest] = documents(run.stdout) as Record<string, unknown>[];
    expect(rest).toEqual([]);
    expect(Object.keys(document!)).toEqual(['method', 'peer', 'headers', 'messages', 'trailers', 'status', 'timings']);
    expect(document).toMatchObject({
      method: 'user.v1.UserService/ListUsers',
      headers: { 'x-backend': ['cli-test'] },
      trailers: { 'x-backend': ['cli-test'] },
      status: { code: 0, name: 'OK', details: [] },
    });
    expect(document!.peer).toBe(backend.address);
    const messages = document!.messages as Record<string, unknown>[];
    expect(messages.map((m) => Object.keys(m))).toEqual([
      ['message', 'sizeBytes', 'receivedMs'],
      ['message', 'sizeBytes', 'receivedMs'],
    ]);
    expect(messages.map((m) => m.message)).toEqual([{ id: 'u1' }, { id: 'u2' }]);
    expect(Object.keys(document!.timings as object)).toEqual(['headersMs', 'firstMessageMs', 'totalMs']);
  });

  it('keeps the exit status of a failed call, with the status and its details in the document', async () => {
    const run = await runCliInProcess([...plain, '--output=json', '-d', '{"id":"bad"}', 'user.v1.UserService/GetUser']);
    expect(run.code).toBe(64 + 3);
    const [document] = documents(run.stdout) as [
      { status: { code: number; name: string; details: { '@type': string }[] }; messages: unknown[] },
    ];
    expect(document.status.name).toBe('INVALID_ARGUMENT');
    expect(document.status.details.map((detail) => detail['@type'])).toEqual([
      'type.googleapis.com/google.rpc.BadRequest',
    ]);
    expect(document.messages).toEqual([]);
  });
});

describe('TLS', () => {
  let tlsBackend: Backend;
  beforeAll(async () => {
    tlsBackend = await startBackend({ name: 'tls', tls: {} });
  });
  afterAll(() => tlsBackend.close());

  it('connects with -cacert and -servername', async () => {
    const port = tlsBackend.address.split(':').pop();
    const run = await runCliInProcess([
      '-cacert',
      labCertificates().ca,
      '-servername',
      'localhost',
      `127.0.0.1:${port}`,
      'list',
      'user.v1.UserService',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('user.v1.UserService.GetUser\n');
  });

  it('an unknown CA → exit 1 with the TLS reason and a hint', async () => {
    const run = await runCliInProcess([tlsBackend.address, 'list']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Error: TLS handshake with .* failed: /);
    expect(run.stderr).toMatch(/\nHint: /);
  });
});

describe('health', () => {
  let sick: Backend;
  beforeAll(async () => {
    sick = await startBackend({ name: 'sick', behavior: { notServing: true } });
  });
  afterAll(() => sick.close());

  it('prints the status like grpcurl and exits 0 when SERVING', async () => {
    expect(await runCliInProcess(['health', ...plain])).toEqual({
      code: 0,
      stdout: '{\n  "status": "SERVING"\n}\n',
      stderr: '',
    });
    const named = await runCliInProcess([
      'health',
      backend.address,
      'user.v1.UserService',
      '-plaintext',
      '--output',
      'json',
    ]);
    expect(documents(named.stdout)).toEqual([{ service: 'user.v1.UserService', status: 'SERVING' }]);
  });

  it('exits like grpc_health_probe: 4 when NOT_SERVING, 3 for a failed RPC (unknown service), 2 without a connection', async () => {
    expect(await runCliInProcess(['health', '-plaintext', sick.address])).toEqual({
      code: 4,
      stdout: '{\n  "status": "NOT_SERVING"\n}\n',
      stderr: '',
    });
    const unknown = await runCliInProcess(['health', ...plain, 'no.Such']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/^ERROR:\n {2}Code: NotFound\n/);
    const closed = await runCliInProcess([
      'health',
      '-plaintext',
      '-connect-timeout',
      '2',
      `127.0.0.1:${await freePort()}`,
    ]);
    expect(closed.code).toBe(2);
    expect(closed.stderr).toMatch(/^Error: .*refused/);
  });

  it('--all lists every service with List and exits 4 when one is not SERVING', async () => {
    expect(await runCliInProcess(['health', '--all', ...plain])).toEqual({
      code: 0,
      stdout:
        '{\n  "service": "",\n  "status": "SERVING"\n}\n{\n  "service": "user.v1.UserService",\n  "status": "SERVING"\n}\n',
      stderr: '',
    });
    const run = await runCliInProcess(['health', '-plaintext', '--all', '--output', 'json', sick.address]);
    expect(run.code).toBe(4);
    expect(documents(run.stdout)).toEqual([
      {
        method: 'list',
        services: [
          { service: '', status: 'NOT_SERVING' },
          { service: 'user.v1.UserService', status: 'NOT_SERVING' },
        ],
      },
    ]);
  });

  it('--all falls back to Check of the whole server and each SERVICE where there is no List', async () => {
    const noList = await startTestServer();
    noList.health.setStatus('workbench.testing.v1.EchoService', HealthCheckResponse_ServingStatus.NOT_SERVING);
    try {
      const run = await runCliInProcess([
        'health',
        '-plaintext',
        '--all',
        noList.target,
        'workbench.testing.v1.EchoService',
        'no.Such',
      ]);
      expect(run.code).toBe(3);
      expect(documents(run.stdout)).toEqual([
        { service: '', status: 'SERVING' },
        { service: 'workbench.testing.v1.EchoService', status: 'NOT_SERVING' },
      ]);
      // A failed call outranks a service that is not serving.
      expect(run.stderr).toMatch(/^The server has no grpc\.health\.v1 List \(UNIMPLEMENTED\)/);
      expect(run.stderr).toMatch(/Code: NotFound\n[\s\S]*\(service "no\.Such"\)\n$/);
      const json = await runCliInProcess([
        'health',
        '-plaintext',
        '--all',
        '-output',
        'json',
        noList.target,
        'no.Such',
      ]);
      expect(documents(json.stdout)).toEqual([
        {
          method: 'check',
          services: [
            { service: '', status: 'SERVING' },
            { service: 'no.Such', error: { code: 5, name: 'NOT_FOUND', message: expect.stringContaining('no.Such') } },
          ],
        },
      ]);
    } finally {
      await noList.close();
    }
  });

  it('--all with --watch is a usage error', async () => {
    const run = await runCliInProcess(['health', '--all', '--watch', ...plain]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--all and --watch cannot be combined');
  });

  it('--watch streams statuses until -max-time ends it', async () => {
    const run = await runCliInProcess(['health', '--watch', '-max-time', '0.5', ...plain]);
    expect(run.code).toBe(0);
    expect(documents(run.stdout)).toEqual([{ status: 'SERVING' }]);
  });
});

describe('burst', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab();
  });
  afterAll(() => lab.close());

  it('one shared channel through the L4 proxy pins every call to one backend', async () => {
    const run = await runCliInProcess([
      'burst',
      '-plaintext',
      lab.target,
      'user.v1.UserService/GetUser',
      '-n',
      '30',
      '-c',
      '5',
      '-d',
      '{"id":"u1","readMask":"id"}',
      '--backend-key',
      'x-backend',
      '--backends',
      'backend-1,backend-2,backend-3',
      '--output',
      'json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [report] = documents(run.stdout) as [
      {
        calls: number;
        ok: number;
        backends: { id: string; hits: number }[];
        knownBackends: string[];
        connections: number;
        verdict: { kind: string };
      },
    ];
    expect(Object.keys(report)).toEqual([
      'calls',
      'ok',
      'errors',
      'qps',
      'backends',
      'knownBackends',
      'connections',
      'verdict',
    ]);
    expect(report.calls).toBe(30);
    expect(report.ok).toBe(30);
    expect(report.backends.filter((b) => b.hits > 0).map((b) => b.hits)).toEqual([30]);
    expect(report.knownBackends).toEqual(['backend-1', 'backend-2', 'backend-3']);
    expect(report.connections).toBe(1);
    expect(report.verdict.kind).toBe('pinned');
  });

  it('text output ends with the verdict', async () => {
    const run = await runCliInProcess([
      'burst',
      lab.directTargets,
      'user.v1.UserService/GetUser',
      '-plaintext',
      '-n',
      '9',
      '-c',
      '3',
      '--lb',
      'round_robin',
      '-d',
      '{"id":"u1"}',
      '--backend-key',
      'x-backend',
    ]);
    expect(run.code).toBe(0);
    for (const name of ['backend-1', 'backend-2', 'backend-3']) expect(run.stdout).toContain(name);
    expect(run.stdout.toLowerCase()).toContain('balanced');
  });
});

describe('undecodable responses', () => {
  let echo: TestServer;
  beforeAll(async () => {
    echo = await startTestServer();
  });
  afterAll(() => echo.close());

  const garbageCall = (...flags: string[]): Promise<CliRun> =>
    runCliInProcess([
      '-plaintext',
      ...flags,
      '-d',
      '{"garbageResponse":true}',
      echo.target,
      'workbench.testing.v1.EchoService/Echo',
    ]);

  it('fail an OK call with exit 1, as in grpcurl', async () => {
    const run = await garbageCall();
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Failed to decode response message 1');
  });

  it('still print the whole document with --output json, and exit 1', async () => {
    const run = await garbageCall('--output', 'json');
    expect(run.code).toBe(1);
    const [document] = documents(run.stdout) as [{ status: { code: number }; messages: { decodeError?: string }[] }];
    expect(document.status.code).toBe(0);
    expect(document.messages[0]?.decodeError).toBeTruthy();
  });
});

describe('a server that serves only reflection v1alpha', () => {
  let alphaOnly: Backend;
  beforeAll(async () => {
    alphaOnly = await startBackend({ name: 'v1alpha', reflection: 'v1alpha-only' });
  });
  afterAll(() => alphaOnly.close());

  it('lists its services and calls a method through the v1alpha schema', async () => {
    const list = await runCliInProcess(['-plaintext', alphaOnly.address, 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n')).toContain('user.v1.UserService');
    const call = await runCliInProcess([
      '-plaintext',
      '-d',
      '{"id":"u1"}',
      alphaOnly.address,
      'user.v1.UserService/GetUser',
    ]);
    expect(call.code).toBe(0);
    expect(documents(call.stdout)).toMatchObject([{ id: 'u1' }]);
  });
});

describe('-connect-timeout against a host that accepts TCP but never speaks HTTP/2', () => {
  let silent: NetServer;
  let silentTarget: string;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    silentTarget = `127.0.0.1:${(silent.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((done) => silent.close(done));
  });

  it.each([['list'], ['describe'], ['health'], ['channelz']])(
    '%s fails with exit 1 naming the target',
    async (command) => {
      const run = await runCliInProcess(['-plaintext', '-connect-timeout', '0.3', silentTarget, command]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`Could not connect to ${silentTarget} within 300 ms.`);
    },
  );
});

/** `… | head` on the installed command: needs the bundle (`npm run build`). */
describe.skipIf(!existsSync(join(repo, 'dist/cli.js')))('a reader that closes the pipe early', () => {
  /** Runs bin/grpc-workbench.js, closing its stdout as soon as the first output arrives. */
  function runUntilFirstOutput(argv: string[]): Promise<{ code: number | null; firstOutput: string; stderr: string }> {
    return new Promise((done, fail) => {
      const child = spawn(process.execPath, [join(repo, 'bin/grpc-workbench.js'), ...argv], {
        cwd: repo,
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 30_000,
      });
      let firstOutput = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').once('data', (chunk: string) => {
        firstOutput = chunk;
        child.stdout.destroy();
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', fail);
      child.on('close', (code) => done({ code, firstOutput, stderr }));
    });
  }

  it('ends a long stream quietly with 128 + SIGPIPE, as grpcurl does, without a stack trace', async () => {
    const run = await runUntilFirstOutput([
      ...plain,
      '-d',
      '{"count":1000000,"readMask":"id"}',
      'user.v1.UserService/ListUsers',
    ]);
    expect(run.firstOutput).toContain('"id": "u1"');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(141);
  });
});
