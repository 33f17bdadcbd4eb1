import { mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeCapabilities, defaultDataDir } from './node-capabilities';

const dir = mkdtempSync(join(tmpdir(), 'node-capabilities-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('defaultDataDir', () => {
  it('prefers GRPC_WORKBENCH_DATA_DIR, then XDG_CONFIG_HOME, then ~/.config', () => {
    expect(defaultDataDir({ GRPC_WORKBENCH_DATA_DIR: '/data/wb', XDG_CONFIG_HOME: '/xdg' })).toBe('/data/wb');
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/xdg' })).toBe(join('/xdg', 'grpc-workbench'));
    expect(defaultDataDir({})).toBe(join(homedir(), '.config', 'grpc-workbench'));
  });
});

describe('createNodeCapabilities', () => {
  it('keeps secrets in a file only the user can read, creating the data folder on first write', async () => {
    const dataDir = join(dir, 'data');
    const { secrets } = createNodeCapabilities({ dataDir });
    expect(await secrets.get('token')).toBeUndefined();
    await secrets.set('token', 's3cret');
    await secrets.set('other', 'x');
    expect(await secrets.get('token')).toBe('s3cret');
    const file = join(dataDir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    await secrets.delete('token');
    expect(await secrets.get('token')).toBeUndefined();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ other: 'x' });
  });

  it('seals values with the given sealer (Electron: safeStorage)', async () => {
    const dataDir = join(dir, 'sealed');
    const sealer = { seal: (v: string) => `sealed:${v}`, unseal: (s: string) => s.replace(/^sealed:/, '') };
    const { secrets } = createNodeCapabilities({ dataDir, sealer });
    await secrets.set('k', 'v');
    expect(JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8'))).toEqual({ k: 'sealed:v' });
    expect(await secrets.get('k')).toBe('v');
  });

  it('names an unreadable secret store', async () => {
    const { secrets } = createNodeCapabilities({ dataDir: join(dir, 'no-dir', '\0bad') });
    await expect(secrets.get('k')).rejects.toMatchObject({ kind: 'io' });
  });
});
