import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { AddressSchema } from '../gen/grpc/channelz/v1/channelz_pb';
import { formatChannelzAddress, formatIpBytes } from './socket-address';

const tcp = (ipAddress: number[], port: number) =>
  create(AddressSchema, { address: { case: 'tcpipAddress', value: { ipAddress: Uint8Array.from(ipAddress), port } } });

describe('formatChannelzAddress', () => {
  it('writes TCP addresses as host:port, IPv6 in brackets', () => {
    expect(formatChannelzAddress(tcp([10, 1, 0, 7], 50051))).toBe('10.1.0.7:50051');
    expect(formatChannelzAddress(tcp([...Array(15).fill(0), 1], 443))).toBe('[::1]:443');
    expect(formatChannelzAddress(tcp([10, 1, 0, 7], -1))).toBe('10.1.0.7');
  });

  it('writes unix sockets and other addresses by name, and nothing for no address', () => {
    expect(
      formatChannelzAddress(
        create(AddressSchema, { address: { case: 'udsAddress', value: { filename: '/run/app.sock' } } }),
      ),
    ).toBe('unix:/run/app.sock');
    expect(
      formatChannelzAddress(create(AddressSchema, { address: { case: 'otherAddress', value: { name: 'inproc' } } })),
    ).toBe('inproc');
    expect(formatChannelzAddress(create(AddressSchema))).toBeUndefined();
    expect(formatChannelzAddress(undefined)).toBeUndefined();
  });
});

describe('formatIpBytes', () => {
  it('compresses IPv6 and shows IPv4-mapped addresses as IPv4', () => {
    expect(formatIpBytes(Uint8Array.from([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a, 0, 0x01]))).toBe(
      '[2001:db8::a:1]',
    );
    expect(formatIpBytes(Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 2]))).toBe('127.0.0.2');
    expect(formatIpBytes(Uint8Array.from([1, 2]))).toBe('<2-byte address>');
  });
});
