import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRegistry, type DescMessage } from '@bufbuild/protobuf';
import { globSync } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { decodeResponseToJson } from '../../../shared/codec/decode';
import { encodeRequestJson } from '../../../shared/codec/encode';
import { exampleJson, isRequiredField } from '../../../shared/codec/example';
import { compileFixture, fixtureRegistry, googleapisSubset } from './testdata/fixture';
import { runProtoc } from '../../support/protoc';

const fixture = compileFixture();
// Plus real-world types: every google/protobuf file (descriptor.proto is proto2 with closed enums),
// google.api, google.type, google.rpc, google.iam, long-running operations.
const googleapisDir = fileURLToPath(new URL('../../../node_modules/google-proto-files', import.meta.url));
const googleapisFile = join(mkdtempSync(join(tmpdir(), 'codec-')), 'googleapis.pb');
runProtoc(
  [
    '--include_imports',
    `--descriptor_set_out=${googleapisFile}`,
    '-I.',
    ...globSync(googleapisSubset, { cwd: googleapisDir }),
  ],
  { cwd: googleapisDir },
);
const registry = createRegistry(fixture, fixtureRegistry(readFileSync(googleapisFile)));

function message(typeName: string): DescMessage {
  return registry.getMessage(typeName) as DescMessage;
}

const allMessages = [...registry].filter((t): t is DescMessage => t.kind === 'message');

describe('exampleJson', () => {
  it('fills every field of a message with a plausible value of its type; a oneof shows its first member', () => {
    expect(exampleJson(message('codectest.v1.User'))).toEqual({
      id: '1',
      name: 'string',
      roles: ['string'],
      status: 'ACTIVE',
      avatar: 'Ynl0ZXM=',
      quota: '1',
      balance: '1',
      checksum: '1',
      age: 1,
      logins: 1,
      score: 1.5,
      ratio: 1.5,
      admin: true,
      nickname: 'string',
      address: { street: 'string', city: 'string' },
      previousAddresses: [{ street: 'string', city: 'string' }],
      labels: { key: 'string' },
      addressesByFloor: { '1': { street: 'string', city: 'string' } },
      flags: { true: 'ACTIVE' },
      byId: { '1': 'string' },
      email: 'string',
      shownAs: 'string',
      history: ['ACTIVE'],
      relatedIds: ['1'],
    });
  });

  it('writes well-known types in their JSON forms, and an Any holding a real message of the schema', () => {
    const example = exampleJson(message('codectest.v1.WellKnown'), { registry: fixture }) as Record<string, unknown>;
    expect(example).toMatchObject({
      createdAt: '2024-01-01T00:00:00Z',
      timeout: '1s',
      attributes: {},
      nothing: {},
      maybeName: 'string',
      maybeId: '1',
      nullValue: null,
      times: ['2024-01-01T00:00:00Z'],
    });
    expect((example['payload'] as Record<string, unknown>)['@type']).toMatch(/^type\.googleapis\.com\/codectest\./);
    expect('payload' in (exampleJson(message('codectest.v1.WellKnown')) as object)).toBe(false); // no registry: no real @type to show
  });

  it('stops recursive types at maxDepth', () => {
    const depthOf = (node: unknown): number => {
      const record = node as Record<string, unknown> | undefined;
      return record?.['parent'] === undefined ? 1 : 1 + depthOf(record['parent']);
    };
    expect(depthOf(exampleJson(message('codectest.v1.TreeNode'), { maxDepth: 3 }))).toBe(3);
    const leaf = exampleJson(message('codectest.v1.TreeNode'), { maxDepth: 1 });
    expect(leaf).toEqual({ label: 'string', end: 'string' }); // the oneof falls back to a member that fits
  });

  it(`produces JSON that encodes, for all ${allMessages.length} message types of the fixture and a googleapis slice`, () => {
    expect(allMessages.length).toBeGreaterThan(200);
    for (const desc of allMessages) {
      for (const style of ['full', 'minimal'] as const) {
        const example = exampleJson(desc, { registry, style });
        try {
          // As text: a string is always read as JSON text, and the root of e.g. Duration is a JSON string.
          encodeRequestJson(desc, JSON.stringify(example), { registry });
        } catch (error) {
          throw new Error(
            `${style} example of ${desc.typeName} does not encode: ${String(error)}\n${JSON.stringify(example)}`,
          );
        }
      }
    }
  });

  it('round-trips unchanged for a message without defaults in it', () => {
    const desc = message('codectest.v1.User');
    const example = exampleJson(desc);
    expect(decodeResponseToJson(desc, encodeRequestJson(desc, example, { registry }), { registry })).toEqual(example);
  });
});

describe('exampleJson, minimal', () => {
  it('sets only the fields marked (google.api.field_behavior) = REQUIRED, with non-placeholder values', () => {
    const desc = message('google.iam.v1.SetIamPolicyRequest');
    expect(exampleJson(desc, { style: 'minimal' })).toEqual({ resource: 'example-resource', policy: {} });
    // The full template still has the optional update mask.
    expect(exampleJson(desc)).toHaveProperty('updateMask');
  });

  it('falls back to the id and name where nothing is marked, leaving oneofs and nested blocks unset', () => {
    const minimal = exampleJson(message('codectest.v1.User'), { style: 'minimal' });
    expect(minimal).toEqual({ id: '1', name: 'example-name' });
  });

  it('takes a value from the field comment’s "e.g." where there is one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'codec-hint-'));
    writeFileSync(
      join(dir, 'hint.proto'),
      [
        'syntax = "proto3";',
        'package hint.v1;',
        'message GetAccountRequest {',
        '  // The account to read, e.g. "acct-42".',
        '  string account_id = 1;',
        '  string contact_email = 2;',
        '  oneof view { string summary = 3; string detail = 4; }',
        '}',
      ].join('\n'),
    );
    runProtoc(['--include_source_info', '--descriptor_set_out=hint.pb', '-I.', 'hint.proto'], { cwd: dir });
    const hint = fixtureRegistry(readFileSync(join(dir, 'hint.pb'))).getMessage('hint.v1.GetAccountRequest')!;
    expect(exampleJson(hint, { style: 'minimal' })).toEqual({ accountId: 'acct-42' });
  });

  it('tells fields marked REQUIRED from the others', () => {
    const [resource, , updateMask] = message('google.iam.v1.SetIamPolicyRequest').fields;
    expect(isRequiredField(resource!)).toBe(true);
    expect(isRequiredField(updateMask!)).toBe(false);
  });
});
