/**
 * The `{{variables}}` of the active request, resolved the runner's way (shared/collections:
 * `applyDefaults` under the collection's and folders' defaults, `resolveDeep` with the chosen
 * environment's vars) for what a send carries: target, authority, metadata, message(s), deadline.
 * `{{secret.NAME}}` and `{{env.NAME}}` are never resolved here — the page holds no secret values
 * and no process environment — they are left as written for the host (startCall with `collection`).
 */
import type { CollectionTree, CollectionTreeNode, SecretStatus, WorkbenchErrorData } from '../../../shared/api';
import { applyDefaults, mergeDefaults, type Defaults } from '../../../shared/collections/collection';
import type { GrpcRequest } from '../../../shared/collections/request';
import { toErrorInfo } from '../ui/error-info';
import {
  findVariables,
  findVariablesDeep,
  resolveDeep,
  type VariableRef,
  type VariableScope,
} from '../../../shared/collections/variables';

/** Where a field's text comes from: the request itself, a folder's defaults or the collection's. */
export type FieldOrigin = { kind: 'request' } | { kind: 'folder'; path: string } | { kind: 'collection' };

export interface DefaultsLayer {
  origin: FieldOrigin;
  defaults: Defaults;
}

/** What the active request's variables resolve against. */
export interface DraftScope {
  /** The collection folder; absent for a request that is not in a collection. */
  root?: string;
  /** The collection's defaults, then each folder's along the request's path (outermost first). */
  layers: DefaultsLayer[];
  /** The chosen environment's id, when one is chosen and parses. */
  environment?: string;
  vars: Readonly<Record<string, string>>;
  /** The host's word on the collection's secrets (values are never known here); absent until it answered. */
  secrets?: readonly SecretStatus[];
}

export const noScope: DraftScope = { layers: [], vars: {} };

/** The scope of a request at `path` in a collection's tree, with the chosen environment. */
export function draftScope(
  tree: CollectionTree,
  path: string | undefined,
  environment: string | undefined,
  secrets?: readonly SecretStatus[],
): DraftScope {
  const layers: DefaultsLayer[] = [];
  if (tree.collection?.defaults)
    layers.push({ origin: { kind: 'collection' }, defaults: withTlsFilesFrom(tree.collection.defaults, tree.root) });
  let nodes: readonly CollectionTreeNode[] = tree.children;
  const segments = path?.split('/').slice(0, -1) ?? [];
  segments.forEach((_segment, index) => {
    const folderPath = segments.slice(0, index + 1).join('/');
    const folder = nodes.find((node) => node.type === 'folder' && node.path === folderPath);
    if (folder?.type !== 'folder') return;
    if (folder.folder?.defaults) {
      const defaults = withTlsFilesFrom(folder.folder.defaults, `${tree.root}/${folderPath}`);
      layers.push({ origin: { kind: 'folder', path: folderPath }, defaults });
    }
    nodes = folder.children;
  });
  const chosen = tree.environments.find((entry) => entry.id === environment)?.environment;
  return {
    root: tree.root,
    layers,
    ...(chosen === undefined ? {} : { environment }),
    vars: chosen?.vars ?? {},
    ...(secrets === undefined ? {} : { secrets }),
  };
}

const absolutePath = /^([A-Za-z]:)?[\\/]/;

/**
 * Defaults whose TLS files are relative to the file that holds them (as the runner reads them),
 * made absolute: the host opens them from its own working folder otherwise.
 */
function withTlsFilesFrom(defaults: Defaults, folder: string): Defaults {
  const { tls } = defaults;
  if (tls?.mode !== 'tls') return defaults;
  const file = (path: string | undefined) =>
    path === undefined || absolutePath.test(path) ? path : `${folder}/${path}`;
  const absolute = { ...tls };
  for (const key of ['caFile', 'certFile', 'keyFile'] as const) {
    const path = file(tls[key]);
    if (path !== undefined) absolute[key] = path;
  }
  return { ...defaults, tls: absolute };
}

/** One field a send carries, with its text as it will be sent (before resolution) and where it came from. */
export interface SendField {
  /** How the UI names it: `Target`, `Metadata authorization`, `Request message`, `Stream step 2`. */
  field: string;
  text: string;
  origin: FieldOrigin;
}

/** The request as it is sent: the merged defaults under its own fields. */
export function effectiveDraft(draft: GrpcRequest, scope: DraftScope): GrpcRequest {
  return applyDefaults(draft, mergeDefaults(...scope.layers.map((layer) => layer.defaults)));
}

/** The fields of a send that may hold variables, in the order the screen shows them. */
export function sendFields(draft: GrpcRequest, scope: DraftScope): SendField[] {
  const originOf = (has: (defaults: Defaults) => boolean): FieldOrigin =>
    [...scope.layers].reverse().find((layer) => has(layer.defaults))?.origin ?? { kind: 'request' };
  const fields: SendField[] = [];
  const add = (field: string, text: string | undefined, origin: FieldOrigin) => {
    if (text !== undefined) fields.push({ field, text, origin });
  };
  const own = { kind: 'request' } as const;
  const effective = effectiveDraft(draft, scope);
  add('Target', effective.target, draft.target === undefined ? originOf((d) => d.target !== undefined) : own);
  add(
    'Authority',
    effective.authority,
    draft.authority === undefined ? originOf((d) => d.authority !== undefined) : own,
  );
  for (const [key, value] of Object.entries(effective.metadata ?? {})) {
    const origin = draft.metadata?.[key] === undefined ? originOf((d) => d.metadata?.[key] !== undefined) : own;
    add(`Metadata ${key}`, value, origin);
  }
  add('Deadline', effective.deadline, draft.deadline === undefined ? originOf((d) => d.deadline !== undefined) : own);
  if (draft.messages === undefined) add('Request message', draft.message, own);
  draft.messages?.forEach((step, index) => {
    if ('json' in step) add(index === 0 ? 'Request message' : `Stream step ${index + 1}`, step.json, own);
  });
  return fields;
}

/** Why a variable cannot be sent as it is. */
export type UnresolvedReason =
  /** A `{{name}}` the chosen environment does not define. */
  | 'undefined'
  /** A `{{secret.NAME}}` the host has no value for. */
  | 'missing-secret'
  /** A secret or process variable where the host does not resolve them (only metadata and messages). */
  | 'host-only';

export interface UnresolvedUse {
  field: string;
  ref: VariableRef;
  reason: UnresolvedReason;
}

const hostResolves = (field: string) =>
  field.startsWith('Metadata ') || field === 'Request message' || field.startsWith('Stream step ');

/** Every variable of the send that cannot be resolved, field by field. */
export function unresolvedUses(draft: GrpcRequest, scope: DraftScope): UnresolvedUse[] {
  const missingSecrets = new Set(
    scope.secrets?.filter((secret) => secret.source === 'missing').map((secret) => secret.name),
  );
  return sendFields(draft, scope).flatMap(({ field, text }) =>
    findVariables(text).flatMap((ref): UnresolvedUse[] => {
      if (ref.kind === 'var') return Object.hasOwn(scope.vars, ref.name) ? [] : [{ field, ref, reason: 'undefined' }];
      // Outside a collection the host still resolves them, from its environment alone (call-secrets.ts).
      if (!hostResolves(field)) return [{ field, ref, reason: 'host-only' }];
      return ref.kind === 'secret' && missingSecrets.has(ref.name) ? [{ field, ref, reason: 'missing-secret' }] : [];
    }),
  );
}

export type DraftResolution =
  { ok: true; draft: GrpcRequest } | { ok: false; unresolved: UnresolvedUse[]; error: WorkbenchErrorData };

/**
 * The request to send: defaults applied and every plain `{{name}}` replaced, secrets left for the
 * host — or, when any variable cannot be resolved, the uses at fault and an error naming them.
 * `fields: 'connection'` checks only what Connect needs (target, authority, metadata).
 */
export function resolveDraftVariables(
  draft: GrpcRequest,
  scope: DraftScope,
  fields: 'all' | 'connection' = 'all',
): DraftResolution {
  const connectionField = (field: string) =>
    field === 'Target' || field === 'Authority' || field.startsWith('Metadata ');
  const unresolved = unresolvedUses(draft, scope).filter((use) => fields === 'all' || connectionField(use.field));
  if (unresolved.length > 0) return { ok: false, unresolved, error: unresolvedError(unresolved, scope) };
  const effective = effectiveDraft(draft, scope);
  // Secrets and process variables map to themselves: the host replaces them.
  const kept = (kind: 'secret' | 'env') =>
    Object.fromEntries(
      sendFields(draft, scope)
        .flatMap(({ text }) => findVariables(text))
        .flatMap((ref) => (ref.kind === kind ? [[ref.name, ref.text]] : [])),
    );
  const variables: VariableScope = { vars: scope.vars, secrets: kept('secret'), processEnv: kept('env') };
  const { target, authority, metadata, deadline, message, messages } = effective;
  const sendable =
    fields === 'all' ? { target, authority, metadata, deadline, message, messages } : { target, authority, metadata };
  let resolved: Partial<GrpcRequest>;
  try {
    resolved = resolveDeep(sendable, variables, 'the request');
  } catch (error) {
    // A variable where no field of the screen shows it (e.g. a stream step's delay).
    return { ok: false, unresolved: [], error: toErrorInfo(error) };
  }
  const sent = { ...effective };
  for (const [key, value] of Object.entries(resolved)) if (value !== undefined) Object.assign(sent, { [key]: value });
  return { ok: true, draft: sent };
}

function unresolvedError(unresolved: readonly UnresolvedUse[], scope: DraftScope): WorkbenchErrorData {
  const names = [...new Set(unresolved.map((use) => use.ref.text))];
  const hints = new Set(
    unresolved.map(({ ref, reason, field }) => {
      if (reason === 'missing-secret') return `set secret "${ref.name}" in Variables`;
      if (reason === 'host-only')
        return `${ref.text} in ${field}: secrets and {{env.…}} work only in metadata and messages`;
      return scope.environment === undefined
        ? `choose an environment that defines "${ref.name}"`
        : `define "${ref.name}" in environment ${scope.environment}`;
    }),
  );
  return {
    kind: 'bad_input',
    message: `Not sent: ${names.length === 1 ? 'unresolved variable' : 'unresolved variables'} ${names.join(', ')} (in ${[...new Set(unresolved.map((use) => use.field))].join(', ')}).`,
    hint: `${[...hints].join('; ')}.`.replace(/^./, (first) => first.toUpperCase()),
    subject: names[0],
  };
}

/** One variable the request uses, for the Variables view. */
export interface VariableUse {
  ref: VariableRef;
  /** The fields that use it and where each came from. */
  uses: { field: string; origin: FieldOrigin }[];
  /** Where its value comes from. */
  source: 'environment' | 'secret-environment-variable' | 'secret-store' | 'host-environment' | 'missing';
  /** A plain variable's value (never a secret's). */
  value?: string;
  /** The secret's environment variable (`WORKBENCH_SECRET_…`). */
  environmentVariable?: string;
}

/** Every variable the send uses, once each, in order of first use. */
export function variableUses(draft: GrpcRequest, scope: DraftScope): VariableUse[] {
  const byKey = new Map<string, VariableUse>();
  for (const { field, text, origin } of sendFields(draft, scope)) {
    for (const ref of findVariables(text)) {
      const key = `${ref.kind}:${ref.name}`;
      const known = byKey.get(key);
      if (known) {
        if (!known.uses.some((use) => use.field === field)) known.uses.push({ field, origin });
        continue;
      }
      byKey.set(key, { ref, uses: [{ field, origin }], ...valueOf(ref, scope) });
    }
  }
  return [...byKey.values()];
}

function valueOf(ref: VariableRef, scope: DraftScope): Pick<VariableUse, 'source' | 'value' | 'environmentVariable'> {
  if (ref.kind === 'var') {
    return Object.hasOwn(scope.vars, ref.name)
      ? { source: 'environment', value: scope.vars[ref.name]! }
      : { source: 'missing' };
  }
  if (ref.kind === 'env') return { source: 'host-environment' };
  const status = scope.secrets?.find((secret) => secret.name === ref.name);
  if (status === undefined) return { source: 'missing' };
  const source =
    status.source === 'environment-variable'
      ? 'secret-environment-variable'
      : status.source === 'store'
        ? 'secret-store'
        : 'missing';
  return { source, environmentVariable: status.environmentVariable };
}

export function describeOrigin(origin: FieldOrigin): string {
  return origin.kind === 'request'
    ? 'request'
    : origin.kind === 'folder'
      ? `folder ${origin.path} defaults`
      : 'collection defaults';
}

/**
 * A value (e.g. a request's `expect`) with the environment's `{{name}}` variables replaced, as a
 * run resolves it before checking; every other variable (secrets, captures of a run) stays as written.
 */
export function withEnvironmentVariables<T>(value: T, scope: DraftScope): T {
  const refs = findVariablesDeep(value);
  if (refs.length === 0) return value;
  const kept = (kind: VariableRef['kind']) =>
    Object.fromEntries(refs.flatMap((ref) => (ref.kind === kind ? [[ref.name, ref.text]] : [])));
  const vars = { ...kept('var'), ...scope.vars };
  return resolveDeep(value, { vars, secrets: kept('secret'), processEnv: kept('env') }, 'the request');
}
