/**
 * What the runner learns from one request: the call's outcome and, for an `lb` expectation, the
 * burst's report. Plain data in the collections' own terms, so evaluating expectations is pure
 * and does not depend on how the engine's API is shaped.
 */

/** Received metadata: lower-case name → values (`-bin` values base64). */
export type ReceivedMetadata = Record<string, string[]>;

export interface OutcomeStatus {
  code: number;
  /** e.g. `NOT_FOUND`. */
  name: string;
  message: string;
  /** `grpc-status-details-bin` decoded: each detail's proto3 JSON with its `@type`. */
  details: unknown[];
}

/** A failure of ours or the transport's rather than a status the server sent. */
export interface OutcomeFailure {
  /** 'transport' (connect, TLS, DNS, deadline before the call); 'schema' (the method or its types). */
  category: 'transport' | 'schema' | 'request';
  kind: string;
  message: string;
}

export interface CallOutcome {
  status: OutcomeStatus;
  headers: ReceivedMetadata;
  trailers: ReceivedMetadata;
  /** Each received message's proto3 JSON (undefined for one that could not be decoded). */
  messages: unknown[];
  peer?: string;
  timings: { totalMs: number; readyMs?: number; headersMs?: number; firstMessageMs?: number };
  sent: number;
  failure?: OutcomeFailure;
}

export interface BurstBackend {
  id: string;
  hits: number;
  errors: number;
}

export interface BurstOutcome {
  calls: number;
  ok: number;
  connections: number;
  backends: BurstBackend[];
  verdict: { kind: string; text: string };
}
