import type { DescMessage, Registry } from '@bufbuild/protobuf';
import { encodeRequestJson, RequestJsonError } from '../../../shared/codec';
import { EngineError } from '../errors';

export interface RequestEncodingOptions {
  registry: Registry;
  allowUnknownFields: boolean;
}

/**
 * Request JSON → wire bytes for grpc-js. A JSON that does not fit the input message becomes an
 * EngineError('bad_request_json') naming the field path (and which message, when there are several).
 */
export function encodeRequestMessage(input: DescMessage, json: string, options: RequestEncodingOptions, label?: string): Buffer {
  try {
    const bytes = encodeRequestJson(input, json, options);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (error) {
    if (!(error instanceof RequestJsonError)) throw error;
    const where = label === undefined ? '' : `${label}: `;
    throw new EngineError('bad_request_json', `${where}${error.message}`, {
      subject: error.path,
      hint: `Make the request fit ${input.typeName}${options.allowUnknownFields ? '' : ' (or allow unknown fields)'}.`,
      cause: error,
    });
  }
}
