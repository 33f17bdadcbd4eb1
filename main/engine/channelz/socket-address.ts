import type { Address } from '../gen/grpc/channelz/v1/channelz_pb';

const IPV4_MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/**
 * A channelz Address as people write it: `10.1.0.7:50051`, `[::1]:50051`, a unix socket's path,
 * or the name of another kind of address; undefined when the server did not say.
 */
export function formatChannelzAddress(address: Address | undefined): string | undefined {
  switch (address?.address.case) {
    case 'tcpipAddress': {
      const { ipAddress, port } = address.address.value;
      const host = formatIpBytes(ipAddress);
      // channelz uses -1 for "no port".
      return port >= 0 ? `${host}:${port}` : host;
    }
    case 'udsAddress':
      return `unix:${address.address.value.filename}`;
    case 'otherAddress':
      return address.address.value.name || undefined;
    default:
      return undefined;
  }
}

/** 4 bytes as dotted IPv4; 16 bytes as bracketed, compressed IPv6 (IPv4-mapped ones as IPv4). */
export function formatIpBytes(bytes: Uint8Array): string {
  if (bytes.length === 16 && IPV4_MAPPED_PREFIX.every((byte, index) => bytes[index] === byte))
    return formatIpBytes(bytes.subarray(12));
  if (bytes.length === 4) return [...bytes].join('.');
  if (bytes.length === 16) {
    const groups = Array.from({ length: 8 }, (_, index) =>
      ((bytes[2 * index]! << 8) | bytes[2 * index + 1]!).toString(16),
    );
    // The URL parser writes IPv6 hosts in their canonical compressed form (RFC 5952), brackets included.
    return new URL(`http://[${groups.join(':')}]/`).hostname;
  }
  return `<${bytes.length}-byte address>`;
}
