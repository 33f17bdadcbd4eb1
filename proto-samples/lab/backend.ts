import * as grpc from '@grpc/grpc-js';
import { EventEmitter } from 'node:events';
import { file_grpc_channelz_v1_channelz, Channelz } from '../../main/engine/gen/grpc/channelz/v1/channelz_pb';
import {
  file_grpc_health_v1_health,
  Health,
  HealthCheckResponse_ServingStatus as ServingStatus,
} from '../../main/engine/gen/grpc/health/v1/health_pb';
import { file_google_rpc_error_details } from '../../main/engine/gen/google/rpc/error_details_pb';
import { file_google_rpc_status } from '../../main/engine/gen/google/rpc/status_pb';
import { file_user_v1_user, UserService } from '../gen/user/v1/user_pb';
import { formatAddress } from './address';
import { backendInterceptor } from './backend-interceptor';
import type { BackendBehavior } from './backend-interceptor';
import { serviceDefinition } from './grpc-service';
import { healthHandlers } from './health-service';
import { addReflection } from './reflection';
import type { ReflectionMode } from './reflection';
import { isFailureCode } from './rpc-errors';
import { labServerCredentials } from './tls';
import type { LabTlsOptions } from './tls';
import { userServiceHandlers } from './user-service';

export interface BackendOptions {
  /** Sent in the `x-backend` header and trailer of every response. */
  name: string;
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  reflection?: ReflectionMode;
  tls?: LabTlsOptions;
  behavior?: Partial<BackendBehavior>;
}

export interface Backend {
  readonly name: string;
  /** `host:port` (IPv6 hosts in brackets). */
  readonly address: string;
  readonly behavior: Readonly<BackendBehavior>;
  /** Application calls (UserService, not health, reflection or channelz) that reached this backend. */
  readonly applicationCalls: number;
  /** Changes how the backend behaves from the next call on (health watchers are told at once). */
  setBehavior(change: Partial<BackendBehavior>): void;
  /** Stops the server and cancels every call in flight. */
  close(): Promise<void>;
}

const healthyBehavior: BackendBehavior = { delayMs: 0, failure: null, notServing: false };

/**
 * One lab backend: user.v1.UserService, grpc.health.v1.Health, channelz and server reflection on
 * a grpc-js server, every response tagged with the backend's name.
 */
export async function startBackend(options: BackendOptions): Promise<Backend> {
  const { name, host = '127.0.0.1', port = 0, reflection = 'v1+v1alpha', tls } = options;
  let behavior = validBehavior({ ...healthyBehavior, ...options.behavior });
  const changes = new EventEmitter();
  changes.setMaxListeners(0); // one listener per health watcher; any number may watch
  let applicationCalls = 0;

  const server = new grpc.Server({
    interceptors: [
      backendInterceptor({
        name,
        behavior: () => behavior,
        applicationPathPrefix: `/${UserService.typeName}/`,
        onApplicationCall: () => void applicationCalls++,
      }),
    ],
  });
  server.addService(serviceDefinition(UserService), userServiceHandlers(name));
  server.addService(
    serviceDefinition(Health),
    healthHandlers({
      statusOf: (service) => {
        if (service !== '' && service !== UserService.typeName) return undefined;
        return behavior.notServing ? ServingStatus.NOT_SERVING : ServingStatus.SERVING;
      },
      services: () => ['', UserService.typeName],
      onChange: (listener) => {
        changes.on('change', listener);
        return () => changes.off('change', listener);
      },
    }),
  );
  server.addService(grpc.getChannelzServiceDefinition(), grpc.getChannelzHandlers());
  // google.rpc status and error details are described too, so a client that only has reflection
  // can still decode `grpc-status-details-bin`.
  addReflection(
    server,
    reflection,
    [
      file_user_v1_user,
      file_grpc_health_v1_health,
      file_grpc_channelz_v1_channelz,
      file_google_rpc_status,
      file_google_rpc_error_details,
    ],
    [UserService.typeName, Health.typeName, Channelz.typeName],
  );

  const boundPort = await bind(server, formatAddress(host, port), labServerCredentials(tls)).catch((error: unknown) => {
    server.forceShutdown();
    throw error;
  });
  return {
    name,
    address: formatAddress(host, boundPort),
    get behavior() {
      return behavior;
    },
    get applicationCalls() {
      return applicationCalls;
    },
    setBehavior(change) {
      behavior = validBehavior({ ...behavior, ...change });
      changes.emit('change');
    },
    async close() {
      changes.removeAllListeners();
      server.forceShutdown();
    },
  };
}

function validBehavior(behavior: BackendBehavior): BackendBehavior {
  if (!Number.isFinite(behavior.delayMs) || behavior.delayMs < 0)
    throw new RangeError(`delayMs must be a number ≥ 0, got ${behavior.delayMs}`);
  if (behavior.failure && !isFailureCode(behavior.failure.code))
    throw new RangeError(`failure code must be 1 … 16, got ${behavior.failure.code}`);
  return behavior;
}

function bind(server: grpc.Server, address: string, credentials: grpc.ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, credentials, (error, port) => {
      if (error)
        reject(
          new Error(
            `cannot listen on ${address} (${error.message}): is the port taken, or the address not on this machine?`,
          ),
        );
      else resolve(port);
    });
  });
}
