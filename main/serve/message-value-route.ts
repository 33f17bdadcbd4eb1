/**
 * `GET /message-value/<callId>/<index>[?path=<JSON array>]` (shared/api `messageValueUrlPath`):
 * fetchMessageValue's text of a recorded message — the whole message's proto3 JSON, 2-space
 * indented, or one value of it — as a UTF-8 text file. The page hands the response to the clipboard
 * as a Blob (a ClipboardItem) and downloads it for Save value, so a 14 MB value never becomes a
 * string in the page. The request passes the same token/Host/Origin checks as every other
 * (server.ts checks before routing here).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MessageValueRef, WorkbenchError } from '../../shared/api';
import { messageValueFileName } from '../../shared/api';

const valuePath = /^\/message-value\/([A-Za-z0-9_-]{1,100})\/(\d{1,15})$/;

/**
 * The value a URL names, unchecked (fetchMessageValue's params schema checks it), or undefined for
 * any other path. A `path` that is not JSON stays the text it is, for that check to name.
 */
export function messageValueRequestOf(url: URL): { callId: string; index: number; path: unknown } | undefined {
  const match = valuePath.exec(url.pathname);
  if (!match) return undefined;
  const path = url.searchParams.get('path');
  return { callId: match[1]!, index: Number(match[2]), path: path === null ? [] : parseJsonOrText(path) };
}

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function sendMessageValue(
  request: IncomingMessage,
  response: ServerResponse,
  ref: MessageValueRef,
  value: string,
): void {
  const body = Buffer.from(value, 'utf8');
  response.writeHead(200, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': body.length,
    'Content-Disposition': `attachment; filename="${messageValueFileName(ref)}"`,
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

/** A failed fetchMessageValue as an HTTP status and a text a person reads: the error's message and hint. */
export function messageValueFailure(failure: WorkbenchError): { status: 400 | 404 | 500; text: string } {
  const status = failure.kind === 'bad_input' ? 400 : failure.kind === 'not_found' ? 404 : 500;
  return { status, text: `${failure.message}\n${failure.hint === undefined ? '' : `${failure.hint}\n`}` };
}
