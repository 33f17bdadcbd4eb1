import type { DescMessage, JsonObject, JsonValue } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { decodeResponseToJson } from '../../../shared/codec/decode';
import { encodeRequestJson } from '../../../shared/codec/encode';
import { RequestJsonError } from '../../../shared/codec/errors';
import { compileFixture, testdataDir } from './testdata/fixture';
import { runProtoc } from '../../support/protoc';

const registry = compileFixture();

function message(typeName: string): DescMessage {
  const desc = registry.getMessage(typeName);
  if (desc === undefined) throw new Error(`fixture lacks ${typeName}`);
  return desc;
}

const User = message('codectest.v1.User');
const GetUserRequest = message('codectest.v1.GetUserRequest');
const WellKnown = message('codectest.v1.WellKnown');
const Legacy = message('codectest.legacy.Legacy');

function roundTrip(desc: DescMessage, json: string | JsonValue, allowUnknownFields = false): JsonValue {
  return decodeResponseToJson(desc, encodeRequestJson(desc, json, { registry, allowUnknownFields }), { registry });
}

function encodeError(desc: DescMessage, json: string | JsonValue, allowUnknownFields = false): RequestJsonError {
  try {
    encodeRequestJson(desc, json, { registry, allowUnknownFields });
  } catch (error) {
    if (error instanceof RequestJsonError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(json)} to be refused`);
}

/** protoc --decode: an independent reading of the bytes we produce. */
function protocDecode(typeName: string, bytes: Uint8Array): string {
  return runProtoc([`--decode=${typeName}`, '-I.', 'codec_test.proto', 'closed_enum.proto'], {
    cwd: testdataDir,
    input: bytes,
  }).toString();
}

describe('encodeRequestJson', () => {
  it('encodes every field shape and decodes back to the same proto3 JSON', () => {
    const user = {
      id: '42',
      name: 'Ada',
      roles: ['admin', 'dev'],
      status: 'ACTIVE',
      avatar: 'AAEC/w==',
      quota: '18446744073709551615',
      balance: '-9223372036854775808',
      checksum: '7',
      age: 36,
      logins: 4294967295,
      score: 1.5,
      ratio: 0.25,
      admin: true,
      nickname: '',
      address: { street: 'Main St', city: 'Oslo' },
      previousAddresses: [{ city: 'Bergen' }],
      labels: { env: 'prod', 'with space': 'x' },
      addressesByFloor: { '-1': { city: 'Basement' }, '3': { city: 'Top' } },
      flags: { true: 'ACTIVE' },
      byId: { '18446744073709551615': 'max' },
      postal: { street: 'PO Box 1' },
      shownAs: 'A. L.',
      history: ['ACTIVE', 'DISABLED'],
      relatedIds: ['1', '-2'],
    };
    expect(roundTrip(User, user)).toEqual(user);
  });

  it('keeps int64 values beyond 2^53 exact, as strings and as number literals', () => {
    expect(roundTrip(User, '{"id": "9007199254740993"}')).toEqual({ id: '9007199254740993' });
    expect(roundTrip(User, '{"id": 9007199254740993, "relatedIds": [9007199254740995]}')).toEqual({
      id: '9007199254740993',
      relatedIds: ['9007199254740995'],
    });
    expect(roundTrip(WellKnown, '{"maybeId": 9223372036854775807}')).toEqual({ maybeId: '9223372036854775807' });
    const bytes = encodeRequestJson(User, '{"id": 9007199254740993, "quota": "18446744073709551615"}', { registry });
    expect(protocDecode('codectest.v1.User', bytes)).toBe('id: 9007199254740993\nquota: 18446744073709551615\n');
  });

  it('refuses an unsafe int64 number that reached it already rounded', () => {
    expect(encodeError(User, { id: 2 ** 60 }).message).toBe(
      `id: ${2 ** 60} is beyond the exact range of JSON numbers; write this int64 as a string`,
    );
  });

  it('names the field path of a wrong type', () => {
    const error = encodeError(GetUserRequest, '{"user": {"roles": ["a", "b", 3]}}');
    expect(error.message).toBe('user.roles[2]: expected string, got number');
    expect(error.path).toBe('user.roles[2]');
    expect(error.problem).toBe('expected string, got number');
  });

  it('suggests the closest field name for an unknown one, or lists the fields', () => {
    expect(encodeError(GetUserRequest, { user: { nmae: 'x' } }).message).toBe(
      'user.nmae: unknown field (did you mean "name"?)',
    );
    expect(encodeError(User, { address: { zzz: 1 } }).message).toBe(
      'address.zzz: unknown field: codectest.v1.User.Address has street, city',
    );
  });

  it('names the enum, the wrong value and the allowed names', () => {
    expect(encodeError(GetUserRequest, { user: { status: 'ACTIVEE' } }).message).toBe(
      'user.status: unknown enum value "ACTIVEE" for codectest.v1.Status (expected one of STATUS_UNSPECIFIED, ACTIVE, DISABLED)',
    );
    expect(encodeError(User, { history: ['ACTIVE', true] }).message).toBe(
      'history[1]: expected codectest.v1.Status (an enum value name or number), got boolean',
    );
  });

  it('accepts enums by name or number; a closed (proto2) enum only knows its numbers', () => {
    expect(roundTrip(User, { status: 2, history: [1, 'DISABLED'] })).toEqual({
      status: 'DISABLED',
      history: ['ACTIVE', 'DISABLED'],
    });
    expect(roundTrip(User, { status: 7 })).toEqual({ status: 7 }); // open enum: unknown numbers are kept
    expect(encodeError(Legacy, { level: 3 }).message).toBe(
      'level: unknown enum number 3 for codectest.legacy.Level (expected one of LOW=1, HIGH=2)',
    );
    expect(roundTrip(Legacy, { level: 'HIGH' })).toEqual({ level: 'HIGH' });
  });

  it('requires a JSON object at the root and for messages', () => {
    expect(encodeError(GetUserRequest, '[1]').message).toBe(
      '<root>: expected a JSON object (codectest.v1.GetUserRequest), got array',
    );
    expect(encodeError(GetUserRequest, { user: 'Ada' }).message).toBe(
      'user: expected a JSON object (codectest.v1.User), got string',
    );
  });

  it('reports JSON syntax errors with line:column', () => {
    const error = encodeError(User, '{\n  "name": "Ada"\n  "age": 3\n}');
    expect(error.message).toBe('3:3: invalid JSON: expected "," or "}" after the value of "name", got "\\""');
    expect([error.line, error.column, error.path]).toEqual([3, 3, '<root>']);
    expect(encodeError(User, '{"name": "a",}').message).toBe('1:14: invalid JSON: trailing comma before "}"');
    expect(encodeError(User, '{"name": "a", "name": "b"}').message).toBe('1:15: invalid JSON: duplicate key "name"');
  });

  it('treats empty text as the empty message, like grpcurl -d ""', () => {
    expect(encodeRequestJson(User, '  \n', { registry })).toEqual(new Uint8Array());
  });

  it('accepts proto names and json_name, and refuses a field set under both', () => {
    expect(roundTrip(User, { display_name: 'x', previous_addresses: [{ city: 'y' }] })).toEqual({
      shownAs: 'x',
      previousAddresses: [{ city: 'y' }],
    });
    expect(encodeError(User, { display_name: 'x', shownAs: 'y' }).message).toBe(
      'shownAs: field "display_name" is set twice (as "display_name" and "shownAs")',
    );
  });

  it('refuses two members of one oneof, but a null member does not count', () => {
    expect(encodeError(User, { email: 'a@b.c', phone: '123' }).message).toBe(
      'phone: only one member of oneof "contact" may be set, but "email" is set too',
    );
    expect(roundTrip(User, { email: null, phone: '123' })).toEqual({ phone: '123' });
  });

  it('validates map keys by key type and map values by value type', () => {
    expect(encodeError(User, { addressesByFloor: { x: {} } }).message).toBe(
      'addressesByFloor["x"]: invalid map key: expected int32',
    );
    expect(encodeError(User, { addressesByFloor: { '2147483648': {} } }).message).toBe(
      'addressesByFloor["2147483648"]: map key 2147483648 is out of range for int32 (-2147483648 to 2147483647)',
    );
    expect(encodeError(User, { flags: { yes: 'ACTIVE' } }).message).toBe(
      'flags["yes"]: invalid map key: expected bool',
    );
    expect(encodeError(User, { byId: { '-1': 'x' } }).message).toBe('byId["-1"]: invalid map key: expected uint64');
    expect(encodeError(User, { labels: { env: 1 } }).message).toBe('labels["env"]: expected string, got number');
    expect(encodeError(User, { labels: { env: null } }).message).toBe(
      'labels["env"]: null is not allowed as a map value',
    );
  });

  it('checks numbers: ranges, integers, float32 range, numeric strings', () => {
    expect(encodeError(User, { age: 2 ** 31 }).message).toBe(
      'age: 2147483648 is out of range for int32 (-2147483648 to 2147483647)',
    );
    expect(encodeError(User, { logins: -1 }).message).toBe('logins: -1 is out of range for uint32 (0 to 4294967295)');
    expect(encodeError(User, { age: 1.5 }).message).toBe('age: expected an integer (int32), got 1.5');
    expect(encodeError(User, { age: 'ten' }).message).toBe('age: invalid int32 "ten": expected an integer');
    expect(encodeError(User, { quota: '18446744073709551616' }).message).toBe(
      'quota: 18446744073709551616 is out of range for uint64 (0 to 18446744073709551615)',
    );
    expect(encodeError(User, { score: 1e39 }).message).toBe('score: 1e+39 is out of range for float');
    expect(encodeError(User, { ratio: 'abc' }).message).toBe(
      'ratio: invalid double "abc": expected a number, "NaN", "Infinity" or "-Infinity"',
    );
    expect(roundTrip(User, { age: '36', ratio: 'Infinity', score: '-2.5', admin: true })).toEqual({
      age: 36,
      ratio: 'Infinity',
      score: -2.5,
      admin: true,
    });
    expect(encodeError(User, { admin: 'true' }).message).toBe('admin: expected boolean, got string');
  });

  it('takes bytes as standard or URL-safe base64, padded or not', () => {
    const standard = roundTrip(User, { avatar: '+/+/' });
    expect(roundTrip(User, { avatar: '-_-_' })).toEqual(standard);
    expect(roundTrip(User, { avatar: 'AAE' })).toEqual({ avatar: 'AAE=' });
    expect(encodeError(User, { avatar: 'not base64!' }).message).toBe(
      'avatar: invalid base64 "not base64!" (bytes take standard or URL-safe base64)',
    );
  });

  it('refuses null inside lists', () => {
    expect(encodeError(User, { roles: ['a', null] }).message).toBe('roles[1]: null is not allowed in a list');
  });

  it('ignores unknown names everywhere with allowUnknownFields, and unknown enum names too', () => {
    const json = {
      name: 'a',
      extra: 1,
      address: { city: 'b', floor: 3 },
      status: 'NEW_STATUS',
      previousAddresses: [{ zip: '1' }],
    };
    expect(encodeError(User, json).message).toBe(
      'extra: unknown field: codectest.v1.User has id, name, roles, status, avatar, quota, balance, checksum, age, logins, score, ratio, admin, nickname, address, previousAddresses, labels, addressesByFloor, flags, byId, …',
    );
    expect(roundTrip(User, json, true)).toEqual({ name: 'a', address: { city: 'b' }, previousAddresses: [{}] });
  });

  it('reads proto2 extensions by their bracketed name and groups by field name', () => {
    expect(roundTrip(Legacy, { '[codectest.legacy.note]': 'hi', item: [{ name: 'x' }], big: '-5' })).toEqual({
      big: '-5',
      item: [{ name: 'x' }],
      '[codectest.legacy.note]': 'hi',
    });
  });
});

describe('encodeRequestJson with well-known types', () => {
  it('round-trips every special JSON form', () => {
    const json: JsonObject = {
      createdAt: '2024-01-01T12:30:00.123Z',
      timeout: '1.500s',
      mask: 'displayName,address.city',
      attributes: { a: 1, b: [true, null, 'x'], c: { d: {} } },
      anything: [1, 'two'],
      list: [{ x: 1 }],
      payload: { '@type': 'type.googleapis.com/codectest.v1.User.Address', city: 'Oslo' },
      details: [
        { '@type': 'type.googleapis.com/google.protobuf.Duration', value: '3s' },
        { '@type': 'type.googleapis.com/google.protobuf.Empty' },
      ],
      nothing: {},
      maybeName: '',
      maybeId: '-12',
      maybeQuota: '18446744073709551615',
      maybeFlag: false,
      maybeBytes: 'AQI=',
      maybeDouble: 'NaN',
      maybeFloat: 0.5,
      maybeInt32: -3,
      maybeUint32: 3,
      nullValue: null,
      values: { n: null, s: 'x' },
      times: ['1970-01-01T00:00:00Z'],
    };
    // A proto3 NullValue field holds NULL_VALUE (0), its default, so it is not printed back.
    const { nullValue: _default, ...printed } = json;
    expect(roundTrip(WellKnown, json)).toEqual(printed);
  });

  it('names the Any whose @type the schema does not know', () => {
    expect(encodeError(WellKnown, { payload: { '@type': 'type.googleapis.com/nope.Missing', x: 1 } }).message).toBe(
      'payload.@type: unknown type "type.googleapis.com/nope.Missing": nope.Missing is not in the loaded schema',
    );
    expect(encodeError(WellKnown, { payload: { city: 'x' } }).message).toBe(
      'payload.@type: missing: an Any needs the type URL of the message it holds, like "type.googleapis.com/google.rpc.ErrorInfo"',
    );
  });

  it('validates the message inside an Any with the full path', () => {
    const json: JsonValue = {
      details: [
        { '@type': 'type.googleapis.com/codectest.v1.User', id: '1' },
        { '@type': 'type.googleapis.com/codectest.v1.User', roles: [1] },
      ],
    };
    expect(encodeError(WellKnown, json).message).toBe('details[1].roles[0]: expected string, got number');
    expect(
      encodeError(WellKnown, { payload: { '@type': 'type.googleapis.com/google.protobuf.Duration', value: '1m' } })
        .message,
    ).toBe('payload.value: invalid Duration "1m": expected seconds with an "s" suffix, like "1.5s" or "300s"');
  });

  it('explains the expected form of Timestamp, Duration, FieldMask, Struct and wrappers', () => {
    expect(encodeError(WellKnown, { createdAt: 'yesterday' }).message).toBe(
      'createdAt: invalid Timestamp "yesterday": expected an RFC 3339 timestamp like "2024-01-01T00:00:00Z"',
    );
    expect(encodeError(WellKnown, { createdAt: 1700000000 }).message).toBe(
      'createdAt: expected an RFC 3339 timestamp like "2024-01-01T00:00:00Z", got number',
    );
    expect(encodeError(WellKnown, { timeout: 1.5 }).message).toBe(
      'timeout: expected a Duration string: seconds with an "s" suffix, like "1.5s" or "300s", got number',
    );
    expect(encodeError(WellKnown, { mask: 'display_name' }).message).toBe(
      'mask: invalid FieldMask "display_name": expected comma-separated lowerCamelCase paths, like "displayName,address.city"',
    );
    expect(encodeError(WellKnown, { attributes: [1] }).message).toBe(
      'attributes: expected a JSON object (google.protobuf.Struct), got array',
    );
    expect(encodeError(WellKnown, { list: {} }).message).toBe(
      'list: expected an array (google.protobuf.ListValue), got object',
    );
    expect(encodeError(WellKnown, { maybeInt32: 'x' }).message).toBe(
      'maybeInt32: invalid int32 "x": expected an integer',
    );
    expect(encodeError(WellKnown, { nothing: { a: 1 } }).message).toBe(
      'nothing.a: unknown field: google.protobuf.Empty has no fields',
    );
    expect(encodeError(WellKnown, { times: ['2024-13-01T00:00:00Z'] }).message).toBe(
      'times[0]: invalid Timestamp "2024-13-01T00:00:00Z": expected an RFC 3339 timestamp like "2024-01-01T00:00:00Z"',
    );
  });
});
