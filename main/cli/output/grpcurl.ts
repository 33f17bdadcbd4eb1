import type { CallStatus, MetadataJson, ReceivedMessage } from '../../../shared/api';
import { goCodeName } from './go-code-names';
import { writeIndentedJson } from './json-writer';

/**
 * grpcurl's text output, byte for byte where it matters to scripts: each response message as
 * 2-space-indented JSON followed by a newline, `-v` sections introduced by a blank line, metadata
 * as sorted `name: value` lines (`(empty)` when there is none), and the `ERROR:` block on stderr.
 */

export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** grpcurl's MetadataToString: keys sorted, one `key: value` line per value, `-bin` values base64. */
export function formatMetadata(metadata: MetadataJson): string {
  const keys = Object.keys(metadata).sort();
  const lines = keys.flatMap((key) => (metadata[key] ?? []).map((value) => `${key}: ${value}`));
  return lines.length === 0 ? '(empty)' : lines.join('\n');
}

/** A `-v` section: blank line, title, body. */
export function formatSection(title: string, body: string): string {
  return `\n${title}:\n${body}\n`;
}

export function writeResponseMessage(message: ReceivedMessage, verbosity: number, write: (text: string) => void): void {
  let text = '';
  if (verbosity > 1) text += `\nEstimated response size: ${message.sizeBytes} bytes\n`;
  if (verbosity > 0) text += '\nResponse contents:\n';
  if (message.decodeError !== undefined || message.json === undefined) {
    // The call goes on; show what arrived so the user can decode it by other means.
    write(
      `${text}Failed to decode response message ${message.index + 1}: ${message.decodeError ?? 'no data'}\n  bytes (base64): ${message.bytesBase64 ?? ''}\n`,
    );
    return;
  }
  if (text !== '') write(text);
  // In pieces, not one string: a big `bytes` field is a multi-megabyte string (json-writer.ts).
  writeIndentedJson(message.json, write);
  write('\n');
}

export function formatCallSummary(sent: number, received: number): string {
  return `Sent ${sent} request${sent === 1 ? '' : 's'} and received ${received} response${received === 1 ? '' : 's'}\n`;
}

/** grpcurl's PrintStatus for a non-OK status; details are indented under a `  1)\t` prefix. */
export function formatStatusError(status: Pick<CallStatus, 'code' | 'message' | 'details'>): string {
  let text = `ERROR:\n  Code: ${goCodeName(status.code)}\n  Message: ${status.message}\n`;
  if (status.details.length === 0) return text;
  text += '  Details:\n';
  status.details.forEach((detail, i) => {
    const prefix = `  ${i + 1})`;
    const continuation = `${' '.repeat(prefix.length)}\t`;
    const lines = formatJson(detail).split('\n');
    text += `${prefix}\t${lines.map((line, lineIndex) => (lineIndex === 0 ? line : continuation + line)).join('\n')}\n`;
  });
  return text;
}

/** -format-error: the status as google.rpc.Status JSON (what grpcurl prints with that flag). */
export function formatStatusAsJson(status: Pick<CallStatus, 'code' | 'message' | 'details'>): string {
  // proto3 JSON leaves out empty fields, as grpcurl's formatter does.
  const document: Record<string, unknown> = { code: status.code };
  if (status.message !== '') document.message = status.message;
  if (status.details.length > 0) document.details = status.details;
  return `${formatJson(document)}\n`;
}
