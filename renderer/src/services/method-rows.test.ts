import { describe, expect, it } from 'vitest';
import type { ServiceSummary } from '../../../shared/api';
import { fakeServices } from '../testing/fake-client';
import { buildTreeRows } from './method-rows';

function describeRows(services: readonly ServiceSummary[], filter: string, collapsed: string[] = []): string[] {
  return buildTreeRows(services, filter, new Set(collapsed)).map((row) =>
    row.type === 'service' ? `S ${row.service.name}` : `  ${row.method.name}`,
  );
}

describe('buildTreeRows', () => {
  it('lists services and their methods', () => {
    expect(describeRows(fakeServices, '')).toEqual([
      'S user.v1.UserService',
      '  GetUser',
      '  ListUsers',
      '  ImportUsers',
      '  Chat',
      'S grpc.health.v1.Health',
      '  Check',
    ]);
  });

  it('filters by every word, case-insensitively, and drops services without matches', () => {
    expect(describeRows(fakeServices, 'user LIST')).toEqual(['S user.v1.UserService', '  ListUsers']);
    expect(describeRows(fakeServices, 'nothing-matches')).toEqual([]);
  });

  it('hides the methods of a collapsed service unless a filter is typed', () => {
    expect(describeRows(fakeServices, '', ['user.v1.UserService'])).toEqual([
      'S user.v1.UserService',
      'S grpc.health.v1.Health',
      '  Check',
    ]);
    expect(describeRows(fakeServices, 'chat', ['user.v1.UserService'])).toEqual(['S user.v1.UserService', '  Chat']);
  });

  it('copes with thousands of methods', () => {
    const big: ServiceSummary[] = Array.from({ length: 400 }, (_, s) => ({
      name: `google.big.v${s}.Service`,
      file: `big${s}.proto`,
      methods: Array.from({ length: 25 }, (_, m) => ({
        name: `Method${m}`,
        path: `google.big.v${s}.Service/Method${m}`,
        kind: 'unary' as const,
        inputType: 'In',
        outputType: 'Out',
      })),
    }));
    expect(buildTreeRows(big, '', new Set())).toHaveLength(400 * 26);
    expect(describeRows(big, 'v12.service/method7')).toEqual(['S google.big.v12.Service', '  Method7']);
  });
});
