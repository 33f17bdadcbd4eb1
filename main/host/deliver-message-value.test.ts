import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WorkbenchEvent } from '../../shared/api';
import { parseOperationParams } from '../../shared/api';
import { createEngineService } from '../engine/index';
import type { TestServer } from '../engine/testing/test-server';
import { startTestServer } from '../engine/testing/test-server';
import { deliverMessageValue } from './deliver-message-value';

// The Electron host's way, against the real engine and a real gRPC server: the value goes from
// the call's recording to the clipboard or a file, never through a page.
let grpcServer: TestServer;
let service: ReturnType<typeof createEngineService>;
const events: WorkbenchEvent[] = [];
const dir = mkdtempSync(join(tmpdir(), 'deliver-message-value-'));
const text = `say "hi"\n— é ${'x'.repeat(70_000)}`;

beforeAll(async () => {
  grpcServer = await startTestServer();
  service = createEngineService({ emit: (event) => events.push(event), hostInfo: { version: 't', host: 'electron' } });
  const connection = { target: grpcServer.target, tls: { mode: 'plaintext' as const } };
  const { schemaId } = await service.loadSchema(
    parseOperationParams('loadSchema', { sources: [{ kind: 'reflection', connection }] }),
  );
  await service.startCall(
    parseOperationParams('startCall', {
      callId: 'call-1',
      schemaId,
      method: 'workbench.testing.v1.EchoService/Echo',
      connection,
      messages: [JSON.stringify({ text })],
    }),
  );
  await vi.waitFor(
    () => {
      if (!events.some((event) => event.type === 'call-end')) throw new Error('the call has not ended yet');
    },
    { timeout: 10_000 },
  );
});

afterAll(async () => {
  await service.dispose();
  await grpcServer.close();
  rmSync(dir, { recursive: true, force: true });
});

function outlets(destination: string | undefined) {
  const clipboard: string[] = [];
  const asked: [string, string][] = [];
  return {
    clipboard,
    asked,
    writeClipboardText: (value: string) => void clipboard.push(value),
    chooseSavePath: async (name: string, title: string) => {
      asked.push([name, title]);
      return destination;
    },
  };
}

describe('deliverMessageValue (Electron main)', () => {
  it('writes the whole message, as the page copies it, to the clipboard', async () => {
    const to = outlets(undefined);
    expect(await deliverMessageValue(service, { callId: 'call-1', index: 0, path: [] }, 'clipboard', to)).toBe(
      'delivered',
    );
    const received = events.find((event) => event.type === 'call-messages');
    const json = received?.type === 'call-messages' ? received.messages[0]!.json : undefined;
    expect(to.clipboard).toEqual([JSON.stringify(json, null, 2)]);
    expect(JSON.parse(to.clipboard[0]!)).toMatchObject({ text });
    expect(to.asked).toEqual([]);
  });

  it('saves one value where the user chose, exactly, and nothing when they cancel', async () => {
    const destination = join(dir, 'chosen.txt');
    const to = outlets(destination);
    expect(await deliverMessageValue(service, { callId: 'call-1', index: 0, path: ['text'] }, 'file', to)).toBe(
      'delivered',
    );
    expect(to.asked).toEqual([['value.txt', 'Save value']]);
    expect(readFileSync(destination, 'utf8')).toBe(text);
    const cancelled = outlets(undefined);
    expect(await deliverMessageValue(service, { callId: 'call-1', index: 0, path: [] }, 'file', cancelled)).toBe(
      'cancelled',
    );
    expect(cancelled.asked).toEqual([['message-0.json', 'Save message']]);
  });

  it('says what is wrong with what the page asked for', async () => {
    const to = outlets(undefined);
    await expect(
      deliverMessageValue(service, { callId: 'call-9', index: 0, path: [] }, 'clipboard', to),
    ).rejects.toMatchObject({ kind: 'not_found', message: 'There are no recorded messages of call call-9.' });
    await expect(
      deliverMessageValue(service, { callId: 'call-1', index: 0, path: 'text' }, 'clipboard', to),
    ).rejects.toMatchObject({ kind: 'bad_input', subject: 'path' });
    await expect(
      deliverMessageValue(service, { callId: 'call-1', index: 0, path: [] }, 'printer', to),
    ).rejects.toMatchObject({
      kind: 'bad_input',
      message: 'A value is delivered to "clipboard" or "file", not "printer".',
    });
    expect(to.clipboard).toEqual([]);
  });
});
