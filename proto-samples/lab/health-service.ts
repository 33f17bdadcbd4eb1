import * as grpc from '@grpc/grpc-js';
import { create } from '@bufbuild/protobuf';
import {
  HealthCheckResponseSchema,
  HealthCheckResponse_ServingStatus as ServingStatus,
  HealthListResponseSchema,
} from '../../main/engine/gen/grpc/health/v1/health_pb';
import type {
  HealthCheckRequest,
  HealthCheckResponse,
  HealthListRequest,
  HealthListResponse,
} from '../../main/engine/gen/grpc/health/v1/health_pb';

/** Where the health service reads each service's status and learns that it changed. */
export interface HealthSource {
  /** The status of a service ('' = the whole server); undefined when the server does not know it. */
  statusOf(service: string): ServingStatus | undefined;
  /** Every service it reports on ('' included), for List. */
  services(): readonly string[];
  /** Calls `listener` whenever a status may have changed; returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
}

/**
 * grpc.health.v1.Health as the spec describes it: Check answers NOT_FOUND for unknown services,
 * List (gRFC A90) answers every known service at once, Watch streams changes.
 */
export function healthHandlers(source: HealthSource): grpc.UntypedServiceImplementation {
  const check: grpc.handleUnaryCall<HealthCheckRequest, HealthCheckResponse> = (call, callback) => {
    const status = source.statusOf(call.request.service);
    if (status === undefined) {
      return callback({
        code: grpc.status.NOT_FOUND,
        details: `unknown service ${JSON.stringify(call.request.service)}`,
      });
    }
    callback(null, create(HealthCheckResponseSchema, { status }));
  };

  const watch: grpc.handleServerStreamingCall<HealthCheckRequest, HealthCheckResponse> = (call) => {
    let last: ServingStatus | undefined;
    const send = () => {
      const status = source.statusOf(call.request.service) ?? ServingStatus.SERVICE_UNKNOWN;
      if (status === last) return;
      last = status;
      call.write(create(HealthCheckResponseSchema, { status }));
    };
    const unsubscribe = source.onChange(send);
    call.once('cancelled', unsubscribe);
    send();
  };

  const list: grpc.handleUnaryCall<HealthListRequest, HealthListResponse> = (_call, callback) => {
    const statuses: Record<string, HealthCheckResponse> = {};
    for (const service of source.services()) {
      const status = source.statusOf(service);
      if (status !== undefined) statuses[service] = create(HealthCheckResponseSchema, { status });
    }
    callback(null, create(HealthListResponseSchema, { statuses }));
  };

  return { Check: check, List: list, Watch: watch };
}
