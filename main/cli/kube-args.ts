import { parseArgs } from 'node:util';
import type { OpenForwardParams } from '../../shared/api';
import { UsageError } from './usage-error';

/** kubectl's selection flags, shared by `forward` and `k8s check`. */
export interface KubeFlags {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
}

const kubeOptions = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
} as const;

/** Parses kubectl-style flags (`--context C`, `-n NS`, `--flag=value`) plus a command's own. */
export function parseKubeArgs(
  argv: readonly string[],
  command: string,
  extra: Record<string, { type: 'string' | 'boolean'; short?: string }>,
): { kube: KubeFlags; values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { ...kubeOptions, ...extra },
      allowPositionals: true,
      strict: true,
    });
    const all = values as Record<string, string | boolean | undefined>;
    const text = (name: string) => (typeof all[name] === 'string' ? (all[name] as string) : undefined);
    const kube: KubeFlags = {
      ...(text('kubeconfig') === undefined ? {} : { kubeconfig: text('kubeconfig') as string }),
      ...(text('context') === undefined ? {} : { context: text('context') as string }),
      ...(text('namespace') === undefined ? {} : { namespace: text('namespace') as string }),
    };
    return { kube, values: all, positionals };
  } catch (error) {
    throw new UsageError(`${command}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const kinds: Record<string, 'pod' | 'service' | 'deployment'> = {
  pod: 'pod',
  pods: 'pod',
  po: 'pod',
  svc: 'service',
  service: 'service',
  services: 'service',
  deploy: 'deployment',
  deployment: 'deployment',
  deployments: 'deployment',
};

/** `pod/NAME`, `svc/NAME`, `deploy/NAME` as kubectl writes them. */
export function parseResourceArg(text: string, command: string): OpenForwardParams['target'] {
  const slash = text.indexOf('/');
  const kind = kinds[text.slice(0, slash)];
  const name = text.slice(slash + 1);
  if (slash < 0 || kind === undefined || name === '')
    throw new UsageError(`${command}: '${text}' is not pod/NAME, svc/NAME or deploy/NAME.`);
  return { kind, name };
}
