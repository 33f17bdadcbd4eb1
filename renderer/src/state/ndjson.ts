import type { ReceivedMessage } from '../../../shared/api/contract';

/**
 * One JSON line per message: the decoded message itself, or — for a message that could not be
 * decoded — an object with its index, bytes and the decode error, so nothing is silently dropped.
 */
export function messageToJsonLine(message: ReceivedMessage): string {
  if (message.json !== undefined) return JSON.stringify(message.json);
  return JSON.stringify({ index: message.index, bytesBase64: message.bytesBase64 ?? '', decodeError: message.decodeError ?? 'not decoded' });
}

export function messagesToNdjson(messages: readonly ReceivedMessage[]): string {
  let text = '';
  for (const message of messages) text += `${messageToJsonLine(message)}\n`;
  return text;
}
