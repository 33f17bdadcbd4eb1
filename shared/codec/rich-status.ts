/**
 * `grpc-status-details-bin` → google.rpc.Status with each detail as proto3 JSON. A server can put
 * any message in the details, so a detail whose type the registry lacks stays visible as its type
 * URL and raw bytes instead of failing the whole status.
 */
import {
  fromBinary,
  toJson,
  type DescMessage,
  type JsonObject,
  type JsonValue,
  type Registry,
} from '@bufbuild/protobuf';
import { base64Encode } from '@bufbuild/protobuf/wire';
import { AnySchema, type Any } from '@bufbuild/protobuf/wkt';
import { ResponseDecodeError, errorText } from './errors';

export interface RichStatus {
  code: number;
  message: string;
  details: JsonValue[];
}

interface StatusShape {
  code: number;
  message: string;
  details: Any[];
}

const statusTypeName = 'google.rpc.Status';

export function decodeRichStatus(bytes: Uint8Array, registry: Registry): RichStatus {
  const statusDesc = registry.getMessage(statusTypeName);
  if (statusDesc === undefined)
    throw new ResponseDecodeError(`cannot decode grpc-status-details-bin: ${statusTypeName} is not in the registry`);
  let status: StatusShape;
  try {
    status = fromBinary(statusDesc, bytes) as unknown as StatusShape;
  } catch (error) {
    throw new ResponseDecodeError(
      `cannot decode grpc-status-details-bin (${bytes.length} bytes) as ${statusTypeName}: ${errorText(error)}`,
      { cause: error },
    );
  }
  return {
    code: status.code,
    message: status.message,
    details: status.details.map((detail) => detailJson(detail, registry)),
  };
}

function detailJson(detail: Any, registry: Registry): JsonValue {
  try {
    // toJson of an Any unpacks it through the registry and adds "@type".
    const json = toJson(AnySchema as DescMessage, detail, { registry }) as JsonObject;
    const { '@type': typeUrl, ...fields } = json;
    return { '@type': typeUrl ?? detail.typeUrl, ...fields };
  } catch {
    return { '@type': detail.typeUrl, value: base64Encode(detail.value) };
  }
}
