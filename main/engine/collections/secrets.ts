/**
 * Where secret values come from, in order: `--secret NAME=VALUE` (this run only, never stored),
 * the environment variable `WORKBENCH_SECRET_<NAME>`, then the user's secret store (supplied by the
 * host: Electron's safeStorage in the desktop app, a 0600 file in the user's config folder elsewhere).
 */
import { secretEnvVariable } from '../../../shared/collections/variables';

/**
 * The user's secret store, a host capability (main/host/capabilities.ts re-exports this type):
 * values by key. A collection's secret is kept under `secretKey(root, name)`.
 */
export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * The store key of a collection's secret: the collection's absolute folder and the secret's name,
 * e.g. `collection:/home/ada/my-api#token` (a name never holds `#`, so the key is unambiguous).
 */
export function secretKey(collectionRoot: string, name: string): string {
  return `collection:${collectionRoot}#${name}`;
}

export interface SecretSources {
  /** From `--secret NAME=VALUE`. */
  flags?: Readonly<Record<string, string>>;
  processEnv?: Readonly<Record<string, string | undefined>>;
  store?: SecretStore;
}

export type SecretOrigin = 'flag' | 'env' | 'store';

export interface ResolvedSecrets {
  values: Record<string, string>;
  origins: Record<string, SecretOrigin>;
  missing: string[];
}

export async function resolveSecrets(
  names: readonly string[],
  collection: string,
  sources: SecretSources,
): Promise<ResolvedSecrets> {
  const resolved: ResolvedSecrets = { values: {}, origins: {}, missing: [] };
  for (const name of new Set(names)) {
    const fromFlag = sources.flags?.[name];
    const fromEnv = sources.processEnv?.[secretEnvVariable(name)];
    const found: [string, SecretOrigin] | undefined =
      fromFlag !== undefined
        ? [fromFlag, 'flag']
        : fromEnv !== undefined
          ? [fromEnv, 'env']
          : await sources.store
              ?.get(secretKey(collection, name))
              .then((value) => (value === undefined ? undefined : [value, 'store']));
    if (found === undefined) resolved.missing.push(name);
    else {
      resolved.values[name] = found[0];
      resolved.origins[name] = found[1];
    }
  }
  return resolved;
}
