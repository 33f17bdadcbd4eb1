import type { DescMethod, Registry } from '@bufbuild/protobuf';
import { encodeRequestJson, RequestJsonError } from '../../../shared/codec';
import { EngineError } from '../errors';

/** The burst's request as bytes, encoded once and reused by every call. */
export function encodeBurstRequest(method: DescMethod, requestJson: string, registry: Registry): Buffer {
  try {
    const bytes = encodeRequestJson(method.input, requestJson, { registry });
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (error) {
    if (!(error instanceof RequestJsonError)) throw error;
    throw new EngineError('bad_request_json', `The burst request does not fit ${method.input.typeName}: ${error.message}`, {
      subject: error.path,
      hint: `Write the request as proto3 JSON of ${method.input.typeName}.`,
    });
  }
}
