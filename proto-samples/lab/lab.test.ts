import * as grpc from '@grpc/grpc-js';
import { create } from '@bufbuild/protobuf';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { GetUserRequestSchema, UserService } from '../gen/user/v1/user_pb';
import { parseAddress } from './address';
import { startLab } from './lab';
import { labCertificates } from './tls';
import { newClient, unaryCall } from './testing/calls';
import { freePort } from '../../test/support/ports';

describe('startLab', () => {
  it('starts named backends on distinct loopback addresses behind a proxy', async () => {
    const lab = await startLab();
    try {
      expect(lab.backends.map((b) => [b.name, parseAddress(b.address).host])).toEqual([
        ['backend-1', '127.0.0.1'],
        ['backend-2', '127.0.0.2'],
        ['backend-3', '127.0.0.3'],
      ]);
      expect(lab.target).toBe(lab.proxy?.address);
      expect(lab.directTargets).toBe(`ipv4:${lab.backends.map((b) => b.address).join(',')}`);
      expect(lab.proxy?.upstreams).toEqual(lab.backends.map((b) => b.address));
    } finally {
      await lab.close();
    }
  });

  it('applies initial behaviours by backend name', async () => {
    const lab = await startLab({
      backends: 2,
      proxy: false,
      behaviors: { 'backend-2': { failure: { code: grpc.status.UNAVAILABLE } } },
    });
    try {
      expect(lab.proxy).toBeNull();
      expect(lab.target).toBe(lab.directTargets);
      const [first, second] = lab.backends.map((backend) => newClient(backend.address));
      const call = (client: grpc.Client) =>
        unaryCall(client, UserService.method.getUser, create(GetUserRequestSchema, { id: 'u1' }));
      expect((await call(first!)).status.code).toBe(grpc.status.OK);
      expect((await call(second!)).status.code).toBe(grpc.status.UNAVAILABLE);
      first?.close();
      second?.close();
    } finally {
      await lab.close();
    }
  });

  it('passes TLS through the L4 proxy untouched', async () => {
    const lab = await startLab({ tls: {} });
    const client = newClient(lab.target, grpc.credentials.createSsl(readFileSync(labCertificates().ca)));
    try {
      const { status, headers } = await unaryCall(
        client,
        UserService.method.getUser,
        create(GetUserRequestSchema, { id: 'u1' }),
      );
      expect(status.code).toBe(grpc.status.OK);
      expect(headers?.get('x-backend')).toEqual(['backend-1']);
    } finally {
      client.close();
      await lab.close();
    }
  });

  it('uses fixed ports from basePort, and frees them on close', async () => {
    const basePort = await freePort();
    for (let round = 0; round < 2; round++) {
      const lab = await startLab({ backends: 2, hosts: ['127.0.0.1'], basePort, proxy: false });
      expect(lab.backends.map((b) => b.address)).toEqual([`127.0.0.1:${basePort}`, `127.0.0.1:${basePort + 1}`]);
      await lab.close();
    }
  });

  it('names the backend a behaviour refers to when there is none', async () => {
    await expect(startLab({ backends: 2, behaviors: { 'backend-9': { notServing: true } } })).rejects.toThrow(
      "no backend named backend-9; the lab's backends are backend-1, backend-2",
    );
  });

  it('wants IP addresses of one family as hosts', async () => {
    await expect(startLab({ hosts: ['localhost'] })).rejects.toThrow(/must be IP addresses of one family/);
    await expect(startLab({ hosts: ['127.0.0.1', '::1'] })).rejects.toThrow(/must be IP addresses of one family/);
  });

  it('closes what it started when a port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.2', resolve));
    const taken = (blocker.address() as { port: number }).port;
    try {
      await expect(startLab({ backends: 2, hosts: ['127.0.0.2'], basePort: taken - 1, proxy: false })).rejects.toThrow(
        /cannot listen on 127\.0\.0\.2/,
      );
      // backend-1 on taken - 1 was started, then closed again: its port is free.
      const lab = await startLab({ backends: 1, hosts: ['127.0.0.2'], basePort: taken - 1, proxy: false });
      await lab.close();
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe('parseAddress', () => {
  it('splits IPv4, IPv6 and names', () => {
    expect(parseAddress('127.0.0.2:50062')).toEqual({ host: '127.0.0.2', port: 50062 });
    expect(parseAddress('[::1]:80')).toEqual({ host: '::1', port: 80 });
    expect(parseAddress('localhost:1')).toEqual({ host: 'localhost', port: 1 });
    expect(() => parseAddress('::1:80')).toThrow(/not a host:port/);
  });
});
