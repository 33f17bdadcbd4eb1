/**
 * Where the installed package lives and its version. Walks up from this module, which works from
 * the sources (main/serve/), from the esbuild bundles (dist/) and inside a packaged app alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageInfo {
  root: string;
  version: string;
}

const packageName = 'grpc-workbench';
const maxLevels = 8;

export function findPackageInfo(fromUrl: string = import.meta.url): PackageInfo {
  let dir = dirname(fileURLToPath(fromUrl));
  for (let level = 0; level < maxLevels; level++) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (parsed.name === packageName) return { root: dir, version: parsed.version ?? '0.0.0' };
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`cannot find the ${packageName} package.json above ${fileURLToPath(fromUrl)}`);
}
