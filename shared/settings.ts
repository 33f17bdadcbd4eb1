/**
 * One table of the settings a user can change, by id, with the name each front end gives it: the
 * CLI's flag and the UI's field label. Errors and verdicts name a setting by id
 * (`WorkbenchError.setting`) in neutral words; each front end prints its own name for it
 * (`settingName`), so the engine never speaks in CLI flags to an app user.
 */
export interface SettingNames {
  /** The grpcurl-style flag, e.g. `-max-msg-sz`; absent when the CLI has none. */
  cliFlag?: string;
  /** The field label in the UI, e.g. "Max receive size"; absent when the UI has none. */
  uiLabel?: string;
}

export const settings = {
  // connection
  target: { uiLabel: 'Target' },
  plaintext: { cliFlag: '-plaintext', uiLabel: 'Security: Plaintext' },
  caFile: { cliFlag: '-cacert', uiLabel: 'CA file' },
  certFile: { cliFlag: '-cert', uiLabel: 'Client cert' },
  keyFile: { cliFlag: '-key', uiLabel: 'Client key' },
  insecureSkipVerify: { cliFlag: '-insecure', uiLabel: 'Skip verify' },
  serverName: { cliFlag: '-servername', uiLabel: 'Server name' },
  authority: { cliFlag: '-authority', uiLabel: 'Authority' },
  connectTimeoutMs: { cliFlag: '-connect-timeout', uiLabel: 'Connect timeout' },
  keepaliveTimeMs: { cliFlag: '-keepalive-time', uiLabel: 'Keepalive' },
  maxReceiveMessageBytes: { cliFlag: '-max-msg-sz', uiLabel: 'Max receive size' },
  maxSendMessageBytes: { uiLabel: 'Max send size' },
  userAgent: { cliFlag: '-user-agent', uiLabel: 'User agent' },
  compression: { uiLabel: 'Compression' },
  reflectionHeaders: { cliFlag: '-reflect-header', uiLabel: 'Reflection headers' },
  // schema
  protoFiles: { cliFlag: '-proto', uiLabel: 'Proto files' },
  importPaths: { cliFlag: '-import-path', uiLabel: 'Import paths' },
  protosets: { cliFlag: '-protoset', uiLabel: 'Protoset files' },
  // call
  metadata: { cliFlag: '-H', uiLabel: 'Metadata' },
  deadlineMs: { cliFlag: '-max-time', uiLabel: 'Deadline' },
  // burst
  total: { cliFlag: '-n', uiLabel: 'Calls' },
  concurrency: { cliFlag: '-c', uiLabel: 'Concurrency' },
  connections: { cliFlag: '--connections', uiLabel: 'Connections' },
  lbPolicy: { cliFlag: '--lb', uiLabel: 'LB policy' },
  backendKey: { cliFlag: '--backend-key', uiLabel: 'Backend key' },
  knownBackends: { cliFlag: '--backends', uiLabel: 'Known backends' },
  ratePerSecond: { cliFlag: '--rate', uiLabel: 'Rate' },
  durationMs: { cliFlag: '--duration', uiLabel: 'Duration' },
  // cluster
  forwardMode: { cliFlag: '--forward', uiLabel: 'Forward' },
  kubeconfig: { cliFlag: '--kubeconfig', uiLabel: 'Kubeconfig' },
  kubeContext: { cliFlag: '--context', uiLabel: 'Context' },
  namespace: { cliFlag: '-n', uiLabel: 'Namespace' },
  // forward's [LOCAL:]REMOTE argument in the CLI; fields of the Cluster panel's forward form
  localPort: { uiLabel: 'Local port' },
  remotePort: { uiLabel: 'Port' },
} as const satisfies Record<string, SettingNames>;

export type SettingId = keyof typeof settings;

export function isSettingId(id: unknown): id is SettingId {
  return typeof id === 'string' && Object.prototype.hasOwnProperty.call(settings, id);
}

/** What a front end calls a setting; undefined for an unknown id or one that front end lacks. */
export function settingName(id: string | undefined, frontEnd: 'cli' | 'ui'): string | undefined {
  if (!isSettingId(id)) return undefined;
  const names: SettingNames = settings[id];
  return frontEnd === 'cli' ? names.cliFlag : names.uiLabel;
}

/**
 * A hint as a front end shows it: the neutral text with that front end's name for its setting,
 * e.g. "Raise the receive limit." + maxReceiveMessageBytes → "Raise the receive limit (-max-msg-sz)."
 * in the CLI and "… (“Max receive size”)." in the UI.
 */
export function hintNamingSetting(
  hint: string | undefined,
  setting: string | undefined,
  frontEnd: 'cli' | 'ui',
): string | undefined {
  const name = shownName(setting, frontEnd);
  if (hint === undefined || name === undefined) return hint;
  return hint.endsWith('.') ? `${hint.slice(0, -1)} (${name}).` : `${hint} (${name})`;
}

/**
 * Texts that name settings inline (a verdict's reason and fix) write `{{settingId}}`; a front end
 * shows them with its own names: `{{backendKey}}` → `--backend-key` in the CLI, “Backend key” in the UI.
 */
export function nameSettings(text: string, frontEnd: 'cli' | 'ui'): string {
  return text.replace(/\{\{(\w+)\}\}/g, (marker, id: string) => shownName(id, frontEnd) ?? marker);
}

/** A setting's name as it appears in running text: a flag as is, a field label quoted. */
function shownName(id: string | undefined, frontEnd: 'cli' | 'ui'): string | undefined {
  const name = settingName(id, frontEnd);
  return name === undefined || frontEnd === 'cli' ? name : `“${name}”`;
}
