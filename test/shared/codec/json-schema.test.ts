import type { DescMessage, JsonObject, JsonValue } from '@bufbuild/protobuf';
// Ajv (draft-07) is the oracle: what it accepts under our schema is what the editor will accept.
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { encodeRequestJson } from '../../../shared/codec/encode';
import { exampleJson } from '../../../shared/codec/example';
import { jsonSchemaForMessage } from '../../../shared/codec/json-schema';
import { compileFixture } from './testdata/fixture';

const registry = compileFixture();

function message(typeName: string): DescMessage {
  return registry.getMessage(typeName) as DescMessage;
}

// strict: false because `doNotSuggest` is a VS Code keyword; formats are Monaco's business.
const ajv = new Ajv({ strict: false, validateFormats: false });

function schemaAccepts(desc: DescMessage, json: JsonValue): boolean {
  return ajv.validate(jsonSchemaForMessage(desc), json) as boolean;
}

function codecAccepts(desc: DescMessage, json: JsonValue): boolean {
  try {
    encodeRequestJson(desc, JSON.stringify(json), { registry });
    return true;
  } catch {
    return false;
  }
}

describe('jsonSchemaForMessage', () => {
  it('describes each message once under definitions, with $ref for nesting and recursion', () => {
    const schema = jsonSchemaForMessage(message('codectest.v1.TreeNode'));
    const self = { $ref: '#/definitions/codectest.v1.TreeNode' };
    expect(schema).toMatchObject({
      ...self,
      definitions: {
        'codectest.v1.TreeNode': {
          type: 'object',
          additionalProperties: false,
          properties: {
            parent: self,
            children: { type: 'array', items: self },
            named: { type: 'object', additionalProperties: self },
          },
        },
      },
    });
    expect(Object.keys(schema['definitions'] as object)).toEqual(['codectest.v1.TreeNode']);
  });

  it('offers enum names, int64 as strings, json names, and proto names hidden from completion', () => {
    const userProperties = (opts?: { acceptProtoNames: boolean }) =>
      (
        (jsonSchemaForMessage(message('codectest.v1.User'), opts)['definitions'] as JsonObject)[
          'codectest.v1.User'
        ] as JsonObject
      )['properties'] as JsonObject;
    expect(userProperties()).toMatchObject({
      status: { anyOf: [{ enum: ['STATUS_UNSPECIFIED', 'ACTIVE', 'DISABLED'] }, { type: 'integer' }] },
      id: { type: ['string', 'integer'], pattern: '^-?[0-9]+$' },
      quota: { pattern: '^[0-9]+$' },
      display_name: { doNotSuggest: true },
    });
    expect(userProperties()['shownAs']).not.toHaveProperty('doNotSuggest');
    expect(userProperties({ acceptProtoNames: false })).not.toHaveProperty('display_name');
  });

  it('carries the .proto comments, the proto type and oneof rules as descriptions', () => {
    expect(jsonSchemaForMessage(message('codectest.v1.User'))).toMatchObject({
      definitions: {
        'codectest.v1.User': {
          description: 'A person using the system.',
          properties: {
            id: {
              description:
                'Unique id; 64-bit so it needs a string in JSON.\nint64 id = 1\n64-bit integer: write it as a string to keep every digit.',
            },
            email: { description: 'string email = 21\nPart of oneof "contact": set only one of email, phone, postal.' },
            labels: { description: 'map<string, string> labels = 17' },
          },
        },
      },
    });
  });

  it('accepts the generated example of every fixture message', () => {
    for (const desc of [...registry].filter(
      (t): t is DescMessage => t.kind === 'message' && !t.typeName.startsWith('google.'),
    )) {
      expect(schemaAccepts(desc, exampleJson(desc, { registry })), desc.typeName).toBe(true);
    }
  });

  it('agrees with the codec on what is valid', () => {
    const User = message('codectest.v1.User');
    const WellKnown = message('codectest.v1.WellKnown');
    const cases: [DescMessage, JsonValue][] = [
      [User, { id: '9007199254740993', name: 'a', status: 'ACTIVE', history: [2] }],
      [User, { id: 12, age: '36', display_name: 'x', labels: { a: 'b' }, addressesByFloor: { '-2': {} } }],
      [User, { roles: [3] }],
      [User, { nmae: 'x' }],
      [User, { status: 'ACTIVEE' }],
      [User, { id: 'twelve' }],
      [User, { quota: '-1' }],
      [User, { age: 1.5 }],
      [User, { addressesByFloor: { x: {} } }],
      [User, { flags: { maybe: 'ACTIVE' } }],
      [User, { address: { street: 1 } }],
      [User, { admin: 'yes' }],
      [
        WellKnown,
        {
          timeout: '1.5s',
          maybeId: '5',
          maybeName: null,
          anything: { a: [1] },
          attributes: { x: null },
          list: [1, 'a'],
        },
      ],
      [WellKnown, { timeout: '1m' }],
      [WellKnown, { attributes: [] }],
    ];
    for (const [desc, json] of cases) {
      expect(schemaAccepts(desc, json), JSON.stringify(json)).toBe(codecAccepts(desc, json));
    }
  });
});
