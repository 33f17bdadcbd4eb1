/**
 * `workspace.json` in the data folder: the open tabs with their drafts and the open collections.
 * One file per host (every window or tab of it saves the same file: the last save wins), written
 * atomically and bounded by MAX_WORKSPACE_BYTES. A file that cannot be read back is moved aside
 * and reported, never overwritten — also when a save comes before any load.
 */
import { join } from 'node:path';
import type { Workspace, WorkspaceLoadResult } from '../../../shared/api';
import { MAX_WORKSPACE_BYTES, WorkbenchError, workspaceSchema } from '../../../shared/api';
import { formatSize, readJsonFile, writeFileAtomically } from './json-file';
import { createSerialQueue } from './serial-queue';

export const WORKSPACE_FILE = 'workspace.json';

export interface WorkspaceFile {
  load(): Promise<WorkspaceLoadResult>;
  save(workspace: Workspace): Promise<void>;
}

export function createWorkspaceFile(dataDir: string, maxBytes = MAX_WORKSPACE_BYTES): WorkspaceFile {
  const path = join(dataDir, WORKSPACE_FILE);
  const queue = createSerialQueue();
  // Until the file on disk was read once, a save must first check it: a broken file is set aside, not replaced.
  let checked = false;
  const read = async (): Promise<WorkspaceLoadResult> => {
    const { value, problem } = await readJsonFile(path, workspaceSchema, { maxBytes, what: 'workspace' });
    checked = true;
    return { ...(value === undefined ? {} : { workspace: value }), ...(problem === undefined ? {} : { problem }) };
  };
  return {
    load: () => queue(read),
    save: (workspace) => {
      const text = `${JSON.stringify(workspace)}\n`;
      const bytes = Buffer.byteLength(text);
      if (bytes > maxBytes) {
        return Promise.reject(
          new WorkbenchError(
            'bad_input',
            `The workspace is ${formatSize(bytes)}, over the limit of ${formatSize(maxBytes)}: it was not saved.`,
            {
              subject: 'workspace',
              hint: 'A draft holds typed text: close the tab holding a huge request body, or keep that body in a file.',
            },
          ),
        );
      }
      return queue(async () => {
        if (!checked) await read();
        await writeFileAtomically(path, text);
      });
    },
  };
}
