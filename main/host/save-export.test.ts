import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseOperationParams } from '../../shared/api';
import { createFakeHostServiceFactory } from './testing/fake-service';
import { saveExport } from './save-export';

const hostInfo = { version: '1', host: 'electron' as const };
const dir = mkdtempSync(join(tmpdir(), 'save-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function startedService(choose: (name: string) => Promise<string | undefined>) {
  const inner = createFakeHostServiceFactory().factory({ emit: () => undefined, hostInfo });
  const { callId } = await inner.startCall(
    parseOperationParams('startCall', {
      callId: 'call-1',
      schemaId: 's',
      method: 'svc/M',
      connection: { target: 'x:1', tls: { mode: 'plaintext' } },
    }),
  );
  return { service: { exportMessages: ({ callId }: { callId: string }) => saveExport(inner, callId, choose) }, callId };
}

describe('saveExport', () => {
  it('copies the recorded messages to the path the user chose and says where', async () => {
    const suggested: string[] = [];
    const destination = join(dir, 'chosen.ndjson');
    const { service, callId } = await startedService(async (name) => {
      suggested.push(name);
      return destination;
    });
    const saved = await service.exportMessages({ callId });
    expect(suggested).toEqual(['svc_M.ndjson']);
    expect(saved).toMatchObject({ path: destination, count: 6 });
    expect(readFileSync(destination, 'utf8').trimEnd().split('\n')).toHaveLength(6);
    expect(Buffer.byteLength(readFileSync(destination))).toBe(saved.bytes);
  });

  it('reports a cancelled dialog and writes nothing', async () => {
    const { service, callId } = await startedService(async () => undefined);
    expect(await service.exportMessages({ callId })).toMatchObject({ cancelled: true });
  });

  it('names a destination it cannot write', async () => {
    const destination = join(dir, 'missing-folder', 'x.ndjson');
    const { service, callId } = await startedService(async () => destination);
    await expect(service.exportMessages({ callId })).rejects.toMatchObject({ kind: 'io', subject: destination });
  });
});
