/**
 * What a run of a collection reports, as data: the CLI prints it (text, JSON, JUnit), the desktop
 * app shows it live. Every secret value in it is already masked (`***`).
 */
import type { RequestVerdict, RunExitStatus } from './exit-status';
import type { ExpectationResult } from './expectations';

export interface RunProblem {
  kind: 'usage' | 'unresolved';
  /** `path:line:col: message` for a file, or a sentence. */
  message: string;
  path?: string;
}

export interface RequestResult {
  /** The request file: collection path (`users/get-user.grpc.yaml`), or as given outside a collection. */
  path: string;
  /** The folder's collection path (`users`; the root is ``). */
  folder: string;
  name: string;
  method: string;
  verdict: RequestVerdict;
  status?: { code: number; name: string; message: string };
  peer?: string;
  /** The backend that answered: the `x-backend`-style header (lb.backendKey or x-backend), or the peer. */
  backend?: string;
  messageCount: number;
  timeMs: number;
  expectations: ExpectationResult[];
  /** Why the request could not be checked (transport, schema, a bad request). */
  error?: string;
}

export interface RunReport {
  collection?: { name: string; root: string };
  environment?: string;
  exitStatus: RunExitStatus;
  problems: RunProblem[];
  results: RequestResult[];
  passed: number;
  failed: number;
  skipped: number;
  durationMs: number;
}
