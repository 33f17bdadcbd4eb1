/**
 * The forwards a user opened, kept per context across restarts in the host's data folder (issue 12
 * §5: "in the app's data folder, not the collection"): one JSON file, `forwards.json`, mode 0600,
 * written atomically (write-file-atomic: temp file, fsync, rename). It holds what to forward —
 * context, namespace, target, port, mode, a kubeconfig path where one was named — never a token:
 * credentials stay in the kubeconfig.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import * as z from 'zod';
import { forwardTargetSchema, WorkbenchError, type SavedForward } from '../../shared/api';
import type { SavedForwardSpec, SavedForwardStore } from '../engine/index';
import { dataDirEnvVar, ensureDataDir } from './node-capabilities';

export const savedForwardsFileName = 'forwards.json';

/** The oldest are dropped beyond this: a list to pick from, not an archive. */
const MAX_SAVED = 50;

const savedForwardSchema = z.object({
  savedId: z.string().min(1),
  kubeconfig: z.string().min(1).optional(),
  context: z.string().min(1),
  namespace: z.string().min(1),
  target: forwardTargetSchema,
  remotePort: z.union([z.string().min(1), z.number().int().min(1).max(65535)]),
  mode: z.enum(['single', 'per-pod']),
  localPort: z.number().int().min(1).max(65535).optional(),
  savedAt: z.string(),
});
const fileSchema = z.object({ version: z.literal(1), forwards: z.array(savedForwardSchema) });

/** The same forward gets the same id, so opening it again refreshes it rather than adding a twin. */
export function savedForwardId(spec: SavedForwardSpec): string {
  const target =
    spec.target.kind === 'selector' ? `-l ${spec.target.selector}` : `${spec.target.kind}/${spec.target.name}`;
  return [spec.kubeconfig ?? '', spec.context, spec.namespace, target, String(spec.remotePort), spec.mode].join('|');
}

export function createSavedForwardStore(dataDir: string, now: () => Date = () => new Date()): SavedForwardStore {
  const path = join(dataDir, savedForwardsFileName);
  const read = async (): Promise<SavedForward[]> => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw ioError(`Cannot read the saved forwards ${path}: ${(error as Error).message}`, path);
    }
    const parsed = fileSchema.safeParse(safeJson(text));
    if (!parsed.success)
      throw new WorkbenchError('io', `The saved forwards ${path} are not what the workbench wrote`, {
        subject: path,
        hint: 'Delete the file: the forwards are only a list to reopen, and it is written again on the next forward.',
      });
    return parsed.data.forwards;
  };
  const write = async (forwards: SavedForward[]): Promise<void> => {
    await ensureDataDir(dataDir);
    try {
      await writeFileAtomic(path, `${JSON.stringify({ version: 1, forwards }, null, 2)}\n`, { mode: 0o600 });
    } catch (error) {
      throw ioError(`Cannot write the saved forwards ${path}: ${(error as Error).message}`, path);
    }
  };
  // One change at a time: two forwards opened together must both be kept.
  let queue: Promise<unknown> = Promise.resolve();
  const change = (edit: (forwards: SavedForward[]) => SavedForward[]): Promise<void> => {
    const next = queue.then(async () => write(edit(await read())));
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    list: async () => {
      await queue;
      return read();
    },
    remember: (spec) => {
      const savedId = savedForwardId(spec);
      const saved: SavedForward = { ...spec, savedId, savedAt: now().toISOString() };
      return change((forwards) => [saved, ...forwards.filter((f) => f.savedId !== savedId)].slice(0, MAX_SAVED));
    },
    forget: (savedId) => change((forwards) => forwards.filter((f) => f.savedId !== savedId)),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function ioError(message: string, subject: string): WorkbenchError {
  return new WorkbenchError('io', message, {
    subject,
    hint: `Check the permissions of the data folder, or point ${dataDirEnvVar} at a writable folder.`,
  });
}
