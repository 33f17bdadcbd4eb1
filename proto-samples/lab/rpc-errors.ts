import * as grpc from '@grpc/grpc-js';
import { create, toBinary } from '@bufbuild/protobuf';
import { anyPack, durationFromMs } from '@bufbuild/protobuf/wkt';
import type { Any, Duration } from '@bufbuild/protobuf/wkt';
import { StatusSchema } from '../../main/engine/gen/google/rpc/status_pb';
import { BadRequestSchema, ErrorInfoSchema, RetryInfoSchema } from '../../main/engine/gen/google/rpc/error_details_pb';
import { statusName } from '../../shared/status-codes';

/**
 * Statuses with google.rpc details, the way Google APIs and grpc-go servers send them: a
 * `google.rpc.Status` (code, message, details as Any) serialized into `grpc-status-details-bin`.
 */

/** ErrorInfo.domain of every error the lab raises. */
export const LAB_ERROR_DOMAIN = 'lab.grpc-workbench.dev';

export interface FieldViolation {
  field: string;
  description: string;
}

/** A grpc-js status whose trailers carry `grpc-status-details-bin`. */
export function richStatus(code: grpc.status, message: string, details: Any[]): grpc.StatusObject {
  const metadata = new grpc.Metadata();
  const status = create(StatusSchema, { code, message, details });
  metadata.set('grpc-status-details-bin', Buffer.from(toBinary(StatusSchema, status)));
  return { code, details: message, metadata };
}

export function badRequest(violations: FieldViolation[]): Any {
  return anyPack(BadRequestSchema, create(BadRequestSchema, { fieldViolations: violations }));
}

export function errorInfo(reason: string, metadata: Record<string, string>): Any {
  return anyPack(ErrorInfoSchema, create(ErrorInfoSchema, { reason, domain: LAB_ERROR_DOMAIN, metadata }));
}

export function retryInfo(retryDelay: Duration): Any {
  return anyPack(RetryInfoSchema, create(RetryInfoSchema, { retryDelay }));
}

export function invalidArgument(violations: FieldViolation[]): grpc.StatusObject {
  const summary = violations.map((v) => `${v.field}: ${v.description}`).join('; ');
  return richStatus(grpc.status.INVALID_ARGUMENT, `invalid request: ${summary}`, [badRequest(violations)]);
}

/** A failure the caller asked for (request Fault or backend behaviour). */
export interface InjectedFailure {
  code: grpc.status;
  message?: string;
  retryDelay?: Duration;
}

/** Load-shedding codes come with a RetryInfo even when no delay was asked for, as real servers send. */
const defaultRetryDelay: Partial<Record<grpc.status, Duration>> = {
  [grpc.status.RESOURCE_EXHAUSTED]: durationFromMs(1000),
  [grpc.status.UNAVAILABLE]: durationFromMs(1000),
};

/** The status for an injected failure: ErrorInfo naming the reason and backend, RetryInfo where due. */
export function injectedFailureStatus(failure: InjectedFailure, reason: string, backend: string): grpc.StatusObject {
  const message = failure.message || `${statusName(failure.code)} on purpose (${reason} on ${backend})`;
  const details = [errorInfo(reason, { backend })];
  const retryDelay = failure.retryDelay ?? defaultRetryDelay[failure.code];
  if (retryDelay) details.push(retryInfo(retryDelay));
  return richStatus(failure.code, message, details);
}

/** Status codes a failure may be injected with: anything but OK. */
export function isFailureCode(code: number): code is grpc.status {
  return Number.isInteger(code) && code >= 1 && code <= 16;
}
