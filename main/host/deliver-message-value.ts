/**
 * The host capability behind `client.deliverMessageValue` where the host process reaches the
 * clipboard and the disk itself (Electron, which has no HTTP server for the page to fetch from):
 * the value is read from the call's recording and written to the clipboard, or to the file the
 * user chooses, and never crosses to the page. Browser mode needs none of this: its page fetches
 * the value URL (main/serve/message-value-route.ts).
 */
import { writeFile } from 'node:fs/promises';
import type { MessageValueDelivery, WorkbenchApi } from '../../shared/api';
import { checkOperationParams, messageValueFileName, WorkbenchError } from '../../shared/api';
import type { ChooseSavePath } from './capabilities';

/** Where the host puts a value. */
export interface MessageValueOutlets {
  /** The system clipboard's text (Electron's `clipboard.writeText`). */
  writeClipboardText(text: string): void;
  chooseSavePath: ChooseSavePath;
}

/** `value` and `to` are as the page sent them: checked here, at the host's door. */
export async function deliverMessageValue(
  service: Pick<WorkbenchApi, 'fetchMessageValue'>,
  value: unknown,
  to: unknown,
  outlets: MessageValueOutlets,
): Promise<MessageValueDelivery> {
  if (to !== 'clipboard' && to !== 'file') {
    throw new WorkbenchError('bad_input', `A value is delivered to "clipboard" or "file", not ${JSON.stringify(to)}.`, {
      subject: 'to',
    });
  }
  const ref = checkOperationParams('fetchMessageValue', value);
  const text = (await service.fetchMessageValue(ref)).value;
  if (to === 'clipboard') {
    outlets.writeClipboardText(text);
    return 'delivered';
  }
  const destination = await outlets.chooseSavePath(
    messageValueFileName(ref),
    ref.path.length === 0 ? 'Save message' : 'Save value',
  );
  if (destination === undefined) return 'cancelled';
  try {
    await writeFile(destination, text);
  } catch (error) {
    throw new WorkbenchError('io', `Could not save the value to ${destination}: ${(error as Error).message}`, {
      subject: destination,
      hint: 'Choose a folder you can write to.',
    });
  }
  return 'delivered';
}
