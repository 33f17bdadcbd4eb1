import type { ServiceCheckResult } from '../../../shared/api';
import { EXIT_FAILURE, EXIT_OK } from '../exit-codes';
import { parseKubeArgs, parseResourceArg } from '../kube-args';
import { k8sUsage } from '../usage';
import { UsageError } from '../usage-error';
import type { CommandContext } from './context';

/**
 * `k8s check svc/NAME`: what the Service will do to gRPC traffic, and why (pinned at L4, a port a
 * mesh treats as TCP, no Ready endpoints, a selector that matches nothing). Exit 0 when nothing is
 * wrong, 1 when a finding is an error or a warning.
 */
export async function runK8sCommand(argv: readonly string[], context: CommandContext): Promise<number> {
  const [subcommand, ...rest] = argv;
  if (subcommand !== 'check') throw new UsageError(`k8s: unknown subcommand '${subcommand ?? ''}'. Usage: ${k8sUsage}`);
  const { kube, values, positionals } = parseKubeArgs(rest, 'k8s check', { output: { type: 'string', short: 'o' } });
  const [resource, ...extra] = positionals;
  if (resource === undefined || extra.length > 0)
    throw new UsageError(`k8s check: name one Service. Usage: ${k8sUsage}`);
  const output = values.output ?? 'text';
  if (output !== 'text' && output !== 'json')
    throw new UsageError(`k8s check: --output takes text or json, not '${String(output)}'.`);
  const colon = resource.lastIndexOf(':');
  const port = colon < 0 ? undefined : resource.slice(colon + 1);
  const target = parseResourceArg(colon < 0 ? resource : resource.slice(0, colon), 'k8s check');
  if (target.kind !== 'service') throw new UsageError(`k8s check: checks a Service (svc/NAME), not a ${target.kind}.`);
  const result = await context.client.checkService({
    ...kube,
    service: target.name,
    ...(port === undefined ? {} : { port: /^\d+$/.test(port) ? Number(port) : port }),
  });
  context.output.out(output === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatServiceCheck(result));
  return result.ok ? EXIT_OK : EXIT_FAILURE;
}

export function formatServiceCheck(result: ServiceCheckResult): string {
  const problems = result.findings.filter((finding) => finding.severity !== 'info').length;
  const head = `Service ${result.namespace}/${result.service}: ${problems === 0 ? 'nothing wrong for gRPC' : `${problems} problem${problems === 1 ? '' : 's'} for gRPC`}\n`;
  const lines = result.findings.map(
    (finding) =>
      `${finding.severity.padEnd(7)} ${finding.id}${finding.port === undefined ? '' : ` (port ${finding.port})`}: ${finding.text}\n` +
      (finding.fix === undefined ? '' : `        fix: ${finding.fix}\n`),
  );
  return head + lines.join('');
}
