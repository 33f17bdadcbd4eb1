import * as grpc from '@grpc/grpc-js';
import { create } from '@bufbuild/protobuf';
import { afterEach, describe, expect, it } from 'vitest';
import { GetUserRequestSchema, UserService } from '../gen/user/v1/user_pb';
import { startBackend } from './backend';
import { startL4Proxy } from './l4-proxy';
import { startLab } from './lab';
import type { Lab } from './lab';
import { newClient, unaryCall } from './testing/calls';

let lab: Lab | undefined;
afterEach(async () => {
  await lab?.close();
  lab = undefined;
});

/** Which backend answered one GetUser call on `client`. */
async function backendOf(client: grpc.Client): Promise<string> {
  const { status, headers } = await unaryCall(
    client,
    UserService.method.getUser,
    create(GetUserRequestSchema, { id: 'u1' }),
  );
  expect(status.code).toBe(grpc.status.OK);
  return String(headers?.get('x-backend')[0]);
}

/** Calls on one client, one after another; returns hits per backend. */
async function hitsOver(client: grpc.Client, calls: number): Promise<Record<string, number>> {
  const hits: Record<string, number> = {};
  for (let i = 0; i < calls; i++) {
    const backend = await backendOf(client);
    hits[backend] = (hits[backend] ?? 0) + 1;
  }
  return hits;
}

/** One call on a brand-new client (own connection), then closes it. */
async function backendOfFreshClient(target: string): Promise<string> {
  const client = newClient(target);
  try {
    return await backendOf(client);
  } finally {
    client.close();
  }
}

describe('L4 proxy', () => {
  it('pins every call of one channel to the backend that won the connection', async () => {
    lab = await startLab();
    const client = newClient(lab.target);
    const hits = await hitsOver(client, 30);
    client.close();
    expect(hits).toEqual({ 'backend-1': 30 });
    expect(lab.proxy?.connectionCount).toBe(1);
  });

  it('spreads a channel per call evenly, one connection each, round-robin', async () => {
    lab = await startLab();
    const hits: Record<string, number> = {};
    for (let i = 0; i < 30; i++) {
      const backend = await backendOfFreshClient(lab.target);
      hits[backend] = (hits[backend] ?? 0) + 1;
    }
    expect(hits).toEqual({ 'backend-1': 10, 'backend-2': 10, 'backend-3': 10 });
    expect(Object.values(lab.proxy?.connectionsPerUpstream ?? {})).toEqual([10, 10, 10]);
    expect(lab.proxy?.connectionCount).toBe(30);
  });

  it('sends a backend added later only new connections', async () => {
    lab = await startLab();
    const longLived = newClient(lab.target);
    expect(await backendOf(longLived)).toBe('backend-1');
    const added = await lab.addBackend();
    expect(added.name).toBe('backend-4');
    expect(lab.proxy?.upstreams).toEqual(lab.backends.map((b) => b.address));

    expect(await hitsOver(longLived, 10)).toEqual({ 'backend-1': 10 });
    const fresh = [];
    for (let i = 0; i < 3; i++) fresh.push(await backendOfFreshClient(lab.target));
    expect(fresh).toEqual(['backend-2', 'backend-3', 'backend-4']);
    longLived.close();
    expect(lab.proxy?.connectionsPerUpstream).toEqual(Object.fromEntries(lab.backends.map((b) => [b.address, 1])));
  });

  it('refuses connections while it has no upstreams', async () => {
    const proxy = await startL4Proxy({ upstreams: [] });
    const client = newClient(proxy.address);
    const { status } = await unaryCall(client, UserService.method.getUser, create(GetUserRequestSchema, { id: 'u1' }), {
      options: { deadline: Date.now() + 5_000 },
    });
    client.close();
    await proxy.close();
    expect(status.code).toBe(grpc.status.UNAVAILABLE);
    expect(proxy.connectionCount).toBeGreaterThan(0);
  });

  it('drops live connections on close', async () => {
    const backend = await startBackend({ name: 'solo' });
    const proxy = await startL4Proxy({ upstreams: [backend.address] });
    const client = newClient(proxy.address);
    try {
      expect(await backendOf(client)).toBe('solo');
      expect(proxy.openConnections).toBe(1);
      await proxy.close();
      expect(proxy.openConnections).toBe(0);
      const { status } = await unaryCall(
        client,
        UserService.method.getUser,
        create(GetUserRequestSchema, { id: 'u1' }),
        { options: { deadline: Date.now() + 5_000 } },
      );
      expect(status.code).toBe(grpc.status.UNAVAILABLE);
    } finally {
      client.close();
      await backend.close();
    }
  });
});

describe('direct targets (the headless-Service fix)', () => {
  it('balances one round_robin channel over every backend', async () => {
    lab = await startLab();
    const client = newClient(lab.directTargets, undefined, {
      'grpc.service_config': JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] }),
    });
    // round_robin starts picking as soon as one subchannel is ready; warm up until all three answered.
    const warmUp = new Set<string>();
    for (let i = 0; i < 100 && warmUp.size < 3; i++) warmUp.add(await backendOf(client));
    expect(warmUp.size).toBe(3);
    const hits = await hitsOver(client, 30);
    client.close();
    expect(hits).toEqual({ 'backend-1': 10, 'backend-2': 10, 'backend-3': 10 });
  });
});
