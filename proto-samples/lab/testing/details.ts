import type * as grpc from '@grpc/grpc-js';
import { createRegistry, fromBinary } from '@bufbuild/protobuf';
import type { Message } from '@bufbuild/protobuf';
import { anyUnpack } from '@bufbuild/protobuf/wkt';
import { file_google_rpc_error_details } from '../../../main/engine/gen/google/rpc/error_details_pb';
import { StatusSchema } from '../../../main/engine/gen/google/rpc/status_pb';
import type { Status } from '../../../main/engine/gen/google/rpc/status_pb';

const registry = createRegistry(file_google_rpc_error_details);

/** Decodes `grpc-status-details-bin` from trailers: the google.rpc.Status and its unpacked details. */
export function richStatusOf(trailers: grpc.Metadata): { status: Status; details: Message[] } {
  const [bytes] = trailers.get('grpc-status-details-bin');
  if (!(bytes instanceof Buffer)) throw new Error('no grpc-status-details-bin in the trailers');
  const status = fromBinary(StatusSchema, bytes);
  const details = status.details.map((any) => {
    const detail = anyUnpack(any, registry);
    if (!detail) throw new Error(`unknown detail type ${any.typeUrl}`);
    return detail;
  });
  return { status, details };
}
