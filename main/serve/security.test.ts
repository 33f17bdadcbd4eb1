import { describe, expect, it } from 'vitest';
import {
  createToken,
  decideAccess,
  isAllowedHostHeader,
  isLoopbackHost,
  readBearer,
  readCookie,
  tokenCookieName,
  tokensEqual,
} from './security';

const policy = { port: 4321, bindHost: '127.0.0.1', allowRemote: false };
const token = createToken();
const cookie = `other=1; ${tokenCookieName(4321)}=${token}`;

describe('browser-mode access rules', () => {
  it('makes distinct 256-bit tokens and compares them exactly', () => {
    const other = createToken();
    expect(other).not.toBe(token);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(tokensEqual(token, token)).toBe(true);
    expect(tokensEqual(token.slice(0, -1), token)).toBe(false);
    expect(tokensEqual('', token)).toBe(false);
  });

  it('reads the token from its cookie or a Bearer header', () => {
    expect(readCookie(cookie, tokenCookieName(4321))).toBe(token);
    expect(readCookie(cookie, tokenCookieName(4322))).toBeUndefined();
    expect(readBearer(`Bearer ${token}`)).toBe(token);
    expect(readBearer(`Basic ${token}`)).toBeUndefined();
  });

  it('answers only to its loopback names on its own port', () => {
    for (const host of ['127.0.0.1:4321', 'localhost:4321', 'LOCALHOST:4321', '[::1]:4321'])
      expect(isAllowedHostHeader(host, policy), host).toBe(true);
    for (const host of ['127.0.0.1:80', 'evil.example:4321', '127.0.0.1', 'localhost.evil.example:4321', undefined]) {
      expect(isAllowedHostHeader(host, policy), String(host)).toBe(false);
    }
    expect(isAllowedHostHeader('127.0.0.5:4321', { ...policy, bindHost: '127.0.0.5' })).toBe(true);
    const remote = { port: 4321, bindHost: '10.0.0.5', allowRemote: true };
    expect(isAllowedHostHeader('10.0.0.5:4321', remote)).toBe(true);
    expect(isAllowedHostHeader('10.0.0.6:4321', remote)).toBe(false);
  });

  it('knows loopback hosts', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.1', '127.0.0.1.evil.example'].some(isLoopbackHost)).toBe(false);
  });

  it('decides Host, then Origin, then token', () => {
    const ok = { host: '127.0.0.1:4321', cookie };
    expect(decideAccess(ok, policy, token)).toEqual({ allowed: true });
    expect(decideAccess({ ...ok, origin: 'http://127.0.0.1:4321' }, policy, token)).toEqual({ allowed: true });
    expect(decideAccess({ ...ok, origin: 'http://localhost:4321' }, policy, token)).toMatchObject({ status: 403 });
    expect(decideAccess({ ...ok, origin: 'null' }, policy, token)).toMatchObject({ status: 403 });
    expect(decideAccess({ ...ok, host: 'evil.example:4321' }, policy, token)).toMatchObject({ status: 403 });
    expect(decideAccess({ host: '127.0.0.1:4321' }, policy, token)).toMatchObject({ status: 401 });
    expect(decideAccess({ host: '127.0.0.1:4321', authorization: `Bearer ${token}` }, policy, token)).toEqual({
      allowed: true,
    });
  });
});
