/**
 * Copy and Save of a received message, or of one string the host kept back (ReceivedMessage.elided):
 * first through the host's `deliverMessageValue` capability, so a multi-megabyte value never becomes
 * a string in the page (browser mode: a Blob fetched from the host; Electron: main writes the
 * clipboard or the file). Where the host cannot (`unsupported`: a browser without ClipboardItem,
 * an in-process client), the page fetches the values and builds the same text itself.
 */
import type { MessageValueDelivery, MessageValueDestination, ReceivedMessage } from '../../../shared/api';
import { receivedMessageToNdjsonLine, valueAtPath } from '../../../shared/api';
import { nextTask } from '../ui/next-task';

type Path = (string | number)[];

/** A received message's values as the host holds them whole. */
export interface ReceivedValues {
  fetch(path: Path): Promise<string>;
  deliver(path: Path, to: MessageValueDestination): Promise<MessageValueDelivery>;
}

/**
 * Copies `JSON.stringify(message.json, null, 2)` of the whole message, every value the host kept
 * back in its place (an undecodable message: its NDJSON line).
 */
export async function copyReceivedMessage(message: ReceivedMessage, values: ReceivedValues): Promise<void> {
  if (message.json === undefined) return writeClipboard(receivedMessageToNdjsonLine(message));
  if (message.elided === undefined || message.elided.length === 0)
    return writeClipboard(JSON.stringify(message.json, null, 2));
  if ((await values.deliver([], 'clipboard')) !== 'unsupported') return;
  await writeClipboard(await wholeMessageText(message, values.fetch));
}

/**
 * Copies or saves one long string: through `deliver` where the host can, otherwise `whole()` (the
 * string the page has, or the value fetched) written from the page.
 */
export async function handOverValue(
  to: MessageValueDestination,
  whole: () => Promise<string>,
  deliver?: (to: MessageValueDestination) => Promise<MessageValueDelivery>,
): Promise<MessageValueDelivery> {
  const delivered = deliver === undefined ? 'unsupported' : await deliver(to);
  if (delivered !== 'unsupported') return delivered;
  const value = await whole();
  if (to === 'clipboard') await writeClipboard(value);
  else {
    await nextTask();
    saveInPage(value);
  }
  return 'delivered';
}

async function writeClipboard(text: string): Promise<void> {
  await nextTask();
  await navigator.clipboard?.writeText(text);
}

function saveInPage(value: string): void {
  const url = URL.createObjectURL(new Blob([value], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'value.txt';
  link.click();
  URL.revokeObjectURL(url);
}

/**
 * The page's own text of the whole message: every value the host kept back fetched and put in its
 * place. Each value goes in as it is when nothing in it needs escaping (base64 never does):
 * stringifying a multi-megabyte string again would scan and copy it in one long task.
 */
async function wholeMessageText(
  message: ReceivedMessage,
  fetchValue: (path: Path) => Promise<string>,
): Promise<string> {
  const json = structuredClone(message.json) as Record<string | number, unknown>;
  const placeholders = new Map<string, string>();
  for (const { path } of message.elided ?? []) {
    const value = await fetchValue(path);
    await nextTask();
    const placeholder = crypto.randomUUID();
    placeholders.set(JSON.stringify(placeholder), (await isPlainAscii(value)) ? `"${value}"` : JSON.stringify(value));
    const parent = valueAtPath(json, path.slice(0, -1)) as Record<string | number, unknown>;
    parent[path.at(-1)!] = placeholder;
  }
  await nextTask();
  let text = JSON.stringify(json, null, 2);
  for (const [placeholder, quoted] of placeholders) text = text.replace(placeholder, () => quoted);
  return text;
}

/** Printable ASCII but `"` and `\`: what JSON.stringify writes as it is. */
const plainAscii = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
/** Checked a megabyte per task: a 14 MB string at once is a task of tens of milliseconds. */
const checkedPerTask = 1 << 20;

async function isPlainAscii(value: string): Promise<boolean> {
  for (let at = 0; at < value.length; at += checkedPerTask) {
    if (!plainAscii.test(value.slice(at, at + checkedPerTask))) return false;
    await nextTask();
  }
  return true;
}
