import { create, createRegistry, toBinary } from '@bufbuild/protobuf';
import { anyPack, AnySchema, DurationSchema } from '@bufbuild/protobuf/wkt';
import { describe, expect, it } from 'vitest';
import {
  BadRequestSchema,
  ErrorInfoSchema,
  file_google_rpc_error_details,
  RetryInfoSchema,
} from '../../../main/engine/gen/google/rpc/error_details_pb';
import { file_google_rpc_status, StatusSchema } from '../../../main/engine/gen/google/rpc/status_pb';
import { ResponseDecodeError } from '../../../shared/codec/errors';
import { decodeRichStatus } from '../../../shared/codec/rich-status';

const registry = createRegistry(file_google_rpc_status, file_google_rpc_error_details);

describe('decodeRichStatus', () => {
  it('decodes google.rpc.Status with each detail as proto3 JSON, @type first', () => {
    const status = create(StatusSchema, {
      code: 3,
      message: 'bad user',
      details: [
        anyPack(
          BadRequestSchema,
          create(BadRequestSchema, { fieldViolations: [{ field: 'user.email', description: 'must contain @' }] }),
        ),
        anyPack(
          RetryInfoSchema,
          create(RetryInfoSchema, { retryDelay: create(DurationSchema, { seconds: 2n, nanos: 500_000_000 }) }),
        ),
        anyPack(
          ErrorInfoSchema,
          create(ErrorInfoSchema, {
            reason: 'EMAIL_INVALID',
            domain: 'users.example.com',
            metadata: { field: 'email' },
          }),
        ),
      ],
    });
    const decoded = decodeRichStatus(toBinary(StatusSchema, status), registry);
    expect(decoded).toEqual({
      code: 3,
      message: 'bad user',
      details: [
        {
          '@type': 'type.googleapis.com/google.rpc.BadRequest',
          fieldViolations: [{ field: 'user.email', description: 'must contain @' }],
        },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '2.500s' },
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'EMAIL_INVALID',
          domain: 'users.example.com',
          metadata: { field: 'email' },
        },
      ],
    });
    expect(Object.keys(decoded.details[0] as object)[0]).toBe('@type');
  });

  it('keeps a detail of an unknown type as its type URL and base64 bytes', () => {
    const unknown = create(AnySchema, {
      typeUrl: 'type.googleapis.com/acme.v1.QuotaDetail',
      value: new Uint8Array([8, 150, 1]),
    });
    const bytes = toBinary(StatusSchema, create(StatusSchema, { code: 8, message: 'slow down', details: [unknown] }));
    expect(decodeRichStatus(bytes, registry)).toEqual({
      code: 8,
      message: 'slow down',
      details: [{ '@type': 'type.googleapis.com/acme.v1.QuotaDetail', value: 'CJYB' }],
    });
  });

  it('throws a clear error for bytes that are not a Status', () => {
    expect(() => decodeRichStatus(new Uint8Array([0x0a, 0xff]), registry)).toThrow(ResponseDecodeError);
    expect(() => decodeRichStatus(new Uint8Array([0x0a, 0xff]), registry)).toThrow(
      /^cannot decode grpc-status-details-bin \(2 bytes\) as google.rpc.Status: /,
    );
    expect(() => decodeRichStatus(new Uint8Array(), createRegistry())).toThrow(
      'google.rpc.Status is not in the registry',
    );
  });
});
