import { describe, expect, it } from 'vitest';
import { ELIDE_STRING_CHARS, ELIDED_HEAD_CHARS, type WorkbenchEvent } from '../../shared/api';
import { createFakeServiceFactory } from '../../shared/api/testing/fake-service';
import { openHostSession } from './session';
import type { ServiceFactory } from './service-factory';

describe('host session', () => {
  it('keeps huge strings of received messages in the host: the page gets their head and where they were', async () => {
    const avatar = 'A'.repeat(ELIDE_STRING_CHARS + 1);
    const { factory } = createFakeServiceFactory();
    // A service whose call receives one message with a huge field and one without.
    const createService: ServiceFactory = (context) => ({
      ...factory(context),
      startCall: async ({ callId }) => {
        context.emit({
          type: 'call-messages',
          callId,
          messages: [
            { index: 0, json: { id: 'u1', avatar }, sizeBytes: avatar.length, receivedMs: 1 },
            { index: 1, json: { id: 'u2' }, sizeBytes: 4, receivedMs: 2 },
          ],
        });
        return { callId };
      },
    });
    const delivered: WorkbenchEvent[] = [];
    const session = openHostSession({
      createService,
      hostInfo: { version: 'test', host: 'browser' },
      deliver: (events) => void delivered.push(...events),
    });
    try {
      const outcome = await session.dispatch('startCall', {
        callId: 'c1',
        schemaId: 's',
        method: 'user.v1.UserService/GetUser',
        connection: { target: '127.0.0.1:1', tls: { mode: 'plaintext' } },
      });
      expect(outcome).toEqual({ result: { callId: 'c1' } });
      await expect.poll(() => delivered.length).toBe(1);
      const [event] = delivered;
      expect(event?.type === 'call-messages' && event.messages).toEqual([
        {
          index: 0,
          json: { id: 'u1', avatar: 'A'.repeat(ELIDED_HEAD_CHARS) },
          elided: [{ path: ['avatar'], length: avatar.length }],
          sizeBytes: avatar.length,
          receivedMs: 1,
        },
        { index: 1, json: { id: 'u2' }, sizeBytes: 4, receivedMs: 2 },
      ]);
    } finally {
      await session.dispose();
    }
  });
});
