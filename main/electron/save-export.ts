/**
 * Electron's "export all messages": the engine recorded them to a temp file; the main process asks
 * where to save it (a native save dialog) and copies it there. The renderer only calls the op.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { MessagesExport } from '../../shared/api/contract';
import { EngineError } from '../engine/errors';
import type { HostedService } from '../serve/host-service';

/** Asks the user where to save; undefined when they cancelled. */
export type ChooseSavePath = (suggestedFileName: string) => Promise<string | undefined>;

export function withExportSaving(service: HostedService, chooseSavePath: ChooseSavePath): HostedService {
  return {
    ...service,
    exportMessages: async (params) => {
      const exported = await service.exportMessages(params);
      const destination = await chooseSavePath(exported.fileName);
      if (destination === undefined) return { ...exported, cancelled: true };
      await copyExport(exported, destination);
      return { ...exported, path: destination };
    },
  };
}

/** Copies exactly the exported bytes: a running call keeps appending past them. */
async function copyExport(exported: MessagesExport, destination: string): Promise<void> {
  try {
    if (exported.bytes === 0) await writeFile(destination, '');
    else
      await pipeline(
        createReadStream(exported.path, { start: 0, end: exported.bytes - 1 }),
        createWriteStream(destination),
      );
  } catch (error) {
    throw new EngineError('io', `Could not save the messages to ${destination}: ${(error as Error).message}`, {
      subject: destination,
      hint: 'Choose a folder you can write to.',
    });
  }
}
