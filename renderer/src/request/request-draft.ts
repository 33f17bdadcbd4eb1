/**
 * The request draft: what the user is editing, in the shape of a saved request (`GrpcRequest`, a
 * `*.grpc.yaml` file), so saving a tab is a write. Text stays as typed (a deadline is `5s`, the
 * body is JSON text); empty optional fields are left out, as a saved file leaves them out. This
 * module is the one translation from a draft to what the engine takes: `draftConnection` for
 * Connect and `toInvokeRequest` for Send.
 */
import type { ConnectionOptions, InvokeRequest, MetadataEntry, RpcKind } from '../../../shared/api';
import { WorkbenchError } from '../../../shared/api';
import { channelConnectionOptions, type ChannelConnectionOptions } from '../../../shared/collections/channel-settings';
import type { GrpcRequest, TlsSetting } from '../../../shared/collections/request';
import { settingName } from '../../../shared/settings';
import { MetadataError, normalizeMetadataEntry } from '../../../shared/metadata';
import type { Checked } from '../ui/checked';
import { parseDeadline } from './deadline';

export type TlsFields = Omit<Extract<TlsSetting, { mode: 'tls' }>, 'mode'>;

export function emptyDraft(target = ''): GrpcRequest {
  const draft: GrpcRequest = {
    kind: 'grpc-request',
    name: 'Untitled request',
    method: '',
    tls: { mode: 'plaintext' },
    message: '{}',
  };
  return withOptionalText(draft, 'target', target);
}

/** Sets an optional text field; an empty one is left out. */
export function withOptionalText<T extends object, K extends keyof T & string>(record: T, key: K, text: string): T {
  if (text !== '') return { ...record, [key]: text };
  const rest = { ...record };
  delete rest[key];
  return rest;
}

function isStreamingInput(kind: RpcKind | undefined): boolean {
  return kind === 'client_streaming' || kind === 'bidi_streaming';
}

/** The JSON text in the editor: the message, or a stream's first step. */
export function draftBody(draft: GrpcRequest): string {
  const first = draft.messages?.[0];
  if (first && 'json' in first) return first.json;
  return draft.message ?? '{}';
}

/**
 * Puts the editor text where a saved request keeps it for the method's kind: `message` for unary
 * and server streaming, the first step of `messages` for client and bidi streaming.
 */
export function withDraftBody(draft: GrpcRequest, kind: RpcKind | undefined, text: string): GrpcRequest {
  const { message: _message, messages, ...rest } = draft;
  if (!isStreamingInput(kind)) return { ...rest, message: text };
  return { ...rest, messages: [{ json: text }, ...(messages ?? []).slice(1)] };
}

function trimmedOrUndefined(text: string | undefined): string | undefined {
  const trimmed = text?.trim() ?? '';
  return trimmed === '' ? undefined : trimmed;
}

/** The connection the draft names, checked field by field. */
export function draftConnection(draft: GrpcRequest): Checked<ConnectionOptions> {
  const target = trimmedOrUndefined(draft.target);
  if (target === undefined) {
    return {
      ok: false,
      error: {
        kind: 'bad_input',
        message: 'Target is empty.',
        hint: 'Enter host:port, e.g. localhost:50051 or dns:///api.example.com:443.',
        subject: 'Target',
      },
    };
  }
  const setting = draft.tls ?? { mode: 'plaintext' };
  let tls: ConnectionOptions['tls'] = { mode: 'plaintext' };
  if (setting.mode === 'tls') {
    const certFile = trimmedOrUndefined(setting.certFile);
    const keyFile = trimmedOrUndefined(setting.keyFile);
    if ((certFile === undefined) !== (keyFile === undefined)) {
      return {
        ok: false,
        error: {
          kind: 'bad_input',
          message: 'A client certificate needs its key (and the other way round).',
          hint: 'Fill in both "Client cert" and "Client key" for mTLS, or neither.',
          subject: certFile ? 'Client key' : 'Client cert',
        },
      };
    }
    tls = {
      mode: 'tls',
      caFile: trimmedOrUndefined(setting.caFile),
      certFile,
      keyFile,
      insecureSkipVerify: setting.insecureSkipVerify || undefined,
      serverName: trimmedOrUndefined(setting.serverName),
    };
  }
  let channel: ChannelConnectionOptions;
  try {
    channel = channelConnectionOptions(draft.channel);
  } catch (error) {
    const info = WorkbenchError.from(error).toJSON();
    return { ok: false, error: { ...info, subject: settingName(info.setting, 'ui') ?? info.subject } };
  }
  return {
    ok: true,
    value: {
      target,
      tls,
      authority: trimmedOrUndefined(draft.authority),
      ...(draft.loadBalancingPolicy ? { loadBalancingPolicy: draft.loadBalancingPolicy } : {}),
      ...(draft.serviceConfig ? { serviceConfigJson: draft.serviceConfig } : {}),
      ...channel,
    },
  };
}

export interface MetadataCheck {
  /** The valid entries, keys normalized (lowercase). */
  entries: MetadataEntry[];
  /** Key as written → what is wrong with it (and how to fix it). Empty when every entry is fine. */
  problems: Map<string, string>;
}

/** Checks each entry of a metadata map with shared/metadata's rules (the CLI's -H uses the same). */
export function checkMetadataMap(metadata: Readonly<Record<string, string>> = {}): MetadataCheck {
  const entries: MetadataEntry[] = [];
  const problems = new Map<string, string>();
  for (const [key, value] of Object.entries(metadata)) {
    try {
      entries.push(normalizeMetadataEntry({ key, value }));
    } catch (error) {
      problems.set(key, describeMetadataError(error));
    }
  }
  return { entries, problems };
}

/** A MetadataError as one sentence with its fix; anything else is a bug and is rethrown. */
export function describeMetadataError(error: unknown): string {
  if (!(error instanceof MetadataError)) throw error;
  return error.hint ? `${error.message}. ${error.hint}` : error.message;
}

/** Where Connect put the draft: the schema it loaded and the connection it loaded it over. */
export interface CallSession {
  schemaId: string;
  connection: ConnectionOptions;
}

/**
 * Draft → the engine's call request, the one place they meet. The call goes over the connection
 * of the last Connect (the schema came from there), carrying the draft's method, metadata,
 * deadline and body (a stream's first message; the next ones are sent from the editor).
 */
/** The call request of the draft; the caller adds the call's client-chosen id. */
export function toInvokeRequest(
  draft: GrpcRequest,
  session: CallSession | undefined,
): Checked<Omit<InvokeRequest, 'callId'>> {
  if (session === undefined || draft.method === '') {
    return {
      ok: false,
      error: {
        kind: 'bad_input',
        message: 'Connect and pick a method first.',
        hint: 'Press Connect, then choose a method in the service tree.',
      },
    };
  }
  const metadata = checkMetadataMap(draft.metadata);
  const [firstProblem] = metadata.problems.values();
  if (firstProblem !== undefined) {
    return {
      ok: false,
      error: {
        kind: 'bad_input',
        message: firstProblem,
        hint: 'Fix the highlighted metadata row.',
        subject: 'Metadata',
      },
    };
  }
  const deadline = parseDeadline(draft.deadline ?? '');
  if (!deadline.ok) return deadline;
  return {
    ok: true,
    value: {
      schemaId: session.schemaId,
      method: draft.method,
      connection: session.connection,
      metadata: metadata.entries,
      deadlineMs: deadline.value,
      messages: [draftBody(draft)],
      ...(draft.compression === undefined ? {} : { compression: draft.compression }),
    },
  };
}
