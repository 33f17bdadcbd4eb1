import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../../../shared/api';
import { WorkbenchError } from '../../../shared/api';
import { createWorkspaceFile, WORKSPACE_FILE } from './workspace-file';

const workspace: Workspace = {
  version: 1,
  tabs: [
    {
      id: 'tab-1',
      draft: { kind: 'grpc-request', name: '', method: 'user.v1.UserService/GetUser', message: '{"id":"u1"' },
      view: { metadataRows: [{ key: 'x-a', value: '' }] },
    },
  ],
  activeTabId: 'tab-1',
  collections: [{ root: '/home/ada/api', environment: 'dev' }],
};

let dataDir: string;
beforeEach(() => {
  dataDir = join(mkdtempSync(join(tmpdir(), 'workspace-file-')), 'data');
});

const brokenFiles = () => readdirSync(dataDir).filter((name) => name.startsWith('workspace.broken-'));

describe('the workspace file', () => {
  it('is absent on first start, then gives back what was saved, in a 0600 file of a created data folder', async () => {
    const file = createWorkspaceFile(dataDir);
    expect(await file.load()).toEqual({});
    await file.save(workspace);
    expect(statSync(join(dataDir, WORKSPACE_FILE)).mode & 0o777).toBe(0o600);
    expect(await createWorkspaceFile(dataDir).load()).toEqual({ workspace });
  });

  it('keeps the last of concurrent saves', async () => {
    const file = createWorkspaceFile(dataDir);
    await Promise.all(
      Array.from({ length: 20 }, (_, index) => file.save({ ...workspace, activeTabId: `tab-${index}` })),
    );
    expect((await createWorkspaceFile(dataDir).load()).workspace?.activeTabId).toBe('tab-19');
  });

  it('refuses a workspace over the bound, naming its size, and keeps the saved one', async () => {
    const file = createWorkspaceFile(dataDir, 4096);
    await file.save(workspace);
    const huge = {
      ...workspace,
      tabs: [{ ...workspace.tabs[0]!, draft: { ...workspace.tabs[0]!.draft, message: 'x'.repeat(8000) } }],
    };
    const error = await file.save(huge).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkbenchError);
    expect((error as WorkbenchError).kind).toBe('bad_input');
    expect((error as WorkbenchError).message).toMatch(
      /^The workspace is 8\.\d KiB, over the limit of 4\.0 KiB: it was not saved\.$/,
    );
    expect(await file.load()).toEqual({ workspace });
  });

  it('moves a file that is not JSON aside, reports it, and never overwrites it', async () => {
    await createWorkspaceFile(dataDir).save(workspace);
    const path = join(dataDir, WORKSPACE_FILE);
    writeFileSync(path, '{"version":1,"tabs":[{"id":"t"'); // torn by hand
    const result = await createWorkspaceFile(dataDir).load();
    expect(result.workspace).toBeUndefined();
    expect(result.problem?.message).toContain('is not valid JSON');
    expect(result.problem?.backupPath).toMatch(/workspace\.broken-.*\.json$/);
    expect(readFileSync(result.problem!.backupPath!, 'utf8')).toBe('{"version":1,"tabs":[{"id":"t"');
    expect(brokenFiles()).toHaveLength(1);
  });

  it('moves a file of the wrong shape aside, naming the field', async () => {
    const file = createWorkspaceFile(dataDir);
    await file.save(workspace);
    writeFileSync(join(dataDir, WORKSPACE_FILE), JSON.stringify({ version: 2, tabs: [] }));
    const { problem } = await createWorkspaceFile(dataDir).load();
    expect(problem?.message).toMatch(/not a valid workspace at version/);
    expect(brokenFiles()).toHaveLength(1);
  });

  it('sets a broken file aside before a save that came without a load', async () => {
    await createWorkspaceFile(dataDir).save(workspace);
    writeFileSync(join(dataDir, WORKSPACE_FILE), 'not json, but the only copy of my tabs');
    await createWorkspaceFile(dataDir).save({ ...workspace, activeTabId: undefined });
    const [backup] = brokenFiles();
    expect(readFileSync(join(dataDir, backup!), 'utf8')).toBe('not json, but the only copy of my tabs');
    expect((await createWorkspaceFile(dataDir).load()).workspace?.tabs).toHaveLength(1);
  });

  it('moves an oversized file aside instead of reading it', async () => {
    await createWorkspaceFile(dataDir).save(workspace);
    writeFileSync(join(dataDir, WORKSPACE_FILE), `${JSON.stringify(workspace)}${' '.repeat(5000)}`);
    const { problem } = await createWorkspaceFile(dataDir, 4096).load();
    expect(problem?.message).toMatch(/over the limit/);
    expect(brokenFiles()).toHaveLength(1);
  });
});
