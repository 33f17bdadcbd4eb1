import type { Metadata, StatusObject } from '@grpc/grpc-js';
import { createRegistry, type Registry } from '@bufbuild/protobuf';
import type { CallStatus, WorkbenchErrorData } from '../../../shared/api';
import { statusName } from '../../../shared/status-codes';
import { decodeRichStatus } from '../../../shared/codec';
import { file_google_rpc_error_details } from '../gen/google/rpc/error_details_pb';
import { file_google_rpc_status } from '../gen/google/rpc/status_pb';
import { describeHttp2Close, explainTransportFailure, type FailureContext } from './transport-errors';

export const STATUS_DETAILS_KEY = 'grpc-status-details-bin';

/** For callers without a schema (health), and schemas that lack google.rpc.Status. */
export const googleRpcRegistry: Registry = createRegistry(file_google_rpc_status, file_google_rpc_error_details);

/** A gRPC status as the contract shows it: name, rich details decoded, transport failures explained. */
export function toCallStatus(status: StatusObject, context: FailureContext, registry: Registry): CallStatus {
  const error = explainTransportFailure(status.code, status.details, context);
  return {
    code: status.code,
    name: statusName(status.code),
    message: describeHttp2Close(status.details),
    details: richDetails(status.metadata, registry),
    ...(error === undefined ? {} : { error }),
  };
}

/** A status for a failure of ours, before or instead of anything the server said. */
export function localCallStatus(code: number, error: WorkbenchErrorData): CallStatus {
  return { code, name: statusName(code), message: error.message, details: [], error };
}

/**
 * Each `google.rpc.Status` detail of the trailers as proto3 JSON. Trailer bytes that are not a
 * Status become one entry saying so (with the bytes), so a broken server cannot hide its error.
 */
function richDetails(trailers: Metadata | undefined, registry: Registry): unknown[] {
  const encoded = trailers?.get(STATUS_DETAILS_KEY)[0];
  if (encoded === undefined || typeof encoded === 'string') return [];
  const statusRegistry = registry.getMessage('google.rpc.Status') === undefined ? googleRpcRegistry : registry;
  try {
    return decodeRichStatus(encoded, statusRegistry).details;
  } catch (error) {
    return [{ decodeError: (error as Error).message, bytesBase64: encoded.toString('base64') }];
  }
}
