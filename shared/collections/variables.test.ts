import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../api/errors';
import {
  findVariables,
  resolveDeep,
  resolveTemplate,
  secretEnvVariable,
  unresolvedVariables,
  type VariableScope,
} from './variables';

const scope: VariableScope = {
  vars: { target: '127.0.0.1:50051', userId: 'u42' },
  secrets: { token: 'tok' },
  processEnv: { HOME: '/home/ada' },
};

describe('variables', () => {
  it('finds the three kinds', () => {
    expect(findVariables('{{target}} {{ secret.token }} {{env.HOME}}')).toEqual([
      { kind: 'var', name: 'target', text: '{{target}}' },
      { kind: 'secret', name: 'token', text: '{{ secret.token }}' },
      { kind: 'env', name: 'HOME', text: '{{env.HOME}}' },
    ]);
  });

  it('resolves strings anywhere in a value, leaving keys alone', () => {
    expect(
      resolveDeep(
        { target: '{{target}}', metadata: { '{{userId}}': 'Bearer {{secret.token}}' }, list: ['{{env.HOME}}/x', 3] },
        scope,
        'f',
      ),
    ).toEqual({ target: '127.0.0.1:50051', metadata: { '{{userId}}': 'Bearer tok' }, list: ['/home/ada/x', 3] });
  });

  it('names every unresolved variable and the file', () => {
    let error: unknown;
    try {
      resolveTemplate('{{missing}} and {{secret.nope}} and {{env.NOPE}}', scope, 'users/get.grpc.yaml');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(WorkbenchError);
    expect((error as WorkbenchError).message).toBe(
      'users/get.grpc.yaml: unresolved variables {{missing}}, {{secret.nope}}, {{env.NOPE}}',
    );
    expect((error as WorkbenchError).hint).toMatch(/--secret nope=VALUE, WORKBENCH_SECRET_NOPE/);
  });

  it('lets later captures count as resolvable before the run', () => {
    expect(
      unresolvedVariables({ a: '{{captured}} {{other}}' }, scope, new Set(['captured'])).map((ref) => ref.name),
    ).toEqual(['other']);
  });

  it('does not treat inherited object keys as variables', () => {
    expect(unresolvedVariables('{{constructor}} {{toString}}', scope).map((ref) => ref.name)).toEqual([
      'constructor',
      'toString',
    ]);
  });

  it('maps secret names to environment variable names', () => {
    expect(secretEnvVariable('apiKey')).toBe('WORKBENCH_SECRET_APIKEY');
    expect(secretEnvVariable('db.pass-word')).toBe('WORKBENCH_SECRET_DB_PASS_WORD');
  });
});
