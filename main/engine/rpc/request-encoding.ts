import type { DescMessage, Registry } from '@bufbuild/protobuf';
import { encodeRequestJson, RequestJsonError } from '../../../shared/codec';
import { WorkbenchError } from '../../../shared/api';

export interface RequestEncodingOptions {
  registry: Registry;
  /** Absent where the caller offers no such switch (bursts), so the hint does not suggest it. */
  allowUnknownFields?: boolean;
}

/**
 * Request JSON → wire bytes for grpc-js, for calls and bursts alike. A JSON that does not fit the
 * input message becomes an WorkbenchError('bad_request_json') naming the field path, and `label` says
 * which request it was (the nth of a stream, the burst's).
 */
export function encodeRequestMessage(
  input: DescMessage,
  json: string,
  options: RequestEncodingOptions,
  label?: string,
): Buffer {
  try {
    const bytes = encodeRequestJson(input, json, options);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (error) {
    if (!(error instanceof RequestJsonError)) throw error;
    const where = label === undefined ? '' : `${label}: `;
    throw new WorkbenchError('bad_request_json', `${where}${error.message}`, {
      subject: error.path,
      hint: `Make the request fit ${input.typeName}${options.allowUnknownFields === false ? ' (or allow unknown fields)' : ''}.`,
      cause: error,
    });
  }
}
