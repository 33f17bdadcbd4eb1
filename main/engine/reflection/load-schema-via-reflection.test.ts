import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionOptions } from '../../../shared/api';
import { ChannelPool } from '../channel/pool';
import { echoDescriptors } from '../testing/echo-descriptors';
import { startTestServer, type TestServer } from '../testing/test-server';
import { loadSchemaViaReflection } from './load-schema-via-reflection';

const plaintext = (target: string): ConnectionOptions => ({ target, tls: { mode: 'plaintext' } });

describe('loadSchemaViaReflection', () => {
  const pool = new ChannelPool({ idleCloseMs: 10 });
  let both: TestServer;
  let alphaOnly: TestServer;
  let none: TestServer;
  beforeAll(async () => {
    [both, alphaOnly, none] = await Promise.all([
      startTestServer(),
      startTestServer({ reflection: 'v1alpha' }),
      startTestServer({ reflection: 'none' }),
    ]);
  });
  afterAll(async () => {
    pool.closeAll();
    await Promise.all([both.close(), alphaOnly.close(), none.close()]);
  });

  const expectedFiles = () =>
    echoDescriptors()
      .files.map((file) => file.name)
      .sort();

  it('loads every file of every service over v1, dependencies first', async () => {
    const result = await loadSchemaViaReflection({ pool, connection: plaintext(both.target), metadata: [] });
    expect(result.version).toBe('v1');
    expect(result.problems).toEqual([]);
    const names = result.files.map((file) => file.name);
    expect([...names].sort()).toEqual(expectedFiles());
    expect(names.indexOf('google/protobuf/timestamp.proto')).toBeLessThan(
      names.indexOf('workbench/testing/v1/echo.proto'),
    );
    const echo = result.files.find((file) => file.name === 'workbench/testing/v1/echo.proto');
    expect(echo?.service.map((service) => service.name)).toEqual(['EchoService']);
  });

  it('follows dependency lists itself, asking for each file once, with the caller metadata', async () => {
    const server = await startTestServer({ reflection: 'v1-one-file' });
    try {
      const result = await loadSchemaViaReflection({
        pool,
        connection: plaintext(server.target),
        metadata: [{ key: 'authorization', value: 'Bearer t' }],
      });
      expect(result.files.map((file) => file.name).sort()).toEqual(expectedFiles());
      const fileRequests = server.reflectionRequests
        .filter((request) => request.kind === 'fileByFilename')
        .map((request) => request.value);
      expect(fileRequests).toContain('google/protobuf/timestamp.proto');
      expect(new Set(fileRequests).size).toBe(fileRequests.length);
      expect(server.reflectionRequests.every((request) => request.authorization === 'Bearer t')).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('falls back to v1alpha when v1 is unimplemented', async () => {
    const result = await loadSchemaViaReflection({ pool, connection: plaintext(alphaOnly.target), metadata: [] });
    expect(result.version).toBe('v1alpha');
    expect(result.files.map((file) => file.name).sort()).toEqual(expectedFiles());
  });

  it('says so when the server offers no reflection', async () => {
    const attempt = loadSchemaViaReflection({ pool, connection: plaintext(none.target), metadata: [] });
    await expect(attempt).rejects.toMatchObject({ kind: 'schema', subject: none.target });
    await expect(attempt).rejects.toThrow(`${none.target} does not offer server reflection`);
  });

  it('reports a refused connection as such', async () => {
    const closed = await startTestServer({ reflection: 'none' });
    await closed.close();
    await expect(
      loadSchemaViaReflection({ pool, connection: plaintext(closed.target), metadata: [] }),
    ).rejects.toMatchObject({ kind: 'refused', subject: closed.target });
  });
});
