/**
 * The user's cache folder: what grpc-workbench can rebuild when it is gone (compiled descriptor
 * sets, the CLI's compiled code). Node only, no other import: the CLI's launcher reads it before
 * the rest of the CLI is loaded.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Overrides the cache folder (tests, or a machine that wants it elsewhere). */
const cacheDirEnvVar = 'GRPC_WORKBENCH_CACHE_DIR';

/** `$GRPC_WORKBENCH_CACHE_DIR`, else `$XDG_CACHE_HOME/grpc-workbench`, else `~/.cache/grpc-workbench`. */
export function userCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const override = env[cacheDirEnvVar];
  if (override !== undefined && override !== '') return override;
  const base =
    env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== '' ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'grpc-workbench');
}
