import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../shared/api';
import { buildConnectionOptions, secondsToMs } from './connection';
import { reflectionMetadata, rpcMetadata } from './headers';
import { collectRequestMessages } from './request-source';

describe('buildConnectionOptions', () => {
  it('maps plaintext, defaults the connect timeout to 10 s and tags the user agent', () => {
    expect(buildConnectionOptions('h:1', { plaintext: true, insecure: false }, '1.2.3')).toEqual({
      target: 'h:1',
      tls: { mode: 'plaintext' },
      userAgent: 'grpc-workbench/1.2.3',
      connectTimeoutMs: 10_000,
    });
  });

  it('maps every TLS and tuning flag; seconds become milliseconds', () => {
    const options = buildConnectionOptions(
      'h:1',
      {
        plaintext: false,
        insecure: false,
        cacert: 'ca',
        cert: 'c',
        key: 'k',
        authority: 'a.example',
        servername: 's.example',
        userAgent: 'me/1',
        connectTimeoutSec: 2.5,
        keepaliveTimeSec: 30,
        maxMsgSz: 1024,
      },
      '1.2.3',
    );
    expect(options).toEqual({
      target: 'h:1',
      tls: { mode: 'tls', caFile: 'ca', certFile: 'c', keyFile: 'k', serverName: 's.example' },
      authority: 'a.example',
      keepaliveTimeMs: 30_000,
      maxReceiveMessageBytes: 1024,
      userAgent: 'me/1 grpc-workbench/1.2.3',
      connectTimeoutMs: 2500,
    });
  });

  it('-insecure skips verification, so -servername has nothing to check', () => {
    expect(buildConnectionOptions('h:1', { plaintext: false, insecure: true, servername: 'x' }, 'v').tls).toEqual({
      mode: 'tls',
      insecureSkipVerify: true,
    });
  });

  it('keeps a tiny time a limit', () => {
    expect(secondsToMs(0.0001)).toBe(1);
    expect(secondsToMs(0.25)).toBe(250);
  });
});

describe('headers', () => {
  const headers = { both: ['Authorization:  Bearer t '], rpc: ['x-rpc: 1'], reflect: ['x-reflect-bin: AAE='] };

  it('-H goes to both, -rpc-header only to the RPC, -reflect-header only to reflection', () => {
    expect(rpcMetadata(headers)).toEqual([
      { key: 'authorization', value: 'Bearer t' },
      { key: 'x-rpc', value: '1' },
    ]);
    expect(reflectionMetadata(headers)).toEqual([
      { key: 'authorization', value: 'Bearer t' },
      { key: 'x-reflect-bin', value: 'AAE=' },
    ]);
  });

  it('reports a bad header as an input error naming the flag and the header', () => {
    const attempt = (): unknown => rpcMetadata({ both: [], rpc: ['bad-bin: ***'], reflect: [] });
    expect(attempt).toThrow(WorkbenchError);
    expect(attempt).toThrow(/^-rpc-header 'bad-bin: \*\*\*': /);
  });
});

describe('request messages', () => {
  it('reads none, inline concatenated JSON, and NDJSON split across stdin chunks', async () => {
    // Without `-d @` stdin is not touched (the CLI's process.stdin is made on first use).
    const noStdin = {
      get stdin(): Readable {
        throw new Error('stdin was read without -d @');
      },
    };
    expect(await collectRequestMessages({ source: 'none' }, noStdin)).toEqual([]);
    expect(await collectRequestMessages({ source: 'inline', text: '{"a":1}{"a":2}\n {"a":3}' }, noStdin)).toEqual([
      '{"a":1}',
      '{"a":2}',
      '{"a":3}',
    ]);
    const stdin = Readable.from(['{"a":', '1}\n{"b"', ':"x"}\n']);
    expect(await collectRequestMessages({ source: 'stdin' }, { stdin })).toEqual(['{"a":1}', '{"b":"x"}']);
  });

  it('names where bad JSON came from, with its position', async () => {
    await expect(
      collectRequestMessages({ source: 'stdin' }, { stdin: Readable.from(['{"a":1}\n{"a":']) }).catch(
        (error: WorkbenchError) => [error.kind, error.message],
      ),
    ).resolves.toEqual([
      'bad_request_json',
      expect.stringMatching(/^The request data \(stdin\) is not valid JSON: 2:\d+: /),
    ]);
  });
});
