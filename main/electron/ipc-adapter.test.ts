import { describe, expect, it } from 'vitest';
import type { WorkbenchEvent } from '../../shared/api';
import {
  deliverMessageValueChannel,
  eventChannel,
  operationChannel,
  operationNames,
  saveExportChannel,
} from '../../shared/api/ipc';
import { createFakeHostServiceFactory } from '../host/testing/fake-service';
import { appPageUrl } from './app-protocol';
import type { InvokeSender, IpcMainLike, WebContentsLike } from './ipc-adapter';
import { attachWorkbenchIpc, isTrustedSender } from './ipc-adapter';

type Handler = (event: InvokeSender, ...args: unknown[]) => unknown;

/** Plain-object fakes of the ipcMain / webContents surface the adapter uses. */
function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle(channel: string, listener: Handler) {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler(channel: string) {
      handlers.delete(channel);
    },
  };
  return { ipcMain: ipcMain as unknown as IpcMainLike, handlers };
}

function fakeWebContents() {
  const sent: { channel: string; args: unknown[] }[] = [];
  let destroyed = false;
  const webContents = {
    send(channel: string, ...args: unknown[]) {
      sent.push({ channel, args });
    },
    isDestroyed: () => destroyed,
  };
  return { webContents: webContents as WebContentsLike, sent, destroy: () => (destroyed = true) };
}

const hostInfo = { version: '9.9.9', host: 'electron' as const };

function setup() {
  const { ipcMain, handlers } = fakeIpcMain();
  const window = fakeWebContents();
  const fake = createFakeHostServiceFactory();
  const chosen: string[] = [];
  const clipboard: string[] = [];
  const ipc = attachWorkbenchIpc({
    ipcMain,
    webContents: window.webContents,
    createService: fake.factory,
    hostInfo,
    chooseSavePath: async (name) => {
      chosen.push(name);
      return undefined;
    },
    writeClipboardText: (text) => void clipboard.push(text),
  });
  const fromWindow: InvokeSender = { sender: window.webContents, senderFrame: { url: appPageUrl, parent: null } };
  const invoke = (op: string, params: unknown, event: InvokeSender = fromWindow) => {
    const handler = handlers.get(`workbench:op:${op}`);
    if (!handler) throw new Error(`no handler for ${op}`);
    return handler(event, params);
  };
  return { ipc, handlers, window, fake, invoke, fromWindow, chosen, clipboard };
}

describe('isTrustedSender', () => {
  const { webContents } = fakeWebContents();
  it('trusts only the main frame of our window showing our page', () => {
    expect(isTrustedSender({ sender: webContents, senderFrame: { url: appPageUrl, parent: null } }, webContents)).toBe(
      true,
    );
    expect(
      isTrustedSender({ sender: webContents, senderFrame: { url: 'app://workbench/', parent: null } }, webContents),
    ).toBe(true);
  });

  it('refuses other windows, iframes, other pages and gone frames', () => {
    const other = fakeWebContents().webContents;
    expect(isTrustedSender({ sender: other, senderFrame: { url: appPageUrl, parent: null } }, webContents)).toBe(false);
    expect(isTrustedSender({ sender: webContents, senderFrame: { url: appPageUrl, parent: {} } }, webContents)).toBe(
      false,
    );
    for (const url of [
      'https://evil.example/',
      'file:///work/dist/renderer/index.html',
      'app://other/index.html',
      'app://workbench/assets/x.html',
      'not a url',
    ]) {
      expect(isTrustedSender({ sender: webContents, senderFrame: { url, parent: null } }, webContents), url).toBe(
        false,
      );
    }
    expect(isTrustedSender({ sender: webContents, senderFrame: null }, webContents)).toBe(false);
  });
});

describe('attachWorkbenchIpc', () => {
  it('registers one handler per operation on the shared channel names, plus the host capabilities', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual(
      [...operationNames.map(operationChannel), saveExportChannel, deliverMessageValueChannel].sort(),
    );
  });

  it('delivers a message value in main for our window only, its params checked, failures as data', async () => {
    const { handlers, fromWindow, fake, clipboard } = setup();
    const deliver = handlers.get(deliverMessageValueChannel)!;
    const value = { callId: 'call-1', index: 0, path: ['avatar'] };
    expect(await deliver(fromWindow, value, 'clipboard')).toMatchObject({
      error: { kind: 'not_found', message: 'No call with that id' },
    });
    expect(fake.recorder.calls).toEqual([{ op: 'fetchMessageValue', params: value }]);
    expect(await deliver(fromWindow, { ...value, index: -1 }, 'clipboard')).toMatchObject({
      error: { kind: 'bad_input', subject: 'index' },
    });
    expect(await deliver(fromWindow, value, 'printer')).toMatchObject({ error: { kind: 'bad_input', subject: 'to' } });
    const stranger = { sender: fakeWebContents().webContents, senderFrame: { url: appPageUrl, parent: null } };
    expect(await deliver(stranger, value, 'clipboard')).toMatchObject({ error: { kind: 'bad_input' } });
    expect(fake.recorder.calls).toHaveLength(1);
    expect(clipboard).toEqual([]);
  });

  it('saves an export through the host save dialog, for our window only', async () => {
    const { invoke, handlers, fromWindow, chosen } = setup();
    await invoke('startCall', {
      callId: 'call-1',
      schemaId: 's',
      method: 'svc/M',
      connection: { target: 't:1', tls: { mode: 'plaintext' } },
    });
    const saveExport = handlers.get(saveExportChannel)!;
    expect(await saveExport(fromWindow, 'call-1')).toMatchObject({ result: { cancelled: true, count: 6 } });
    expect(chosen).toEqual(['svc_M.ndjson']);
    const stranger = { sender: fakeWebContents().webContents, senderFrame: { url: appPageUrl, parent: null } };
    expect(await saveExport(stranger, 'call-1')).toMatchObject({ error: { kind: 'bad_input' } });
  });

  it('runs operations for our window with validated params, failures as data', async () => {
    const { invoke, fake } = setup();
    expect(await invoke('hostInfo', undefined)).toEqual({ result: hostInfo });
    expect(await invoke('halfClose', { callId: '' })).toMatchObject({
      error: { kind: 'bad_input', subject: 'callId' },
    });
    expect(await invoke('cancelCall', { callId: 'c9' })).toMatchObject({
      error: { kind: 'not_found', hint: 'It may have ended already.' },
    });
    expect(await invoke('describeMethod', { schemaId: 's', method: 'm' })).toMatchObject({
      error: { kind: 'internal', message: 'a bug escaped the engine' },
    });
    expect(fake.recorder.calls.map((c) => c.op)).toEqual(['hostInfo', 'cancelCall', 'describeMethod']);
  });

  it('refuses calls from anything but our window without touching the service', async () => {
    const { invoke, fake } = setup();
    const stranger = fakeWebContents().webContents;
    const outcome = await invoke('startCall', {}, { sender: stranger, senderFrame: { url: appPageUrl, parent: null } });
    expect(outcome).toMatchObject({
      error: { kind: 'bad_input', message: expect.stringContaining('did not come from the gRPC Workbench window') },
    });
    expect(fake.recorder.calls).toEqual([]);
  });

  it('sends service events to the window in batches on the event channel', async () => {
    const { invoke, window } = setup();
    expect(
      await invoke('startCall', {
        callId: 'call-1',
        schemaId: 's',
        method: 'svc/M',
        connection: { target: 't:1', tls: { mode: 'plaintext' } },
      }),
    ).toEqual({
      result: { callId: 'call-1' },
    });
    await expect.poll(() => window.sent.length).toBe(1);
    const [batch] = window.sent;
    expect(batch?.channel).toBe(eventChannel);
    const events = batch?.args[0] as WorkbenchEvent[];
    expect(events.map((e) => e.type)).toEqual(['call-started', 'call-messages', 'call-messages']);
  });

  it('stops sending once the window is destroyed, and dispose removes handlers and the service', async () => {
    const { invoke, window, ipc, handlers, fake } = setup();
    window.destroy();
    await invoke('startCall', {
      callId: 'call-1',
      schemaId: 's',
      method: 'svc/M',
      connection: { target: 't:1', tls: { mode: 'plaintext' } },
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(window.sent).toEqual([]);
    await ipc.dispose();
    expect(handlers.size).toBe(0);
    expect(fake.recorder.disposed).toBe(1);
  });
});
