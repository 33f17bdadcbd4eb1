import * as grpc from '@grpc/grpc-js';
import { create } from '@bufbuild/protobuf';
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKubeClient } from '../../main/engine/k8s/kube-client';
import { GetUserRequestSchema, UserService } from '../gen/user/v1/user_pb';
import { startLab } from './lab';
import { LabUsageError, describeLab, parseLabArgs } from './lab-command';
import { newClient, unaryCall } from './testing/calls';

describe('parseLabArgs', () => {
  it('--cluster starts the lab cluster: an API port and where to write the kubeconfig, nothing else', () => {
    expect(parseLabArgs(['--cluster'])).toEqual({ help: false, cluster: { apiPort: 0 } });
    expect(parseLabArgs(['--cluster', '--port', '6443', '--kubeconfig', '/tmp/k'])).toEqual({
      help: false,
      cluster: { apiPort: 6443, kubeconfigPath: '/tmp/k' },
    });
    expect(() => parseLabArgs(['--cluster', '--tls', '--backends', '2'])).toThrow(
      new LabUsageError('--cluster starts the lab cluster only; --tls, --backends does not apply to it'),
    );
    expect(() => parseLabArgs(['--kubeconfig', '/tmp/k'])).toThrow('--kubeconfig goes with --cluster');
  });

  it('has fixed ports for humans by default', () => {
    expect(parseLabArgs([])).toEqual({
      help: false,
      lab: {
        backends: 3,
        hosts: ['127.0.0.1', '127.0.0.2', '127.0.0.3'],
        proxyHost: '127.0.0.1',
        proxyPort: 50051,
        basePort: 50061,
        reflection: undefined,
        tls: undefined,
        behaviors: {},
      },
    });
  });

  it('reads behaviours per backend, repeatable', () => {
    const command = parseLabArgs([
      '--backends',
      '4',
      '--port',
      '0',
      '--fail',
      'backend-2=unavailable',
      '--fail',
      'backend-3=7',
      '--slow',
      'backend-2=300',
      '--not-serving',
      'backend-4',
      '--mtls',
      '--reflection',
      'v1alpha-only',
    ]);
    expect(command.help).toBe(false);
    if (!('lab' in command)) return;
    expect(command.lab).toMatchObject({
      backends: 4,
      proxyPort: 0,
      basePort: undefined,
      reflection: 'v1alpha-only',
      tls: { mtls: true },
      behaviors: {
        'backend-2': { failure: { code: grpc.status.UNAVAILABLE }, delayMs: 300 },
        'backend-3': { failure: { code: grpc.status.PERMISSION_DENIED } },
        'backend-4': { notServing: true },
      },
    });
  });

  it.each([
    [['--fail', 'backend-1'], /--fail wants NAME=VALUE/],
    [['--fail', 'backend-1=OK'], /"OK" is not a failing status code/],
    [['--fail', 'backend-1=NOPE'], /"NOPE" is not a failing status code/],
    [['--slow', 'backend-1=fast'], /--slow backend-1 wants a whole number/],
    [['--backends', '0'], /--backends wants a whole number from 1/],
    [['--reflection', 'v2'], /--reflection wants/],
    [['--bogus'], /Unknown option '--bogus'/],
  ])('explains what is wrong with %j', (argv, message) => {
    expect(() => parseLabArgs(argv)).toThrow(LabUsageError);
    expect(() => parseLabArgs(argv)).toThrow(message);
  });
});

describe('describeLab', () => {
  it('lists what runs where and calls to try against the proxy', async () => {
    const options = {
      backends: 2,
      behaviors: { 'backend-2': { failure: { code: grpc.status.UNAVAILABLE }, delayMs: 300 } },
    };
    const lab = await startLab(options);
    try {
      const text = describeLab(lab, options);
      expect(text).toContain(`L4 proxy     ${lab.proxy?.address}`);
      expect(text).toMatch(new RegExp(`backend-1 +${lab.backends[0]?.address} +healthy`));
      expect(text).toMatch(
        new RegExp(`backend-2 +${lab.backends[1]?.address} +failing with UNAVAILABLE, slow \\(\\+300 ms\\)`),
      );
      expect(text).toContain(`grpc-workbench -plaintext ${lab.target} list`);
      expect(text).toContain(`grpc-workbench -plaintext -d '{"id":"u1"}' ${lab.target} user.v1.UserService/GetUser`);
      expect(text).toContain(`--lb round_robin ${lab.directTargets} user.v1.UserService/GetUser`);
    } finally {
      await lab.close();
    }
  });
});

describe('the lab command', () => {
  it('serves until SIGTERM, then closes everything and exits 0', async () => {
    const repo = resolve(import.meta.dirname, '../..');
    const bundle = await build({
      absWorkingDir: repo,
      entryPoints: ['proto-samples/lab/main.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      write: false,
      logLevel: 'silent',
    });
    // Fed on stdin with the repository as cwd, the bundle finds node_modules like dist/lab.js does.
    const child = spawn(process.execPath, ['--input-type=module', '-', '--port', '0', '--backends', '2'], {
      cwd: repo,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    child.stdin.end(bundle.outputFiles[0]?.text);
    let output = '';
    await new Promise<void>((ready, fail) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Press Ctrl+C')) ready();
      });
      child.once('exit', (code) => fail(new Error(`lab exited early with ${code}: ${output}`)));
    });
    const proxy = /L4 proxy\s+(\S+)/.exec(output)?.[1] ?? '';
    const client = newClient(proxy);
    const { status, headers } = await unaryCall(
      client,
      UserService.method.getUser,
      create(GetUserRequestSchema, { id: 'u1' }),
    );
    client.close();
    expect(status.code).toBe(grpc.status.OK);
    expect(headers?.get('x-backend')).toEqual(['backend-1']);

    const exitCode = new Promise<number | null>((done) => child.once('exit', done));
    child.kill('SIGTERM');
    expect(await exitCode).toBe(0);
    expect(output).toContain('lab stopped');
  });

  it('--cluster starts the lab cluster, prints KUBECONFIG=<path> first, and cleans up on SIGTERM', async () => {
    const repo = resolve(import.meta.dirname, '../..');
    // One level below the repository, as dist/lab.js is, so the bundle finds the lab certificates.
    const dir = mkdtempSync(join(repo, '.tmp-lab-cluster-'));
    try {
      await build({
        absWorkingDir: repo,
        entryPoints: ['proto-samples/lab/main.ts'],
        outfile: join(dir, 'lab.mjs'),
        bundle: true,
        platform: 'node',
        format: 'esm',
        packages: 'external',
        logLevel: 'silent',
      });
      const child = spawn(process.execPath, [join(dir, 'lab.mjs'), '--cluster'], {
        cwd: repo,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let output = '';
      await new Promise<void>((ready, fail) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('Press Ctrl+C')) ready();
        });
        child.once('exit', (code) => fail(new Error(`lab exited early with ${code}: ${output}`)));
      });
      const kubeconfig = /^KUBECONFIG=(.+)$/m.exec(output)?.[1] ?? '';
      expect(output.startsWith(`KUBECONFIG=${kubeconfig}\n`)).toBe(true);
      const client = await loadKubeClient({ kubeconfig });
      const pods = await client.core.listNamespacedPod({ namespace: client.namespace });
      expect(pods.items).toHaveLength(3);
      for (const pod of pods.items) expect(output).toContain(`pod ${pod.metadata?.name}`);
      child.kill('SIGTERM');
      const code = await new Promise((done) => child.once('exit', done));
      expect(code).toBe(0);
      expect(existsSync(kubeconfig)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
