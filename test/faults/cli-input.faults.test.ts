import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../main/cli/testing/run-in-process';
import {
  scriptedReflection,
  startReflectionServer,
  type ReflectionServer,
} from '../../main/engine/testing/scripted-reflection';
import { startTestServer, type TestServer } from '../../main/engine/testing/test-server';

/**
 * What a user can get wrong on the command line, and servers that hang before a burst starts: one
 * row per fault class with the message it must get and the exit status (1: usage/input error).
 */
const echo = 'workbench.testing.v1.EchoService/Echo';
const echoProtos = fileURLToPath(new URL('../../main/engine/testing/protos', import.meta.url));

describe('CLI input faults', () => {
  let server: TestServer;
  let silentReflection: ReflectionServer;
  const dir = mkdtempSync(join(tmpdir(), 'wb-faults-'));
  const file = (name: string, content: string | Buffer): string => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };
  beforeAll(async () => {
    server = await startTestServer();
    silentReflection = await startReflectionServer(scriptedReflection(() => 'hang'));
    file('a.proto', 'syntax = "proto3";\nimport "b.proto";\nmessage A { B b = 1; }\n');
    file('b.proto', 'syntax = "proto3";\nimport "a.proto";\nmessage B { A a = 1; }\n');
  });
  afterAll(async () => {
    await server.close();
    silentReflection.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows: { fault: string; argv: () => string[]; stderr: RegExp; code?: number }[] = [
    ...['127.0.0.1:-1', '[::1', '::1:50051', '127.0.0.1:50051/extra', '127.0.0.1:99999'].map((target) => ({
      fault: `malformed target ${target}`,
      argv: () => ['-plaintext', target, 'list'],
      stderr: /target .* is malformed/i,
    })),
    {
      fault: 'malformed target with local .proto files (no retryable UNAVAILABLE)',
      argv: () => [
        '-plaintext',
        '-import-path',
        echoProtos,
        '-proto',
        'workbench/testing/v1/echo.proto',
        '127.0.0.1:-1',
        echo,
      ],
      stderr: /target .* is malformed/i,
    },
    {
      fault: 'a .proto that is not text',
      argv: () => ['-proto', file('binary.proto', randomBytes(2048)), 'list'],
      stderr: /binary\.proto: Not a text \.proto file/,
    },
    {
      fault: 'a cyclic import',
      argv: () => ['-import-path', dir, '-proto', 'a.proto', 'list'],
      stderr: /cycl/i,
    },
    {
      fault: 'a -cacert file with no PEM certificate',
      argv: () => ['-cacert', file('not-a-ca.crt', 'hello\n'), server.target, 'list'],
      stderr: /not-a-ca\.crt.*no PEM certificate/,
    },
    {
      fault: '-H user-agent (a reserved header sent another way)',
      argv: () => ['-plaintext', '-H', 'user-agent: probe/1', '-d', '{}', server.target, echo],
      stderr: /"user-agent" cannot be set[\s\S]*Hint: .*-user-agent/,
    },
    {
      fault: 'burst --duration 0s',
      argv: () => ['burst', '-plaintext', '--duration', '0s', server.target, echo],
      stderr: /--duration.*(greater than|positive|at least)/i,
    },
    {
      fault: 'burst -c beyond the contract bound',
      argv: () => ['burst', '-plaintext', '-c', '10001', server.target, echo],
      stderr: /-c: .*10000/,
    },
    {
      fault: 'burst -n beyond the contract bound',
      argv: () => ['burst', '-plaintext', '-n', '100000000000', server.target, echo],
      stderr: /-n: .*<=/,
    },
    {
      fault: 'burst -max-time against reflection that never answers',
      argv: () => ['burst', '-plaintext', '-max-time', '0.5', '-n', '1', silentReflection.target, echo],
      stderr: /within the 500 ms deadline/,
    },
  ];

  it('a burst whose responses do not decode counts them as errors, not OK', async () => {
    const run = await runCliInProcess([
      'burst',
      '-plaintext',
      '-n',
      '5',
      '-c',
      '1',
      '-d',
      '{"garbageResponse":true}',
      '--output',
      'json',
      server.target,
      echo,
    ]);
    expect(JSON.parse(run.stdout)).toMatchObject({ calls: 5, ok: 0, errors: { UNDECODABLE_RESPONSE: 5 } });
    expect(run.code).not.toBe(0);
  });

  it.each(rows)('$fault', async ({ argv, stderr, code = 1 }) => {
    const run = await runCliInProcess(argv());
    expect(run.stderr).toMatch(stderr);
    expect(run.stderr).not.toMatch(/\n\s+at |bug in gRPC Workbench/);
    expect(run.code).toBe(code);
  });
});
