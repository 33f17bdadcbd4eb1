import { describe, expect, it } from 'vitest';
import { operationParams } from './index';
import { badInputFromZod, formatFieldPath } from './wire';

describe('wire helpers', () => {
  it('formats field paths the way the request editor shows them', () => {
    expect(formatFieldPath(['connection', 'target'])).toBe('connection.target');
    expect(formatFieldPath(['messages', 2])).toBe('messages[2]');
    expect(formatFieldPath([0, 'key'])).toBe('[0].key');
    expect(formatFieldPath([])).toBe('');
  });

  it('turns a params validation failure into bad_input naming the field', () => {
    const parsed = operationParams.startCall.safeParse({
      callId: 'c1',
      schemaId: 's',
      method: 'm',
      connection: { target: 't', tls: { mode: 'plaintext' } },
      metadata: [{ key: '', value: 'v' }],
    });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const error = badInputFromZod('startCall', parsed.error);
    expect(error).toMatchObject({ kind: 'bad_input', subject: 'metadata[0].key' });
    expect(error.message).toMatch(/^Invalid parameters for startCall: metadata\[0\]\.key: /);
  });
});
