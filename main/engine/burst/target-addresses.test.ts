import { describe, expect, it } from 'vitest';
import { formatAddress, resolveTargetAddresses } from './target-addresses';

describe('resolveTargetAddresses', () => {
  it('takes ipv4: and ipv6: lists as they are, in peer form', async () => {
    expect(await resolveTargetAddresses('ipv4:127.0.0.1:5001,127.0.0.2:5002')).toEqual([
      '127.0.0.1:5001',
      '127.0.0.2:5002',
    ]);
    expect(await resolveTargetAddresses('ipv6:[::1]:5001,[::1]:5002')).toEqual(['[::1]:5001', '[::1]:5002']);
  });

  it('keeps IP literals and looks names up', async () => {
    expect(await resolveTargetAddresses('127.0.0.1:50051')).toEqual(['127.0.0.1:50051']);
    expect(await resolveTargetAddresses('dns:///127.0.0.3:7')).toEqual(['127.0.0.3:7']);
    expect(await resolveTargetAddresses('[::1]:9')).toEqual(['[::1]:9']);
    const localhost = await resolveTargetAddresses('dns:localhost:8080');
    expect(localhost).toBeDefined();
    expect(localhost!.length).toBeGreaterThan(0);
    for (const address of localhost!) expect(['127.0.0.1:8080', '[::1]:8080']).toContain(address);
  });

  it('uses the default port 443 when the target names none', async () => {
    expect(await resolveTargetAddresses('127.0.0.1')).toEqual(['127.0.0.1:443']);
  });

  it('has no list for unix sockets or other schemes', async () => {
    expect(await resolveTargetAddresses('unix:/tmp/grpc.sock')).toBeUndefined();
    expect(await resolveTargetAddresses('xds:///svc')).toBeUndefined();
  });
});

describe('formatAddress', () => {
  it('brackets IPv6 hosts like grpc-js peers', () => {
    expect(formatAddress('::1', 80)).toBe('[::1]:80');
    expect(formatAddress('10.0.0.1', 80)).toBe('10.0.0.1:80');
  });
});
