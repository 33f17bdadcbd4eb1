/**
 * Variables in any string of a collection file: `{{name}}` (environment vars, `--env-var`, values
 * captured earlier in the run), `{{secret.name}}` and `{{env.NAME}}` (the process environment).
 * Resolution is pure: the caller hands in the values; an unresolved variable is an error naming it
 * and the file.
 */
import { WorkbenchError } from '../api/errors';

export type VariableKind = 'var' | 'secret' | 'env';

export interface VariableRef {
  kind: VariableKind;
  name: string;
  /** As written, e.g. `{{secret.token}}`. */
  text: string;
}

export interface VariableScope {
  /** Environment vars, then `--env-var`, then captures: later sources already merged over earlier ones. */
  vars: Readonly<Record<string, string>>;
  secrets: Readonly<Record<string, string>>;
  /** The process environment (absent where there is none, e.g. in the renderer). */
  processEnv?: Readonly<Record<string, string | undefined>>;
}

const placeholder = /\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g;

function toRef(inner: string, text: string): VariableRef {
  if (inner.startsWith('secret.')) return { kind: 'secret', name: inner.slice('secret.'.length), text };
  if (inner.startsWith('env.')) return { kind: 'env', name: inner.slice('env.'.length), text };
  return { kind: 'var', name: inner, text };
}

/** Every variable a string uses, in order of appearance (repeats included). */
export function findVariables(text: string): VariableRef[] {
  return [...text.matchAll(placeholder)].map((match) => toRef(match[1]!, match[0]));
}

/** Every variable used by any string inside a value (objects, arrays), without repeats. */
export function findVariablesDeep(value: unknown): VariableRef[] {
  const seen = new Map<string, VariableRef>();
  visitStrings(value, (text) => {
    for (const ref of findVariables(text)) seen.set(`${ref.kind}:${ref.name}`, ref);
  });
  return [...seen.values()];
}

function lookup(ref: VariableRef, scope: VariableScope): string | undefined {
  switch (ref.kind) {
    case 'var':
      return Object.hasOwn(scope.vars, ref.name) ? scope.vars[ref.name] : undefined;
    case 'secret':
      return Object.hasOwn(scope.secrets, ref.name) ? scope.secrets[ref.name] : undefined;
    case 'env':
      return scope.processEnv?.[ref.name];
  }
}

/** The variables of a value that the scope cannot resolve; `pending` names vars that will exist later (captures). */
export function unresolvedVariables(
  value: unknown,
  scope: VariableScope,
  pending: ReadonlySet<string> = new Set(),
): VariableRef[] {
  return findVariablesDeep(value).filter(
    (ref) => lookup(ref, scope) === undefined && !(ref.kind === 'var' && pending.has(ref.name)),
  );
}

/** The error for variables that cannot be resolved, naming them and the file. */
export function unresolvedVariableError(refs: readonly VariableRef[], file: string): WorkbenchError {
  const names = refs.map((ref) => ref.text).join(', ');
  const hints = new Set(
    refs.map((ref) =>
      ref.kind === 'secret'
        ? `give secret "${ref.name}" with --secret ${ref.name}=VALUE, ${secretEnvVariable(ref.name)} or the secret store`
        : ref.kind === 'env'
          ? `set the environment variable ${ref.name}`
          : `define "${ref.name}" in the environment's vars, with --env-var ${ref.name}=VALUE, or capture it in an earlier request`,
    ),
  );
  return new WorkbenchError(
    'bad_input',
    `${file}: unresolved ${refs.length === 1 ? 'variable' : 'variables'} ${names}`,
    {
      subject: refs[0]?.name,
      hint: `${[...hints].join('; ')}.`,
    },
  );
}

/** Replaces every variable of a string; throws the unresolved-variable error naming all that are missing. */
export function resolveTemplate(text: string, scope: VariableScope, file: string): string {
  const missing = findVariables(text).filter((ref) => lookup(ref, scope) === undefined);
  if (missing.length > 0) throw unresolvedVariableError(missing, file);
  return text.replace(placeholder, (whole, inner: string) => lookup(toRef(inner, whole), scope)!);
}

/** A copy of a value with every string resolved (keys are left alone). */
export function resolveDeep<T>(value: T, scope: VariableScope, file: string): T {
  const missing = unresolvedVariables(value, scope);
  if (missing.length > 0) throw unresolvedVariableError(missing, file);
  return mapStrings(value, (text) => resolveTemplate(text, scope, file));
}

export const SECRET_ENV_PREFIX = 'WORKBENCH_SECRET_';

/** The environment variable that carries a secret: `WORKBENCH_SECRET_` + the name in upper case, other characters as `_`. */
export function secretEnvVariable(name: string): string {
  return SECRET_ENV_PREFIX + name.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

function visitStrings(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const item of value) visitStrings(item, visit);
  else if (typeof value === 'object' && value !== null)
    for (const item of Object.values(value)) visitStrings(item, visit);
}

function mapStrings<T>(value: T, map: (text: string) => string): T {
  if (typeof value === 'string') return map(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => mapStrings(item, map)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)])) as T;
  }
  return value;
}

/** `NAME=VALUE` as given to `--secret` or `--env-var`. */
export function parseAssignment(text: string, flag: string): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0) {
    throw new WorkbenchError(
      'bad_input',
      `${flag} expects NAME=VALUE, got "${text.includes('=') ? text : text.slice(0, 40)}".`,
      {
        setting: flag,
        hint: `e.g. ${flag} token=abc123`,
      },
    );
  }
  return [text.slice(0, at), text.slice(at + 1)];
}
