/** The host capabilities in plain Node: a data folder under the user's config dir, a 0600 secrets file. */
import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { WorkbenchError } from '../../shared/api';
import type { HostCapabilities, SecretStore } from './capabilities';

/** Overrides the data folder (tests, portable installs). */
export const dataDirEnvVar = 'GRPC_WORKBENCH_DATA_DIR';

/** `$GRPC_WORKBENCH_DATA_DIR`, else `$XDG_CONFIG_HOME/grpc-workbench`, else `~/.config/grpc-workbench`. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env[dataDirEnvVar];
  if (override !== undefined && override !== '') return override;
  const configHome = env.XDG_CONFIG_HOME;
  return join(
    configHome !== undefined && configHome !== '' ? configHome : join(homedir(), '.config'),
    'grpc-workbench',
  );
}

/** How a secret is sealed at rest: identity for the 0600 file in plain Node, safeStorage in Electron. */
export interface SecretSealer {
  seal(value: string): string;
  unseal(sealed: string): string;
}

const plainSealer: SecretSealer = { seal: (value) => value, unseal: (sealed) => sealed };

/**
 * Secrets as one JSON file (key → sealed value) readable only by the user (mode 0600), written
 * atomically so a crash never leaves half a file.
 */
export function createFileSecretStore(path: string, sealer: SecretSealer = plainSealer): SecretStore {
  const read = async (): Promise<Record<string, string>> => {
    try {
      return JSON.parse(await readFile(path, 'utf8')) as Record<string, string>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw ioError(`Cannot read the secret store ${path}: ${(error as Error).message}`, path);
    }
  };
  const write = async (secrets: Record<string, string>): Promise<void> => {
    try {
      await writeFileAtomic(path, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
    } catch (error) {
      throw ioError(`Cannot write the secret store ${path}: ${(error as Error).message}`, path);
    }
  };
  return {
    async get(key) {
      const sealed = (await read())[key];
      return sealed === undefined ? undefined : sealer.unseal(sealed);
    },
    async set(key, value) {
      await write({ ...(await read()), [key]: sealer.seal(value) });
    },
    async delete(key) {
      const secrets = await read();
      if (!(key in secrets)) return;
      delete secrets[key];
      await write(secrets);
    },
  };
}

/** The data folder, created (mode 0700) if missing. */
export async function ensureDataDir(dataDir: string): Promise<string> {
  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    return dataDir;
  } catch (error) {
    throw ioError(`Cannot create the data folder ${dataDir}: ${(error as Error).message}`, dataDir);
  }
}

export function createNodeCapabilities(options: { dataDir?: string; sealer?: SecretSealer } = {}): HostCapabilities {
  const dataDir = options.dataDir ?? defaultDataDir();
  const secretsFile = join(dataDir, 'secrets.json');
  const store = createFileSecretStore(secretsFile, options.sealer);
  // The folder appears on first write, not when a host merely starts.
  const secrets: SecretStore = {
    get: (key) => store.get(key),
    set: async (key, value) => {
      await ensureDataDir(dataDir);
      await store.set(key, value);
    },
    delete: (key) => store.delete(key),
  };
  return { dataDir, secrets };
}

function ioError(message: string, subject: string): WorkbenchError {
  return new WorkbenchError('io', message, {
    subject,
    hint: `Check the folder's permissions, or point ${dataDirEnvVar} at a writable folder.`,
  });
}
