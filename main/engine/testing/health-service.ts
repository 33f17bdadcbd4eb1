import {
  status as grpcStatus,
  type ServerUnaryCall,
  type ServerWritableStream,
  type UntypedServiceImplementation,
  type sendUnaryData,
} from '@grpc/grpc-js';
import { create } from '@bufbuild/protobuf';
import {
  HealthCheckResponseSchema,
  HealthCheckResponse_ServingStatus,
  type HealthCheckRequest,
  type HealthCheckResponse,
} from '../gen/grpc/health/v1/health_pb';

/** A grpc.health.v1.Health server whose statuses a test sets; Watch streams every change. */
export class TestHealthService {
  private readonly statuses = new Map<string, HealthCheckResponse_ServingStatus>([
    ['', HealthCheckResponse_ServingStatus.SERVING],
  ]);
  private readonly watchers = new Set<{
    service: string;
    call: ServerWritableStream<HealthCheckRequest, HealthCheckResponse>;
  }>();

  setStatus(service: string, status: HealthCheckResponse_ServingStatus): void {
    this.statuses.set(service, status);
    for (const watcher of this.watchers) {
      if (watcher.service === service) watcher.call.write(response(status));
    }
  }

  implementation(): UntypedServiceImplementation {
    return {
      Check: (
        call: ServerUnaryCall<HealthCheckRequest, HealthCheckResponse>,
        callback: sendUnaryData<HealthCheckResponse>,
      ) => {
        const status = this.statuses.get(call.request.service);
        if (status === undefined)
          callback({ code: grpcStatus.NOT_FOUND, details: `unknown service ${call.request.service}` });
        else callback(null, response(status));
      },
      Watch: (call: ServerWritableStream<HealthCheckRequest, HealthCheckResponse>) => {
        const watcher = { service: call.request.service, call };
        this.watchers.add(watcher);
        call.write(
          response(this.statuses.get(call.request.service) ?? HealthCheckResponse_ServingStatus.SERVICE_UNKNOWN),
        );
        call.on('cancelled', () => this.watchers.delete(watcher));
      },
    };
  }
}

function response(status: HealthCheckResponse_ServingStatus): HealthCheckResponse {
  return create(HealthCheckResponseSchema, { status });
}
