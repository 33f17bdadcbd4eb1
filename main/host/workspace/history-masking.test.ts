import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../shared/api';
import { SECRET_MASK } from '../../../shared/collections/masking';
import { secretKey } from '../../engine/index';
import { createNodeCapabilities } from '../node-capabilities';
import { isSensitiveMetadataKey, maskHistoryEntry, maskSensitiveValue, secretValuesFor } from './history-masking';

describe('sensitive metadata', () => {
  it('knows the keys that carry credentials', () => {
    for (const key of [
      'authorization',
      'Cookie',
      'proxy-authorization',
      'x-api-key',
      'x-apikey',
      'x-auth-token',
      'db-password',
      'client-secret',
    ])
      expect(isSensitiveMetadataKey(key), key).toBe(true);
    for (const key of ['x-trace', 'user-agent', 'x-request-id']) expect(isSensitiveMetadataKey(key), key).toBe(false);
  });

  it('keeps a value that is only templates (and a scheme), masks anything else', () => {
    expect(maskSensitiveValue('Bearer {{secret.token}}')).toBe('Bearer {{secret.token}}');
    expect(maskSensitiveValue('{{apiKey}}')).toBe('{{apiKey}}');
    expect(maskSensitiveValue('Bearer eyJhbGciOi')).toBe(SECRET_MASK);
    expect(maskSensitiveValue('abc{{secret.token}}')).toBe(SECRET_MASK);
    expect(maskSensitiveValue('Basic {{user}}:{{password}}')).toBe(SECRET_MASK);
  });
});

describe('maskHistoryEntry', () => {
  it('masks sensitive metadata and every secret value, also in what the server echoed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'masking-collection-'));
    const { secrets } = createNodeCapabilities({ dataDir: mkdtempSync(join(tmpdir(), 'masking-data-')) });
    await secrets.set(secretKey(root, 'token'), 'tok-123-secret');
    const request = {
      kind: 'grpc-request' as const,
      name: '',
      method: 'x.S/M',
      metadata: { authorization: 'Bearer raw-typed-token', 'x-key': '{{secret.token}}', 'x-trace': 'tok-123-secret' },
      message: '{"q":"{{secret.token}} {{secret.other}}"}',
    };
    const values = await secretValuesFor(request, root, {
      store: secrets,
      processEnv: { WORKBENCH_SECRET_OTHER: 'from-the-env-9' },
    });
    expect(values.sort()).toEqual(['from-the-env-9', 'tok-123-secret']);
    const entry: HistoryEntry = {
      id: 'h1',
      startedAt: '2026-12-01T12:00:00.000Z',
      request,
      kind: 'unary',
      status: { code: 16, name: 'UNAUTHENTICATED', message: 'bad token tok-123-secret' },
      durationMs: 1,
      messagesSent: 1,
      messagesReceived: 1,
      firstMessage: '{"echo":"tok-123-secret from-the-env-9"}',
      lastMessage: '{"echo":"tok-123-secret from-the-env-9"}',
    };
    const masked = maskHistoryEntry(entry, values);
    expect(masked.request.metadata).toEqual({
      authorization: SECRET_MASK,
      'x-key': '{{secret.token}}',
      'x-trace': SECRET_MASK,
    });
    expect(masked.request.message).toBe(request.message);
    expect(masked.status.message).toBe('bad token ***');
    expect(masked.firstMessage).toBe('{"echo":"*** ***"}');
    expect(JSON.stringify(masked)).not.toMatch(/tok-123-secret|from-the-env-9|raw-typed-token/);
  });
});
