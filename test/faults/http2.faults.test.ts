import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../main/cli/testing/run-in-process';
import {
  grpcFrame,
  grpcHeaders,
  http2Codes,
  startHttp2FaultServer,
  type Http2FaultServer,
  type StreamFault,
} from '../support/http2-fault-server';

/**
 * Raw HTTP/2 faults (node:http2, no grpc-js server): each row a fault class, the message the CLI
 * must print and its exit status (64 + code for a gRPC status, like grpcurl).
 */
const echoProtos = fileURLToPath(new URL('../../main/engine/testing/protos', import.meta.url));
const schema = ['-import-path', echoProtos, '-proto', 'workbench/testing/v1/echo.proto'];
/** EchoResponse { text: "hi" } */
const hi = grpcFrame(Buffer.from([0x0a, 0x02, 0x68, 0x69]));

const rows: { fault: string; method?: string; onStream: StreamFault; code: number; stderr: RegExp; stdout?: RegExp }[] =
  [
    {
      fault: 'connection lost after headers and a message',
      method: 'Expand',
      onStream: (stream, session) => {
        grpcHeaders(stream);
        stream.write(hi, () => setTimeout(() => session.destroy(), 50));
      },
      code: 64 + 14,
      stderr: /Code: Unavailable[\s\S]*Message: .*(dropped|closed|lost)/i,
      stdout: /"text": "hi"/,
    },
    {
      fault: 'the server refuses a big request with its own receive limit',
      onStream: (stream) => {
        stream.respond(
          {
            ':status': 200,
            'content-type': 'application/grpc',
            'grpc-status': '8',
            'grpc-message': 'Received message larger than max (5000000 vs 4194304)',
          },
          { endStream: true },
        );
      },
      code: 64 + 8,
      stderr: /Code: ResourceExhausted[\s\S]*larger than max \(5000000 vs 4194304\)/,
    },
    {
      fault: 'a unary answer of two messages, then RST_STREAM',
      onStream: (stream) => {
        grpcHeaders(stream);
        stream.write(Buffer.concat([hi, hi]), () => stream.close(http2Codes.NGHTTP2_INTERNAL_ERROR));
      },
      code: 64 + 13,
      stderr: /Code: Internal/,
    },
    {
      fault: 'RST_STREAM after the headers',
      onStream: (stream) => {
        grpcHeaders(stream);
        setTimeout(() => stream.close(http2Codes.NGHTTP2_CANCEL), 20);
      },
      code: 64 + 1,
      stderr: /Code: Canceled/,
    },
    {
      fault: 'no trailers (the stream ends after the message)',
      onStream: (stream) => {
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' });
        stream.end(hi);
      },
      code: 64 + 13,
      stderr: /Code: Internal/,
    },
    {
      fault: 'GOAWAY with ENHANCE_YOUR_CALM mid-call',
      onStream: (stream, session) => {
        grpcHeaders(stream);
        setTimeout(() => session.goaway(http2Codes.NGHTTP2_ENHANCE_YOUR_CALM, 0), 20);
      },
      code: 64 + 8,
      stderr: /GOAWAY or RST_STREAM\) .*ENHANCE_YOUR_CALM|ENHANCE_YOUR_CALM \(in a GOAWAY/,
    },
    {
      fault: 'GOAWAY with INTERNAL_ERROR mid-call',
      onStream: (stream, session) => {
        grpcHeaders(stream);
        setTimeout(() => session.goaway(http2Codes.NGHTTP2_INTERNAL_ERROR, 0), 20);
      },
      code: 64 + 13,
      stderr: /GOAWAY, HTTP\/2 error 2 INTERNAL_ERROR/,
    },
    {
      fault: 'a truncated message frame',
      onStream: (stream) => {
        grpcHeaders(stream);
        stream.write(hi.subarray(0, 6));
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        stream.end();
      },
      code: 64 + 13,
      stderr: /Code: Internal/,
    },
  ];

describe('HTTP/2 faults (CLI call)', () => {
  let server: Http2FaultServer | undefined;
  afterEach(() => server?.close());

  it.each(rows)('$fault → exit $code', async ({ method = 'Echo', onStream, code, stderr, stdout }) => {
    server = await startHttp2FaultServer(onStream);
    const run = await runCliInProcess([
      '-plaintext',
      '-max-time',
      '20',
      ...schema,
      '-d',
      '{"text":"x"}',
      server.target,
      `workbench.testing.v1.EchoService/${method}`,
    ]);
    expect(run.stderr).toMatch(stderr);
    expect(run.stderr).not.toMatch(/Could not connect|connect with TLS|\n\s+at /);
    if (stdout) expect(run.stdout).toMatch(stdout);
    expect(run.code).toBe(code);
  });
});
