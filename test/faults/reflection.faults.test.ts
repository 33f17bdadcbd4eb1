import { afterEach, describe, expect, it } from 'vitest';
import { create, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import {
  FileDescriptorResponseSchema,
  ListServiceResponseSchema,
} from '../../main/engine/gen/grpc/reflection/v1/reflection_pb';
import { runCliInProcess } from '../../main/cli/testing/run-in-process';
import { oneFileReflection } from '../../main/engine/testing/one-file-reflection';
import {
  scriptedReflection,
  startReflectionServer,
  type ReflectionServer,
  type ScriptedAnswer,
} from '../../main/engine/testing/scripted-reflection';
import type { ServerReflectionRequest } from '../../main/engine/gen/grpc/reflection/v1/reflection_pb';

/**
 * Reflection servers that lie: every answer a server sends is untrusted. One row per fault class,
 * run through the CLI (`list`) as a user would: the expected message on stderr and the exit code.
 */
type Request = ServerReflectionRequest['messageRequest'];

const services = (...names: string[]): ScriptedAnswer => ({
  case: 'listServicesResponse',
  value: create(ListServiceResponseSchema, { service: names.map((name) => ({ name })) }),
});
const descriptors = (...files: Uint8Array[]): ScriptedAnswer => ({
  case: 'fileDescriptorResponse',
  value: create(FileDescriptorResponseSchema, { fileDescriptorProto: files }),
});
/** Field 1 (the message_response oneof's neighbour) with a length running past the end. */
const garbage = Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02]);
const serviceFile = toBinary(
  FileDescriptorProtoSchema,
  create(FileDescriptorProtoSchema, { name: 'a.proto', package: 'a', service: [{ name: 'A' }] }),
);

const rows: {
  fault: string;
  answer: (request: Request, index: number) => ScriptedAnswer;
  args?: string[];
  /** What the CLI is asked: `list` needs only ListServices; `describe` fetches the service's files. */
  command?: string[];
  code: number;
  stderr: RegExp;
}[] = [
  {
    fault: 'a response that is not a ServerReflectionResponse',
    answer: () => garbage,
    code: 1,
    stderr: /reflection answer from 127\.0\.0\.1:\d+ could not be decoded/,
  },
  {
    fault: 'a file descriptor with garbage inside',
    answer: (request) => (request.case === 'listServices' ? services('a.A') : descriptors(garbage)),
    command: ['describe', 'a.A'],
    code: 1,
    stderr: /reflection answer from 127\.0\.0\.1:\d+ could not be decoded.*file descriptor/,
  },
  {
    fault: 'a stream that ends before the services are described',
    answer: (request) => (request.case === 'listServices' ? services('a.A', 'b.B') : 'end'),
    command: ['describe', 'a.A'],
    code: 1,
    stderr: /ended the reflection stream before describing a\.A/,
  },
  {
    fault: 'a stream that ends before listing the services',
    answer: () => 'end',
    code: 1,
    stderr: /ended the reflection stream before listing its services/,
  },
  {
    fault: 'a dependency the stream ends before sending',
    answer: (request) =>
      request.case === 'listServices'
        ? services('a.A')
        : request.case === 'fileContainingSymbol'
          ? descriptors(
              toBinary(
                FileDescriptorProtoSchema,
                create(FileDescriptorProtoSchema, {
                  name: 'a.proto',
                  dependency: ['b.proto'],
                  service: [{ name: 'A' }],
                }),
              ),
            )
          : 'end',
    command: ['describe', 'a.A'],
    code: 1,
    stderr: /ended the reflection stream before describing b\.proto/,
  },
  {
    fault: 'a server that never answers (bounded by -max-time)',
    answer: () => 'hang',
    args: ['-max-time', '0.5'],
    code: 1,
    stderr: /did not complete the call within the 500 ms deadline/,
  },
  {
    fault: 'more answers than questions',
    answer: (request) => (request.case === 'listServices' ? services('a.A') : descriptors(serviceFile, serviceFile)),
    code: 0,
    stderr: /^$/,
  },
];

describe('reflection faults (CLI list and describe)', () => {
  let server: ReflectionServer | undefined;
  afterEach(() => server?.close());

  it.each(rows)('$fault → exit $code', async ({ answer, args = [], command = ['list'], code, stderr }) => {
    server = await startReflectionServer(scriptedReflection(answer));
    const run = await runCliInProcess(['-plaintext', ...args, server.target, ...command]);
    expect(run.stderr).toMatch(stderr);
    expect(run.stderr).not.toMatch(/\n\s+at |bug in gRPC Workbench/);
    expect(run.code).toBe(code);
  });

  it('loads an import chain of 6,000 files, one file per answer (no recursion over server data)', async () => {
    const depth = 6_000;
    const files = Array.from({ length: depth }, (_, index) =>
      create(FileDescriptorProtoSchema, {
        name: `chain/f${index}.proto`,
        package: `chain.f${index}`,
        dependency: index + 1 < depth ? [`chain/f${index + 1}.proto`] : [],
        messageType: [{ name: 'M' }],
        ...(index === 0 ? { service: [{ name: 'S' }] } : {}),
      }),
    );
    server = await startReflectionServer(oneFileReflection(files, []));
    // describe fetches the service's file and, one answer at a time, the whole chain behind it.
    const run = await runCliInProcess(['-plaintext', server.target, 'describe', 'chain.f0.S']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^chain\.f0\.S is a service:/);
  });
});
