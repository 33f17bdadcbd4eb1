import { describe, expect, it } from 'vitest';
import { buildConnection, buildSchemaSource, emptyConnectionForm, splitPathList } from './connection-form';
import { parseDeadline } from '../request/deadline';
import { checkMetadataRows } from '../request/metadata-rows';
import { toErrorInfo } from '../ui/error-info';

describe('connection form', () => {
  it('builds plaintext and TLS connections from the fields', () => {
    expect(buildConnection({ ...emptyConnectionForm, target: ' localhost:50051 ' })).toEqual({
      ok: true,
      value: { target: 'localhost:50051', tls: { mode: 'plaintext' }, authority: undefined },
    });
    const tls = buildConnection({
      ...emptyConnectionForm,
      target: 'h:443',
      security: 'tls',
      caFile: 'ca.crt',
      certFile: 'c.crt',
      keyFile: 'c.key',
      serverName: 'api',
      authority: 'api:443',
    });
    expect(tls).toEqual({
      ok: true,
      value: {
        target: 'h:443',
        authority: 'api:443',
        tls: {
          mode: 'tls',
          caFile: 'ca.crt',
          certFile: 'c.crt',
          keyFile: 'c.key',
          insecureSkipVerify: undefined,
          serverName: 'api',
        },
      },
    });
  });

  it('names the field at fault', () => {
    const empty = buildConnection(emptyConnectionForm);
    expect(empty.ok || empty.error.subject).toBe('Target');
    const halfMtls = buildConnection({ ...emptyConnectionForm, target: 'h:1', security: 'tls', certFile: 'c.crt' });
    expect(halfMtls.ok || halfMtls.error.subject).toBe('Client key');
  });

  it('builds each schema source', () => {
    const connection = { target: 'h:1', tls: { mode: 'plaintext' as const } };
    expect(
      buildSchemaSource(
        {
          ...emptyConnectionForm,
          schemaSource: 'protoFiles',
          protoFiles: 'user/v1/user.proto',
          importPaths: 'protos,\n vendor ',
        },
        connection,
        [],
      ),
    ).toEqual({
      ok: true,
      value: { kind: 'protoFiles', files: ['user/v1/user.proto'], importPaths: ['protos', 'vendor'] },
    });
    const noFiles = buildSchemaSource({ ...emptyConnectionForm, schemaSource: 'protoset' }, connection, []);
    expect(noFiles.ok).toBe(false);
    expect(buildSchemaSource(emptyConnectionForm, connection, [{ key: 'authorization', value: 'x' }])).toEqual({
      ok: true,
      value: { kind: 'reflection', connection, metadata: [{ key: 'authorization', value: 'x' }] },
    });
  });

  it('splits path lists on commas and new lines', () => {
    expect(splitPathList('a, b\n\n c ,')).toEqual(['a', 'b', 'c']);
  });
});

describe('metadata rows', () => {
  it('accepts text and base64 binary values and skips blank rows', () => {
    const check = checkMetadataRows([
      { id: 1, key: 'authorization', value: 'Bearer x' },
      { id: 2, key: 'trace-bin', value: 'AAEC' },
      { id: 3, key: '', value: '' },
    ]);
    expect(check.problems.size).toBe(0);
    expect(check.entries).toEqual([
      { key: 'authorization', value: 'Bearer x' },
      { key: 'trace-bin', value: 'AAEC' },
    ]);
  });

  it('explains bad keys and values next to their row', () => {
    const check = checkMetadataRows([
      { id: 1, key: 'bad key', value: 'x' },
      { id: 2, key: 'grpc-timeout', value: '1S' },
      { id: 3, key: 'x-bin', value: 'not base64!' },
      { id: 4, key: '', value: 'value' },
      { id: 5, key: 'X-Ok', value: 'fine' },
    ]);
    expect(check.problems.get(1)).toMatch(/contains " "/);
    expect(check.problems.get(2)).toMatch(/reserved/);
    expect(check.problems.get(3)).toMatch(/base64/);
    expect(check.problems.get(4)).toMatch(/empty/);
    expect(check.problems.has(5)).toBe(false);
    expect(check.entries).toEqual([{ key: 'x-ok', value: 'fine' }]);
  });
});

describe('parseDeadline', () => {
  it('reads durations and bare seconds', () => {
    expect(parseDeadline('')).toEqual({ ok: true, value: undefined });
    expect(parseDeadline('5s')).toEqual({ ok: true, value: 5000 });
    expect(parseDeadline('1m30s')).toEqual({ ok: true, value: 90_000 });
    expect(parseDeadline('250ms')).toEqual({ ok: true, value: 250 });
    expect(parseDeadline('1.5')).toEqual({ ok: true, value: 1500 });
  });

  it('rejects what is not a duration', () => {
    expect(parseDeadline('soon').ok).toBe(false);
    expect(parseDeadline('5 parsecs').ok).toBe(false);
    expect(parseDeadline('0s').ok).toBe(false);
  });
});

describe('toErrorInfo', () => {
  it('keeps engine error data and turns anything else into an internal error', () => {
    expect(toErrorInfo({ kind: 'tls', message: 'unknown CA', hint: 'pass --cacert', subject: 'h:1' })).toEqual({
      kind: 'tls',
      message: 'unknown CA',
      hint: 'pass --cacert',
      subject: 'h:1',
    });
    expect(toErrorInfo(new Error('boom'))).toEqual({ kind: 'internal', message: 'boom' });
    expect(toErrorInfo('text')).toEqual({ kind: 'internal', message: 'text' });
  });
});
