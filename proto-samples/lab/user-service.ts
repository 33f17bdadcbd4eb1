import * as grpc from '@grpc/grpc-js';
import { create } from '@bufbuild/protobuf';
import { durationMs, timestampNow } from '@bufbuild/protobuf/wkt';
import type { Duration } from '@bufbuild/protobuf/wkt';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChatMessageSchema, ImportUsersResponseSchema, User_RoleSchema } from '../gen/user/v1/user_pb';
import type {
  ChatMessage,
  Fault,
  GetUserRequest,
  ImportUsersResponse,
  ListUsersRequest,
  User,
} from '../gen/user/v1/user_pb';
import { DIRECTORY_SIZE, makeUser, parseUserId, readMaskViolations, userExists } from './directory';
import { errorInfo, injectedFailureStatus, invalidArgument, isFailureCode, richStatus } from './rpc-errors';
import type { FieldViolation } from './rpc-errors';

/** The handlers of user.v1.UserService (see user.proto for the contract each method keeps). */

const DEFAULT_LIST_COUNT = 10;
const MAX_AVATAR_SIZE = 64 * 1024 * 1024;
/** Bounded so a huge bad import cannot overflow the client's metadata size limit. */
const MAX_REPORTED_VIOLATIONS = 20;

export function userServiceHandlers(backend: string): grpc.UntypedServiceImplementation {
  const getUser: grpc.handleUnaryCall<GetUserRequest, User> = async (call, callback) => {
    const request = call.request;
    const idCheck = parseUserId(request.id, 'id');
    const violations = [
      ...(idCheck.ok ? [] : [idCheck.violation]),
      ...readMaskViolations(request.readMask?.paths ?? [], 'read_mask'),
      ...durationViolations(request.delay, 'delay'),
      ...(request.avatarSize > MAX_AVATAR_SIZE
        ? [{ field: 'avatar_size', description: `must be at most ${MAX_AVATAR_SIZE} (64 MiB)` }]
        : []),
      ...faultViolations(request.fault, 'fault'),
    ];
    if (violations.length > 0 || !idCheck.ok) return callback(invalidArgument(violations));
    if (request.delay && !(await sleepUnlessCancelled(durationMs(request.delay), call))) return;
    if (request.fault) return callback(faultStatus(request.fault, backend));
    if (!userExists(idCheck.number)) return callback(notFound(request.id));
    const user = makeUser(idCheck.number, request.readMask?.paths);
    if (request.avatarSize > 0) user.avatar = new Uint8Array(request.avatarSize).fill(0xab);
    callback(null, user);
  };

  const listUsers: grpc.handleServerStreamingCall<ListUsersRequest, User> = async (call) => {
    const request = call.request;
    const count = request.count ?? DEFAULT_LIST_COUNT;
    const violations = [
      ...(count > DIRECTORY_SIZE
        ? [{ field: 'count', description: `must be at most ${DIRECTORY_SIZE}, the size of the directory` }]
        : []),
      ...durationViolations(request.interval, 'interval'),
      ...readMaskViolations(request.readMask?.paths ?? [], 'read_mask'),
      ...faultViolations(request.fault, 'fault'),
    ];
    if (violations.length > 0) return call.emit('error', invalidArgument(violations));
    const intervalMs = request.interval ? durationMs(request.interval) : 0;
    const sendCount = request.fault ? Math.min(request.fault.afterMessages, count) : count;
    const fields = request.readMask?.paths ?? [];
    for (let number = 1; number <= sendCount; number++) {
      if (call.cancelled) return;
      const flowing = call.write(makeUser(number, fields));
      // Respect backpressure, so a 1,000,000-message stream to a slow reader stays bounded in memory.
      if (!flowing && !(await drainedUnlessCancelled(call))) return;
      if (intervalMs > 0 && number < sendCount && !(await sleepUnlessCancelled(intervalMs, call))) return;
    }
    if (request.fault) return call.emit('error', faultStatus(request.fault, backend));
    call.end();
  };

  const importUsers: grpc.handleClientStreamingCall<User, ImportUsersResponse> = (call, callback) => {
    const response = create(ImportUsersResponseSchema);
    const violations: FieldViolation[] = [];
    const seenIds = new Set<string>();
    let index = 0;
    call.on('data', (user: User) => {
      violations.push(...importViolations(user, `users[${index}]`, seenIds));
      seenIds.add(user.id);
      response.ids.push(user.id);
      for (const role of user.roles) {
        const roleName = User_RoleSchema.value[role]?.name ?? String(role);
        response.usersPerRole[roleName] = (response.usersPerRole[roleName] ?? 0) + 1;
      }
      response.totalAvatarBytes += BigInt(user.avatar.length);
      index++;
    });
    call.on('end', () => {
      if (violations.length > 0) return callback(importRejected(violations));
      response.importedCount = index;
      response.completedAt = timestampNow();
      callback(null, response);
    });
  };

  const chat: grpc.handleBidiStreamingCall<ChatMessage, ChatMessage> = (call) => {
    let sequence = 0n;
    let ended = false;
    call.on('data', (message: ChatMessage) => {
      if (ended) return;
      if (message.body.case === 'fault') {
        ended = true;
        const violations = faultViolations(message.body.value, 'body.fault');
        return call.emit(
          'error',
          violations.length > 0 ? invalidArgument(violations) : faultStatus(message.body.value, backend),
        );
      }
      sequence++;
      call.write(
        create(ChatMessageSchema, {
          sequence,
          from: backend,
          sentAt: timestampNow(),
          priority: message.priority,
          body: message.body,
        }),
      );
    });
    call.on('end', () => {
      if (!ended) call.end();
    });
  };

  return { GetUser: getUser, ListUsers: listUsers, ImportUsers: importUsers, Chat: chat };
}

function faultStatus(fault: Fault, backend: string): grpc.StatusObject {
  return injectedFailureStatus(
    { code: fault.code, message: fault.message, retryDelay: fault.retryDelay },
    'FAULT_INJECTED',
    backend,
  );
}

function notFound(id: string): grpc.StatusObject {
  return richStatus(
    grpc.status.NOT_FOUND,
    `user ${JSON.stringify(id)} not found: the directory holds u1 … u${DIRECTORY_SIZE}`,
    [errorInfo('USER_NOT_FOUND', { id, directorySize: String(DIRECTORY_SIZE) })],
  );
}

function importRejected(violations: FieldViolation[]): grpc.StatusObject {
  const reported = violations.slice(0, MAX_REPORTED_VIOLATIONS);
  const status = invalidArgument(reported);
  const more = violations.length - reported.length;
  return more > 0 ? { ...status, details: `${status.details} (and ${more} more violations)` } : status;
}

function importViolations(user: User, field: string, seenIds: ReadonlySet<string>): FieldViolation[] {
  const idCheck = parseUserId(user.id, `${field}.id`);
  const violations = idCheck.ok ? [] : [idCheck.violation];
  if (idCheck.ok && seenIds.has(user.id))
    violations.push({ field: `${field}.id`, description: `duplicate id ${JSON.stringify(user.id)} in this import` });
  if (user.name.trim() === '') violations.push({ field: `${field}.name`, description: 'is required' });
  return violations;
}

function faultViolations(fault: Fault | undefined, field: string): FieldViolation[] {
  if (!fault) return [];
  const violations = isFailureCode(fault.code)
    ? []
    : [{ field: `${field}.code`, description: `must be a failing status code, 1 … 16; got ${fault.code}` }];
  return [...violations, ...durationViolations(fault.retryDelay, `${field}.retry_delay`)];
}

function durationViolations(duration: Duration | undefined, field: string): FieldViolation[] {
  return duration && durationMs(duration) < 0 ? [{ field, description: 'must not be negative' }] : [];
}

interface CancellableCall {
  readonly cancelled: boolean;
  once(event: 'cancelled', listener: () => void): unknown;
  off(event: 'cancelled', listener: () => void): unknown;
}

/** Resolves true after `ms`, or false as soon as the client cancels (no timer outlives the call). */
async function sleepUnlessCancelled(ms: number, call: CancellableCall): Promise<boolean> {
  if (call.cancelled) return false;
  const abort = new AbortController();
  const onCancel = () => abort.abort();
  call.once('cancelled', onCancel);
  try {
    await sleep(ms, undefined, { signal: abort.signal });
    return true;
  } catch {
    return false;
  } finally {
    call.off('cancelled', onCancel);
  }
}

/** Resolves true when the stream drains, false if the client cancels first. */
function drainedUnlessCancelled(call: CancellableCall & grpc.ServerWritableStream<unknown, unknown>): Promise<boolean> {
  return new Promise((resolve) => {
    const finish = (drained: boolean) => () => {
      call.off('drain', onDrain);
      call.off('cancelled', onCancel);
      resolve(drained);
    };
    const onDrain = finish(true);
    const onCancel = finish(false);
    call.once('drain', onDrain);
    call.once('cancelled', onCancel);
  });
}
