import { describe, expect, it } from 'vitest';
import { buildSchemaSource, emptySchemaSourceForm, splitPathList } from './connection-form';

describe('schema source form', () => {
  it('builds each schema source', () => {
    const connection = { target: 'h:1', tls: { mode: 'plaintext' as const } };
    expect(
      buildSchemaSource(
        {
          ...emptySchemaSourceForm,
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
    const noFiles = buildSchemaSource({ ...emptySchemaSourceForm, schemaSource: 'protoset' }, connection, []);
    expect(noFiles.ok).toBe(false);
    expect(buildSchemaSource(emptySchemaSourceForm, connection, [{ key: 'authorization', value: 'x' }])).toEqual({
      ok: true,
      value: { kind: 'reflection', connection, metadata: [{ key: 'authorization', value: 'x' }] },
    });
  });

  it('splits path lists on commas and new lines', () => {
    expect(splitPathList('a, b\n\n c ,')).toEqual(['a', 'b', 'c']);
  });
});
