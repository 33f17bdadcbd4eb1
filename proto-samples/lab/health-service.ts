import * as grpc from '@grpc/grpc-js';
import { create } from '@bufbuild/protobuf';
import {
  HealthCheckResponseSchema,
  HealthCheckResponse_ServingStatus as ServingStatus,
} from '../../main/engine/gen/grpc/health/v1/health_pb';
import type { HealthCheckRequest, HealthCheckResponse } from '../../main/engine/gen/grpc/health/v1/health_pb';

/** Where the health service reads each service's status and learns that it changed. */
export interface HealthSource {
  /** The status of a service ('' = the whole server); undefined when the server does not know it. */
  statusOf(service: string): ServingStatus | undefined;
  /** Calls `listener` whenever a status may have changed; returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
}

/** grpc.health.v1.Health as the spec describes it: Check answers NOT_FOUND for unknown services, Watch streams changes. */
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

  return { Check: check, Watch: watch };
}
