/**
 * The host capability behind `client.saveExport(callId)` where the host has a native save dialog
 * (Electron): the engine recorded the messages to a temp file; the host asks where to save it and
 * copies it there. Browser mode needs none of this: the page downloads the export URL.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { MessagesExport, WorkbenchApi } from '../../shared/api';
import { WorkbenchError } from '../../shared/api';
import type { ChooseSavePath } from './capabilities';

export async function saveExport(
  service: Pick<WorkbenchApi, 'exportMessages'>,
  callId: string,
  chooseSavePath: ChooseSavePath,
): Promise<MessagesExport> {
  const exported = await service.exportMessages({ callId });
  const destination = await chooseSavePath(exported.fileName, 'Export all messages');
  if (destination === undefined) return { ...exported, cancelled: true };
  await copyExport(exported, destination);
  return { ...exported, path: destination };
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
    throw new WorkbenchError('io', `Could not save the messages to ${destination}: ${(error as Error).message}`, {
      subject: destination,
      hint: 'Choose a folder you can write to.',
    });
  }
}
