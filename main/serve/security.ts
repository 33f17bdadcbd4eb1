/**
 * The locks of browser mode (docs/architecture.md, "Security"), as pure functions over request headers so they can be
 * applied identically to every HTTP request and every WebSocket upgrade. The model is Jupyter and
 * code-server: a random per-start token (URL once, then an HttpOnly cookie), and `Host`/`Origin`
 * checks so DNS-rebinding and cross-site pages get nothing.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison that also hides the length (both sides are hashed first). */
export function tokensEqual(candidate: string, token: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(candidate), digest(token));
}

/** Cookies ignore ports, so the name carries it: two servers on one machine keep their own tokens. */
export function tokenCookieName(port: number): string {
  return `grpc-workbench-token-${port}`;
}

export function tokenCookie(port: number, token: string): string {
  return `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}

export function readBearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

export interface HostPolicy {
  port: number;
  /** The address the server listens on. */
  bindHost: string;
  allowRemote: boolean;
}

/** The `Host` header values this server answers to: its loopback names and its bind address on its port. */
export function isAllowedHostHeader(hostHeader: string | undefined, policy: HostPolicy): boolean {
  if (!hostHeader) return false;
  const host = hostHeader.toLowerCase();
  const { port, bindHost } = policy;
  if (isWildcardHost(bindHost)) {
    // Listening on every interface (only with allowRemote): any name reaching our port may be legitimate; the token still guards.
    return policy.allowRemote ? host.endsWith(`:${port}`) : false;
  }
  const bind = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${bind.toLowerCase()}:${port}`].includes(host);
}

export type AccessDecision = { allowed: true } | { allowed: false; status: 401 | 403; reason: string };

/**
 * Host, then Origin, then the token. An absent Origin is fine (same-origin navigations and
 * non-browser clients send none; the token still decides); a present one must be our own origin.
 */
export function decideAccess(headers: IncomingHttpHeaders, policy: HostPolicy, token: string): AccessDecision {
  if (!isAllowedHostHeader(headers.host, policy))
    return { allowed: false, status: 403, reason: 'unexpected Host header' };
  const origin = headers.origin;
  if (origin !== undefined && origin !== `http://${headers.host}`) {
    return { allowed: false, status: 403, reason: 'request from another origin' };
  }
  const presented = readCookie(headers.cookie, tokenCookieName(policy.port)) ?? readBearer(headers.authorization);
  if (presented === undefined || !tokensEqual(presented, token))
    return { allowed: false, status: 401, reason: 'missing or wrong token' };
  return { allowed: true };
}

/**
 * The page may run only our own scripts and talk only to our own host. Monaco needs blob: workers
 * and injects inline styles; everything else stays closed.
 */
export function contentSecurityPolicy(hostHeader: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ws://${hostHeader}`,
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Headers every response carries, data or refusal. */
export function securityHeaders(hostHeader: string): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(hostHeader),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
