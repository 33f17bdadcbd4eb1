import type { WorkbenchErrorData } from '../../../shared/api';
import { errorKinds } from '../../../shared/api';
import { hintNamingSetting, nameSettings } from '../../../shared/settings';

const knownKinds: ReadonlySet<string> = new Set(errorKinds);

/**
 * Turns whatever an operation rejected with into something the UI can show: transports reject with
 * the host's error data (kind, message, hint, subject); anything else is a bug of ours, shown as
 * `internal` rather than crashing the view.
 */
export function toErrorInfo(error: unknown): WorkbenchErrorData {
  if (typeof error === 'object' && error !== null) {
    const record = error as Record<string, unknown>;
    const message = typeof record.message === 'string' && record.message !== '' ? record.message : String(error);
    const kind =
      typeof record.kind === 'string' && knownKinds.has(record.kind)
        ? (record.kind as WorkbenchErrorData['kind'])
        : 'internal';
    return {
      kind,
      message,
      ...(typeof record.hint === 'string' ? { hint: record.hint } : {}),
      ...(typeof record.subject === 'string' ? { subject: record.subject } : {}),
      ...(typeof record.setting === 'string' ? { setting: record.setting } : {}),
    };
  }
  return { kind: 'internal', message: String(error) };
}

/** What the banner calls each kind of failure, in words a user recognises. */
export function errorKindTitle(kind: WorkbenchErrorData['kind']): string {
  const titles: Record<WorkbenchErrorData['kind'], string> = {
    bad_request_json: 'Request JSON does not fit the message',
    unknown_method: 'Unknown method',
    schema: 'Schema could not be loaded',
    dns: 'Host name does not resolve',
    refused: 'Connection refused',
    tls: 'TLS handshake failed',
    timeout: 'Timed out',
    connection: 'Connection failed',
    bad_input: 'Invalid input',
    io: 'File could not be read',
    not_found: 'Not found',
    internal: 'Unexpected error',
  };
  return titles[kind];
}

/**
 * The engine's hints name grpcurl's flags (the CLI shares them); in the app the same settings are
 * fields of the connection bar, so each flag is replaced by the label the user can actually find.
 */
const uiFieldForFlag: Record<string, string> = {
  cert: 'Client cert',
  key: 'Client key',
  cacert: 'CA file',
  insecure: 'Skip verify',
  servername: 'Server name',
  authority: 'Authority',
  plaintext: 'Security: Plaintext',
  proto: 'Proto files',
  'import-path': 'Import paths',
  protoset: 'Protoset files',
};

// A flag is a single dash after a word boundary the CLI would use (start, space, "(" or ","), so
// "--backend-key" or "client-key.pem" stay untouched.
const cliFlag =
  /(^|[\s(,])-(import-path|cacert|cert|key|insecure|servername|authority|plaintext|protoset|proto)(?![\w-])/g;

export function hintInUiTerms(hint: string, setting?: string): string {
  // Hints name settings by id (shared/settings.ts); flags left in older texts are translated below.
  const named = nameSettings(hintNamingSetting(hint, setting, 'ui') ?? hint, 'ui');
  return named.replace(cliFlag, (_match, before: string, flag: string) => `${before}“${uiFieldForFlag[flag] ?? flag}”`);
}
