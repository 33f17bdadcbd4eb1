import { createRegistry, type DescMessage } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { decodeResponseToJson } from '../../../shared/codec/decode';
import { encodeRequestJson } from '../../../shared/codec/encode';
import { ResponseDecodeError } from '../../../shared/codec/errors';
import { compileFixture, testdataDir } from './testdata/fixture';
import { runProtoc } from '../../support/protoc';

const registry = compileFixture();

const User = registry.getMessage('codectest.v1.User') as DescMessage;
const WellKnown = registry.getMessage('codectest.v1.WellKnown') as DescMessage;

/** protoc --encode: bytes made independently of protobuf-es. */
function protocEncode(typeName: string, textFormat: string): Uint8Array {
  return runProtoc([`--encode=${typeName}`, '-I.', 'codec_test.proto'], { cwd: testdataDir, input: textFormat });
}

describe('decodeResponseToJson', () => {
  it('prints int64 as exact strings, bytes as base64 and enums by name', () => {
    const bytes = protocEncode(
      'codectest.v1.User',
      'id: 9007199254740993 avatar: "\\001\\002\\377" status: DISABLED quota: 18446744073709551615 related_ids: -1',
    );
    expect(decodeResponseToJson(User, bytes, { registry })).toEqual({
      id: '9007199254740993',
      avatar: 'AQL/',
      status: 'DISABLED',
      quota: '18446744073709551615',
      relatedIds: ['-1'],
    });
  });

  it('prints fields with default values only with emitDefaults', () => {
    const bytes = protocEncode('codectest.v1.User', 'name: "x"');
    expect(decodeResponseToJson(User, bytes, { registry })).toEqual({ name: 'x' });
    const withDefaults = decodeResponseToJson(User, bytes, { registry, emitDefaults: true }) as Record<string, unknown>;
    expect(withDefaults).toMatchObject({
      id: '0',
      name: 'x',
      roles: [],
      status: 'STATUS_UNSPECIFIED',
      avatar: '',
      admin: false,
      labels: {},
    });
    expect('nickname' in withDefaults).toBe(false); // proto3 optional: unset is not a default value
  });

  it('resolves Any through the registry', () => {
    const bytes = encodeRequestJson(
      WellKnown,
      { payload: { '@type': 'type.googleapis.com/codectest.v1.User', name: 'a' } },
      { registry },
    );
    expect(decodeResponseToJson(WellKnown, bytes, { registry })).toEqual({
      payload: { '@type': 'type.googleapis.com/codectest.v1.User', name: 'a' },
    });
  });

  it('throws ResponseDecodeError naming the type and the byte count for bytes that do not decode', () => {
    const truncated = new Uint8Array([0x12, 0x05, 0x41]); // name: length 5, one byte present
    expect(() => decodeResponseToJson(User, truncated, { registry })).toThrow(ResponseDecodeError);
    expect(() => decodeResponseToJson(User, truncated, { registry })).toThrow(
      /^cannot decode 3 bytes as codectest\.v1\.User: /,
    );
  });

  it('throws ResponseDecodeError for an Any whose type the registry lacks', () => {
    const bytes = encodeRequestJson(
      WellKnown,
      { payload: { '@type': 'type.googleapis.com/codectest.v1.User', name: 'a' } },
      { registry },
    );
    const withoutUser = createRegistry(WellKnown);
    expect(() => decodeResponseToJson(WellKnown, bytes, { registry: withoutUser })).toThrow(
      /^cannot show codectest\.v1\.WellKnown as JSON: .*type\.googleapis\.com\/codectest\.v1\.User/,
    );
  });
});
