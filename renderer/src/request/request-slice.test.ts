import { describe, expect, it } from 'vitest';
import { grpcRequestSchema } from '../../../shared/collections/request';
import { connectedStore, methodNamed, testStore } from '../testing/test-store';
import { selectRequestText } from './request-slice';

describe('request slice', () => {
  it('edits the draft’s connection fields, leaving empty ones out', () => {
    const { store } = testStore();
    const state = store.getState();
    state.setTarget('api.example.com:443');
    state.setAuthority('api');
    state.setSecurity('tls');
    state.updateTls({ caFile: 'ca.pem', insecureSkipVerify: true });
    expect(store.getState().draft).toMatchObject({
      target: 'api.example.com:443',
      authority: 'api',
      tls: { mode: 'tls', caFile: 'ca.pem', insecureSkipVerify: true },
    });
    state.updateTls({ caFile: '', insecureSkipVerify: false });
    state.setAuthority('');
    expect(store.getState().draft.tls).toEqual({ mode: 'tls' });
    expect('authority' in store.getState().draft).toBe(false);
  });

  it('keeps the TLS fields while the user looks at plaintext, and brings them back', () => {
    const { store } = testStore();
    store.getState().setSecurity('tls');
    store.getState().updateTls({ certFile: 'c.pem', keyFile: 'c.key' });
    store.getState().setSecurity('plaintext');
    expect(store.getState().draft.tls).toEqual({ mode: 'plaintext' });
    store.getState().setSecurity('tls');
    expect(store.getState().draft.tls).toEqual({ mode: 'tls', certFile: 'c.pem', keyFile: 'c.key' });
    expect(store.getState().requestUi.stashedTls).toBeUndefined();
  });

  it('writes metadata rows through to the draft’s metadata map, blank rows left out', () => {
    const { store } = testStore();
    const state = store.getState();
    state.updateMetadataRow(0, { key: 'authorization', value: 'Bearer t' });
    state.addMetadataRow();
    const [, second] = store.getState().requestUi.metadataRows;
    expect(store.getState().draft.metadata).toEqual({ authorization: 'Bearer t' });
    state.updateMetadataRow(second!.id, { key: 'x-trace', value: '1' });
    expect(store.getState().draft.metadata).toEqual({ authorization: 'Bearer t', 'x-trace': '1' });
    state.removeMetadataRow(0);
    state.removeMetadataRow(second!.id);
    // The table always keeps one (blank) row to type into; the draft holds no metadata.
    expect(store.getState().requestUi.metadataRows).toHaveLength(1);
    expect('metadata' in store.getState().draft).toBe(false);
  });

  it('loads a whole request: its metadata becomes editable rows that write back to the same map', () => {
    const { store } = testStore();
    store.getState().loadDraft({
      kind: 'grpc-request',
      name: 'Get a user',
      method: 'user.v1.UserService/GetUser',
      metadata: { authorization: 'Bearer {{secret.token}}', 'x-team': 'core' },
      message: '{"id":"1"}',
    });
    const { draft, requestUi } = store.getState();
    expect(requestUi.metadataRows.map(({ key, value }) => [key, value])).toEqual([
      ['authorization', 'Bearer {{secret.token}}'],
      ['x-team', 'core'],
      ['', ''],
    ]);
    store.getState().updateMetadataRow(requestUi.metadataRows[1]!.id, { value: 'edge' });
    expect(store.getState().draft.metadata).toEqual({ authorization: 'Bearer {{secret.token}}', 'x-team': 'edge' });
    expect(draft.message).toBe('{"id":"1"}');
  });

  it('keeps the deadline as typed', () => {
    const { store } = testStore();
    store.getState().setDeadlineText('1m30s');
    expect(store.getState().draft.deadline).toBe('1m30s');
    store.getState().setDeadlineText('');
    expect('deadline' in store.getState().draft).toBe(false);
  });

  it('puts the body where a saved request of the method’s kind keeps it, and remembers it per method', async () => {
    const { store } = await connectedStore();
    await store.getState().selectMethod(methodNamed('GetUser'));
    store.getState().setRequestText('{"id":"u9"}');
    expect(store.getState().draft).toMatchObject({ method: 'user.v1.UserService/GetUser', message: '{"id":"u9"}' });

    await store.getState().selectMethod(methodNamed('Chat'));
    expect(selectRequestText(store.getState())).toBe('{}');
    store.getState().setRequestText('{"text":"hi"}');
    expect(store.getState().draft.messages).toEqual([{ json: '{"text":"hi"}' }]);
    expect('message' in store.getState().draft).toBe(false);

    await store.getState().selectMethod(methodNamed('GetUser'));
    expect(store.getState().draft.message).toBe('{"id":"u9"}');
    expect(store.getState().requestUi.bodies).toEqual({
      'user.v1.UserService/GetUser': '{"id":"u9"}',
      'user.v1.UserService/Chat': '{"text":"hi"}',
    });
  });

  it('fills the body with the method’s example, and is a valid saved request', async () => {
    const { store } = await connectedStore();
    await store.getState().selectMethod(methodNamed('GetUser'));
    store.getState().generateExample();
    expect(JSON.parse(selectRequestText(store.getState()))).toEqual({ id: 'u1' });
    store.getState().updateMetadataRow(0, { key: 'x-a', value: '1' });
    store.getState().setDeadlineText('5s');
    expect(grpcRequestSchema.parse(store.getState().draft)).toEqual(store.getState().draft);
  });

  it('keeps a request draft per method', async () => {
    const { store } = await connectedStore();
    await store.getState().selectMethod(methodNamed('GetUser'));
    store.getState().setRequestText('{"id":"u9"}');
    await store.getState().selectMethod(methodNamed('ListUsers'));
    expect(selectRequestText(store.getState())).toBe('{}');
    await store.getState().selectMethod(methodNamed('GetUser'));
    expect(selectRequestText(store.getState())).toBe('{"id":"u9"}');
  });

  it('fills the editor with the method example on demand', async () => {
    const { store } = await connectedStore();
    await store.getState().selectMethod(methodNamed('GetUser'));
    store.getState().generateExample();
    expect(JSON.parse(selectRequestText(store.getState()))).toEqual({ id: 'u1' });
  });
});
