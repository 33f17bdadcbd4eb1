import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** grpc-js's default port when a target names none. */
const DEFAULT_PORT = 443;

/**
 * The addresses a target resolves to, written the way grpc-js writes a call's peer
 * (`10.0.0.1:80`, `[::1]:80`), so they can be matched against the backends that answered.
 * `ipv4:`/`ipv6:` lists are taken as they are; `dns:` and plain `host:port` targets are looked up
 * (A and AAAA, like grpc-js's DNS resolver). Undefined when the target has no address list
 * (unix sockets, other schemes) or the name does not resolve — the calls then report that themselves.
 */
export async function resolveTargetAddresses(target: string): Promise<string[] | undefined> {
  const list = /^(ipv4|ipv6):(?:\/\/\/)?(.+)$/.exec(target);
  if (list) return list[2]!.split(',').map((entry) => normalizeHostPort(entry.trim()));

  const hostPort = dnsHostPort(target);
  if (hostPort === undefined) return undefined;
  const { host, port } = hostPort;
  if (isIP(host) !== 0) return [formatAddress(host, port)];
  try {
    const addresses = await lookup(host, { all: true });
    return [...new Set(addresses.map((address) => formatAddress(address.address, port)))];
  } catch {
    return undefined;
  }
}

/** `dns:///h:p`, `dns://authority/h:p`, `dns:h:p` or a plain `h:p` / `[v6]:p` / `h`; undefined for other schemes. */
function dnsHostPort(target: string): { host: string; port: number } | undefined {
  let rest: string;
  const dns = /^dns:(?:\/\/[^/]*\/)?(.+)$/.exec(target);
  if (dns) rest = dns[1]!;
  else if (/^[a-z][a-z0-9+.-]*:(?!\d+$)/i.test(target) && !/^\[/.test(target)) return undefined;
  else rest = target;
  return splitHostPort(rest);
}

function splitHostPort(text: string): { host: string; port: number } | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] === undefined ? DEFAULT_PORT : Number(bracketed[2]) };
  const parts = text.split(':');
  if (parts.length === 1) return { host: text, port: DEFAULT_PORT };
  if (parts.length === 2 && /^\d+$/.test(parts[1]!)) return { host: parts[0]!, port: Number(parts[1]) };
  // A bare IPv6 address without brackets has no port.
  return isIP(text) === 6 ? { host: text, port: DEFAULT_PORT } : undefined;
}

function normalizeHostPort(entry: string): string {
  const hostPort = splitHostPort(entry);
  return hostPort === undefined ? entry : formatAddress(hostPort.host, hostPort.port);
}

/** grpc-js's subchannelAddressToString: brackets around IPv6 hosts. */
export function formatAddress(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}
