/**
 * `GET /export/<callId>.ndjson`: every recorded message of a call as a file download. Browser mode
 * needs the content, not a host path; the request passes the same token/Host/Origin checks as
 * every other (server.ts checks before routing here) and the page triggers it with a same-origin link.
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MessagesExport } from '../../shared/api';
import { WorkbenchError } from '../../shared/api';
import type { HostedService } from '../host/service-factory';

const exportPath = /^\/export\/([A-Za-z0-9_-]{1,100})\.ndjson$/;

/** The call id of an export URL path, or undefined for any other path. */
export function exportCallIdOf(pathname: string): string | undefined {
  return exportPath.exec(pathname)?.[1];
}

/**
 * The live session's service (one per tab) that recorded the call, with its export so far: each
 * tab picks random ids, so at most one knows it.
 */
export async function findRecording(
  services: Iterable<HostedService>,
  callId: string,
): Promise<{ service: HostedService; exported: MessagesExport } | undefined> {
  for (const service of services) {
    try {
      return { service, exported: await service.exportMessages({ callId }) };
    } catch (error) {
      if (!(error instanceof WorkbenchError && error.kind === 'not_found')) throw error;
    }
  }
  return undefined;
}

/** What a route answers for a call no open tab recorded. */
export function noRecordingText(callId: string): string {
  return `No recorded messages of call ${callId}: only recent calls of an open workbench tab keep theirs.\n`;
}

/** Streams the first `bytes` bytes of the file: a running call keeps appending past them. */
export function sendExport(request: IncomingMessage, response: ServerResponse, exported: MessagesExport): void {
  response.writeHead(200, {
    'Content-Type': 'application/x-ndjson; charset=utf-8',
    'Content-Length': exported.bytes,
    'Content-Disposition': `attachment; filename="${exported.fileName.replace(/["\\]/g, '_')}"`,
  });
  if (request.method === 'HEAD' || exported.bytes === 0) return void response.end();
  createReadStream(exported.path, { start: 0, end: exported.bytes - 1 })
    .on('error', () => response.destroy())
    .pipe(response);
}
