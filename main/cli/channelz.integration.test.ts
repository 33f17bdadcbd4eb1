import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerChannelzReport } from '../../shared/api';
import { startBackend, type Backend } from '../../proto-samples/lab';
import { ChannelPool } from '../engine/channel/pool';
import { checkHealth } from '../engine/health/health';
import { runCliInProcess } from './testing/run-in-process';

// More than the query's own connection carries (a handful of channelz requests), so the rows cannot be confused.
const CALLS = 12;

let backend: Backend;
let pool: ChannelPool;

// A client that keeps one connection open after CALLS calls: the server must show it as one row.
beforeAll(async () => {
  backend = await startBackend({ name: 'channelz-test' });
  pool = new ChannelPool({ idleCloseMs: 60_000 });
  const connection = { target: backend.address, tls: { mode: 'plaintext' as const } };
  for (let call = 0; call < CALLS; call++)
    expect((await checkHealth({ pool, connection })).servingStatus).toBe('SERVING');
});

afterAll(async () => {
  pool.closeAll();
  await backend.close();
});

/** The lines of the block of the server that listens on `address`. */
function serverBlock(stdout: string, address: string): string[] {
  const block = stdout.split('\n\n').find((text) => text.split('\n')[0]!.endsWith(`listening on ${address}`));
  expect(block, `no server listening on ${address} in:\n${stdout}`).toBeDefined();
  return block!.trimEnd().split('\n');
}

describe('channelz', () => {
  it("prints the server's connections as a table: one connection carried all of a client's calls", async () => {
    const run = await runCliInProcess(['channelz', '-plaintext', backend.address]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(
      `Server view of ${backend.address} (grpc.channelz.v1; this query's own connection is listed too)`,
    );
    const [title, calls, count, header, ...rows] = serverBlock(run.stdout, backend.address);
    expect(title).toMatch(/^Server \d+ listening on /);
    expect(calls).toMatch(/^ {2}calls: \d+ started · \d+ succeeded · 0 failed$/);
    // Ours and the CLI's own.
    expect(count).toBe('  2 open connections:');
    expect(header!.trim().split(/\s{2,}/)).toEqual([
      'REMOTE ADDRESS',
      'STREAMS',
      'OK',
      'FAILED',
      'MSGS SENT',
      'MSGS RECEIVED',
    ]);
    const cells = rows.map((row) => row.trim().split(/\s+/));
    expect(cells).toHaveLength(2);
    const ours = cells.filter((row) => row[1] === String(CALLS));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toEqual([
      expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      ...[CALLS, CALLS, 0, CALLS, CALLS].map(String),
    ]);
  });

  it('--output json prints the report as one document', async () => {
    const run = await runCliInProcess(['channelz', backend.address, '--plaintext', '--output', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as ServerChannelzReport;
    expect(report.target).toBe(backend.address);
    const server = report.servers.find((entry) => entry.listenSockets.includes(backend.address));
    expect(server?.sockets).toHaveLength(2);
    expect(server?.sockets.filter((socket) => socket.streamsStarted === CALLS)).toEqual([
      {
        id: expect.stringMatching(/^\d+$/),
        remoteAddress: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
        localAddress: backend.address,
        streamsStarted: CALLS,
        streamsSucceeded: CALLS,
        streamsFailed: 0,
        messagesSent: CALLS,
        messagesReceived: CALLS,
      },
    ]);
  });

  it('names a server without channelz and exits 1', async () => {
    const server = new grpc.Server();
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    try {
      const run = await runCliInProcess(['channelz', '-plaintext', `127.0.0.1:${port}`]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(
        new RegExp(
          `^Error: 127\\.0\\.0\\.1:${port} does not offer grpc\\.channelz\\.v1; .*\\nHint: Servers opt in to channelz`,
        ),
      );
    } finally {
      server.forceShutdown();
    }
  });

  it('needs exactly one address and takes no call flags', async () => {
    expect(await runCliInProcess(['channelz', '-plaintext'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('channelz needs a host:port'),
    });
    expect(await runCliInProcess(['channelz', '-plaintext', 'a:1', 'b:2'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Too many arguments.'),
    });
    expect(await runCliInProcess(['channelz', '-plaintext', '-n', '5', backend.address])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('The -n flag is not used with channelz'),
    });
  });
});
