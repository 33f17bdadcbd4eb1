/** `host:port` strings as grpc-js targets spell them: IPv6 hosts in brackets. */

export function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Splits `host:port` or `[v6]:port`. */
export function parseAddress(address: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d+)$/.exec(address);
  const host = match?.[1] ?? match?.[2];
  if (!host || !match?.[3]) throw new Error(`not a host:port address: ${JSON.stringify(address)}`);
  return { host, port: Number(match[3]) };
}
