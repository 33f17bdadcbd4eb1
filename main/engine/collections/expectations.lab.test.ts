import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../../proto-samples/lab/index';
import type { Expectations, GrpcRequest } from '../../../shared/collections/request';
import { formatJunit, formatRunJson, formatRunText } from '../../../shared/collections/reporters';
import type { RunReport } from '../../../shared/collections/run-report';
import { CollectionStore } from './collection-store';
import { createWorkbenchService, type InProcessWorkbench } from '../index';
import type { RunnerEngine } from './runner-engine';
import { createClientEngine } from './engine-adapter';
import { runCollection } from './runner';

const GET_USER = 'user.v1.UserService/GetUser';
const LIST_USERS = 'user.v1.UserService/ListUsers';

interface Case {
  id: string;
  method?: string;
  message: string;
  expect: Expectations;
  /** The checks that must fail (all others pass). */
  failing: string[];
}

/** Each expect kind once passing and once failing, against the lab. */
const cases: Case[] = [
  { id: 'status-name', message: '{"id":"u1"}', expect: { status: 'OK' }, failing: [] },
  { id: 'status-number-fails', message: '{"id":"bob"}', expect: { status: 0 }, failing: ['status'] },
  { id: 'default-status-fails', message: '{"id":"u2000000"}', expect: {}, failing: ['status'] },
  {
    id: 'message-equals',
    message: '{"id":"u1","readMask":"id,name"}',
    expect: { message: { equals: '{"id":"u1","name":"Ada Lovelace"}' } },
    failing: [],
  },
  {
    id: 'message-equals-fails',
    message: '{"id":"u1","readMask":"id"}',
    expect: { message: { equals: '{"id":"u2"}' } },
    failing: ['message.equals'],
  },
  { id: 'message-partial', message: '{"id":"u7"}', expect: { message: { partial: '{"id":"u7"}' } }, failing: [] },
  {
    id: 'message-partial-fails',
    message: '{"id":"u7"}',
    expect: { message: { partial: '{"id":"u8"}' } },
    failing: ['message.partial'],
  },
  {
    id: 'messages',
    method: LIST_USERS,
    message: '{"count":2,"readMask":"id"}',
    expect: {
      messages: {
        count: { min: 1, max: 2 },
        items: [{ partial: '{"id":"u1"}' }, { partial: '{"id":"u2"}' }],
        each: { partial: '{}' },
      },
    },
    failing: [],
  },
  {
    id: 'messages-fail',
    method: LIST_USERS,
    message: '{"count":2,"readMask":"id"}',
    expect: { messages: { count: 3, items: [{ partial: '{"id":"u2"}' }], each: { partial: '{"id":"u1"}' } } },
    failing: ['messages.count', 'messages.items[0]', 'messages.each'],
  },
  {
    id: 'headers-trailers',
    message: '{"id":"u1"}',
    expect: {
      headers: { 'x-backend': { matches: '^backend-\\d$' }, 'x-missing': { exists: false } },
      trailers: { 'X-Backend': { exists: true } },
    },
    failing: [],
  },
  {
    id: 'headers-fail',
    message: '{"id":"u1"}',
    expect: {
      headers: { 'x-backend': 'backend-9', 'x-missing': { exists: true } },
      trailers: { 'x-backend': { matches: '^pod-' } },
    },
    failing: ['headers.x-backend', 'headers.x-missing', 'trailers.x-backend'],
  },
  {
    id: 'error-details',
    message: '{"id":"bob"}',
    expect: {
      status: 'INVALID_ARGUMENT',
      errorDetails: [{ type: 'google.rpc.BadRequest', partial: '{"fieldViolations":[{"field":"id"}]}' }],
    },
    failing: [],
  },
  {
    id: 'error-details-fail',
    message: '{"id":"bob"}',
    expect: { status: 'INVALID_ARGUMENT', errorDetails: [{ type: 'google.rpc.RetryInfo' }] },
    failing: ['errorDetails[0]'],
  },
  { id: 'within', message: '{"id":"u1"}', expect: { within: '5s' }, failing: [] },
  { id: 'within-fails', message: '{"id":"u1","delay":"0.3s"}', expect: { within: '100ms' }, failing: ['within'] },
  { id: 'capture', message: '{"id":"u3"}', expect: { capture: { captured: '$.id' } }, failing: [] },
  {
    id: 'uses-capture',
    message: '{"id":"{{captured}}"}',
    expect: { message: { partial: '{"id":"u3"}' } },
    failing: [],
  },
  {
    id: 'capture-fails',
    message: '{"id":"u3"}',
    expect: { capture: { nothing: '$.roles[99]' } },
    failing: ['capture.nothing'],
  },
  {
    id: 'lb-pinned',
    message: '{"id":"u1"}',
    expect: { lb: { calls: 12, concurrency: 3, backendKey: 'x-backend', verdict: 'pinned' } },
    failing: [],
  },
  {
    id: 'lb-fails',
    message: '{"id":"u1"}',
    expect: {
      lb: { calls: 12, concurrency: 3, backendKey: 'x-backend', verdict: 'balanced', distinctBackends: { min: 2 } },
    },
    failing: ['lb.verdict', 'lb.distinctBackends'],
  },
];

describe('each expect kind against the lab', () => {
  let lab: Lab;
  let client: InProcessWorkbench;
  let engine: RunnerEngine;
  let dir: string;
  let report: RunReport;
  beforeAll(async () => {
    lab = await startLab();
    client = createWorkbenchService({ hostInfo: { version: 'test', host: 'cli' }, recordMessages: false });
    engine = createClientEngine(client);
    dir = mkdtempSync(join(tmpdir(), 'workbench-expect-'));
    const store = new CollectionStore(dir);
    await store.writeModel('collection', 'workbench.yaml', {
      kind: 'collection',
      version: 1,
      name: 'Expectations',
      defaults: { target: lab.target, tls: { mode: 'plaintext' } },
      order: ['checks'],
    });
    await store.createFolder('', 'checks', { kind: 'folder', name: 'Checks', order: cases.map((entry) => entry.id) });
    for (const entry of cases) {
      const request: GrpcRequest = {
        kind: 'grpc-request',
        name: entry.id,
        method: entry.method ?? GET_USER,
        message: entry.message,
        expect: entry.expect,
      };
      await store.createRequest('checks', entry.id, request);
    }
    report = await runCollection(engine, { paths: [dir], processEnv: {} });
  }, 30_000);
  afterAll(async () => {
    await client.dispose();
    await lab.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(cases.map((entry) => [entry.id, entry] as const))('%s', (id, entry) => {
    const result = report.results.find((candidate) => candidate.name === id)!;
    expect(result.error).toBeUndefined();
    expect(result.expectations.filter((check) => !check.passed).map((check) => check.check)).toEqual(entry.failing);
    expect(result.verdict).toBe(entry.failing.length === 0 ? 'passed' : 'failed');
  });

  it('exits 1, and the text report lists the failures with expected and actual', () => {
    expect(report.exitStatus).toBe(1);
    const text = formatRunText(report);
    const failing = cases.filter((entry) => entry.failing.length > 0).length;
    expect(text.trimEnd().split('\n').at(-1)).toBe(`${cases.length - failing} passed, ${failing} failed`);
    expect(text).toMatch(/^✓ status-name {2}OK {2}\d/m);
    expect(text).toMatch(
      /^✗ status-number-fails {2}INVALID_ARGUMENT .*\n {4}status\n {6}expected: OK \(0\)\n {6}actual: {3}INVALID_ARGUMENT \(3\)/m,
    );
    expect(JSON.parse(formatRunJson(report))).toMatchObject({
      version: 1,
      exitStatus: 1,
      summary: { failed: failing },
    });
  });

  it('writes JUnit that an XML parser reads: a suite per folder, a failure per failed expectation', () => {
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(formatJunit(report));
    const suite = xml.testsuites.testsuite;
    expect(suite).toMatchObject({ name: 'checks', tests: String(cases.length) });
    const testcases = suite.testcase as {
      name: string;
      classname: string;
      time: string;
      failure?: unknown;
      properties: { property: { name: string; value: string }[] };
    }[];
    expect(testcases.map((testcase) => testcase.name)).toEqual(cases.map((entry) => entry.id));
    const headersFail = testcases.find((testcase) => testcase.name === 'headers-fail')!;
    expect(headersFail.classname).toBe('checks');
    expect(Number(headersFail.time)).toBeGreaterThanOrEqual(0);
    const failures = [headersFail.failure].flat() as { type: string; message: string; '#text': string }[];
    expect(failures.map((failure) => failure.type)).toEqual([
      'headers.x-backend',
      'headers.x-missing',
      'trailers.x-backend',
    ]);
    expect(failures[0]!['#text']).toMatch(/^expected: backend-9\nactual: backend-\d$/);
    const properties = Object.fromEntries(headersFail.properties.property.map((p) => [p.name, p.value]));
    expect(properties).toMatchObject({ status: 'OK', messageCount: '1', backend: expect.stringMatching(/^backend-/) });
    expect(properties.peer).toMatch(/^127\.0\.0\.1:\d+$/);
  });
});
