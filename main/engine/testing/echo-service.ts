import {
  Metadata,
  type status as grpcStatus,
  type ServerDuplexStream,
  type ServerReadableStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type UntypedServiceImplementation,
  type sendUnaryData,
} from '@grpc/grpc-js';
import { create, toBinary, type DescMessage, type Message } from '@bufbuild/protobuf';
import { anyPack, timestampNow } from '@bufbuild/protobuf/wkt';
import { BadRequestSchema } from '../gen/google/rpc/error_details_pb';
import { StatusSchema } from '../gen/google/rpc/status_pb';
import { echoDescriptors } from './echo-descriptors';

/** The fields of workbench.testing.v1.EchoRequest (a dynamic protobuf-es message). */
interface EchoRequest extends Message {
  text: string;
  count: number;
  delayMs: number;
  failCode: number;
  failWithDetails: boolean;
  paddingBytes: number;
  garbageResponse: boolean;
  bigNumber: bigint;
}

/** Bytes that are not an EchoResponse: field 1 (a string) announces 100 bytes but the input ends. */
export const GARBAGE_RESPONSE = Buffer.from([0x0a, 0x64, 0x01]);

/** Header every response carries, so tests can tell headers arrived. */
export const SERVED_BY_HEADER = 'x-served-by';

export function echoServiceImplementation(): UntypedServiceImplementation {
  const responseDesc = echoDescriptors().registry.getMessage(`workbench.testing.v1.EchoResponse`) as DescMessage;
  const respond = (request: EchoRequest, index: number, text: string): Message | Buffer =>
    request.garbageResponse
      ? GARBAGE_RESPONSE
      : create(responseDesc, {
          text,
          index,
          padding: new Uint8Array(request.paddingBytes),
          at: timestampNow(),
          bigNumber: request.bigNumber,
        });

  return {
    Echo: async (call: ServerUnaryCall<EchoRequest, Message | Buffer>, callback: sendUnaryData<Message | Buffer>) => {
      const { headers, trailers } = echoMetadata(call.metadata);
      call.sendMetadata(headers);
      if (!(await sleep(call.request.delayMs, call))) return;
      if (call.request.failCode !== 0) {
        callback(failure(call.request, trailers));
        return;
      }
      callback(null, respond(call.request, 0, call.request.text), trailers);
    },
    Expand: async (call: ServerWritableStream<EchoRequest, Message | Buffer>) => {
      const { headers, trailers } = echoMetadata(call.metadata);
      call.sendMetadata(headers);
      for (let index = 0; index < call.request.count; index += 1) {
        if (!(await sleep(call.request.delayMs, call))) return;
        call.write(respond(call.request, index, `${call.request.text}#${index}`));
      }
      if (call.request.failCode !== 0) call.emit('error', failure(call.request, trailers));
      else call.end(trailers);
    },
    Collect: (call: ServerReadableStream<EchoRequest, Message | Buffer>, callback: sendUnaryData<Message | Buffer>) => {
      const { headers, trailers } = echoMetadata(call.metadata);
      call.sendMetadata(headers);
      const requests: EchoRequest[] = [];
      call.on('data', (request: EchoRequest) => requests.push(request));
      call.on('end', () => {
        const last = requests.at(-1);
        if (last !== undefined && last.failCode !== 0) {
          callback(failure(last, trailers));
          return;
        }
        const text = requests.map((request) => request.text).join(',');
        callback(
          null,
          respond(
            last ?? ({ paddingBytes: 0, garbageResponse: false, bigNumber: 0n } as EchoRequest),
            requests.length,
            text,
          ),
          trailers,
        );
      });
    },
    Chat: (call: ServerDuplexStream<EchoRequest, Message | Buffer>) => {
      const { headers, trailers } = echoMetadata(call.metadata);
      call.sendMetadata(headers);
      let index = 0;
      call.on('data', (request: EchoRequest) => {
        call.write(respond(request, index, request.text));
        index += 1;
      });
      call.on('end', () => call.end(trailers));
    },
  };
}

/**
 * Echoes the caller's `x-*` metadata: as-is in the response headers, and as `echo-<key>` in the
 * trailers, so tests see both directions (including `-bin` values).
 */
function echoMetadata(request: Metadata): { headers: Metadata; trailers: Metadata } {
  const headers = new Metadata();
  const trailers = new Metadata();
  headers.set(SERVED_BY_HEADER, 'echo');
  for (const key of Object.keys(request.getMap())) {
    if (!key.startsWith('x-')) continue;
    for (const value of request.get(key)) {
      headers.add(key, value);
      trailers.add(`echo-${key}`, value);
    }
  }
  return { headers, trailers };
}

function failure(request: EchoRequest, trailers: Metadata): { code: number; details: string; metadata: Metadata } {
  const message = request.text || `failed with code ${request.failCode}`;
  if (request.failWithDetails) {
    const richStatus = create(StatusSchema, {
      code: request.failCode,
      message,
      details: [
        anyPack(
          BadRequestSchema,
          create(BadRequestSchema, { fieldViolations: [{ field: 'text', description: 'must be polite' }] }),
        ),
      ],
    });
    trailers.set('grpc-status-details-bin', Buffer.from(toBinary(StatusSchema, richStatus)));
  }
  return { code: request.failCode as grpcStatus, details: message, metadata: trailers };
}

/** Waits, unless the call is cancelled first (then resolves false and the handler stops). */
function sleep(
  ms: number,
  call: {
    cancelled: boolean;
    once(event: 'cancelled', listener: () => void): unknown;
    off(event: 'cancelled', listener: () => void): unknown;
  },
): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(!call.cancelled);
  return new Promise((resolve) => {
    const onCancel = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      call.off('cancelled', onCancel);
      resolve(!call.cancelled);
    }, ms);
    call.once('cancelled', onCancel);
  });
}
