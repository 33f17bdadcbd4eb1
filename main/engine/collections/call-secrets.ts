/**
 * `{{secret.NAME}}` and `{{env.NAME}}` in a call the app sends. The renderer resolves plain
 * `{{name}}` variables itself and leaves these two to the host, so a secret's value never reaches
 * the page: they are resolved here, in the metadata values and the messages, from the runner's
 * sources (secrets.ts: `WORKBENCH_SECRET_<NAME>`, then the host's secret store under the
 * collection's key) and the host's process environment. A call outside any collection (an unsaved
 * tab, a pasted grpcurl command) has no secret store key, so its secrets come from
 * `WORKBENCH_SECRET_<NAME>` alone — what the exported grpcurl command reads too.
 */
import { resolve } from 'node:path';
import { WorkbenchError } from '../../../shared/api/errors';
import {
  findVariablesDeep,
  resolveDeep,
  secretEnvVariable,
  type VariableRef,
} from '../../../shared/collections/variables';
import { resolveSecrets, type SecretStore } from './secrets';

export interface HostVariableSources {
  store?: SecretStore;
  processEnv: Readonly<Record<string, string | undefined>>;
}

/** The values a call carries from a collection: metadata values and message texts. */
export interface CallTexts {
  metadata: readonly { key: string; value: string }[];
  messages: readonly string[];
}

/**
 * The texts with every `{{secret.NAME}}` and `{{env.NAME}}` replaced; other `{{…}}` are left as
 * they are (the renderer resolved the variables it could). Throws `bad_input` naming every secret
 * or environment variable that has no value, and how to give it one.
 */
export async function resolveHostVariables<T extends Partial<CallTexts>>(
  texts: T,
  collectionRoot: string | undefined,
  sources: HostVariableSources,
): Promise<T> {
  const refs = findVariablesDeep([texts.metadata?.map((entry) => entry.value), texts.messages]);
  const hostRefs = refs.filter((ref) => ref.kind !== 'var');
  if (hostRefs.length === 0) return texts;

  const root = collectionRoot === undefined ? undefined : resolve(collectionRoot);
  const store = root === undefined ? undefined : sources.store;
  const secretNames = hostRefs.flatMap((ref) => (ref.kind === 'secret' ? [ref.name] : []));
  const secrets = await resolveSecrets(secretNames, root ?? '', {
    processEnv: sources.processEnv,
    ...(store === undefined ? {} : { store }),
  });
  const missing = hostRefs.filter((ref) =>
    ref.kind === 'secret' ? secrets.missing.includes(ref.name) : sources.processEnv[ref.name] === undefined,
  );
  if (missing.length > 0) throw missingHostVariables(missing, root, store !== undefined);

  // Plain variables stay as written: they map to themselves.
  const vars = Object.fromEntries(refs.flatMap((ref) => (ref.kind === 'var' ? [[ref.name, ref.text]] : [])));
  const scope = { vars, secrets: secrets.values, processEnv: sources.processEnv };
  return {
    ...texts,
    ...(texts.metadata === undefined
      ? {}
      : {
          metadata: texts.metadata.map((entry) => ({
            ...entry,
            value: resolveDeep(entry.value, scope, `metadata ${entry.key}`),
          })),
        }),
    ...(texts.messages === undefined ? {} : { messages: resolveDeep([...texts.messages], scope, 'the message') }),
  };
}

function missingHostVariables(
  refs: readonly VariableRef[],
  root: string | undefined,
  hasStore: boolean,
): WorkbenchError {
  const names = [...new Set(refs.map((ref) => `{{${ref.kind}.${ref.name}}}`))].join(', ');
  const hints = [
    ...new Set(
      refs.map((ref) =>
        ref.kind === 'secret'
          ? `${hasStore ? `set secret "${ref.name}" in the Variables view (kept in this host's secret store), or ` : ''}set the environment variable ${secretEnvVariable(ref.name)} where the workbench runs`
          : `set the environment variable ${ref.name} where the workbench runs`,
      ),
    ),
  ];
  return new WorkbenchError(
    'bad_input',
    `${refs.length === 1 ? 'No value for' : 'No values for'} ${names} (${root === undefined ? 'a request outside any collection' : `collection ${root}`}).`,
    { subject: refs[0]!.name, hint: `${hints.join('; ')}.` },
  );
}
