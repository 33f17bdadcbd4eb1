import type { GrpcRequest } from '../../../../shared/collections/request';

/** One of two versions of a request with a body of ~1 MB, so that a save takes a while. */
export function saveLoopRequest(version: 'a' | 'b'): GrpcRequest {
  return {
    kind: 'grpc-request',
    name: `version ${version}`,
    method: 'user.v1.UserService/ImportUsers',
    message: `${JSON.stringify({ filler: version.repeat(1_000_000) })}\n`,
  };
}
