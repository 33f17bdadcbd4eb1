import { WorkbenchError } from '../../../shared/api';

/** Targets with a resolver scheme are grpc-js's to parse; only bare `host[:port]` is checked here. */
const schemeTarget = /^(dns|ipv4|ipv6|unix|unix-abstract|xds|k8s):/i;

/**
 * Refuses a bare target that is not `host`, `host:port` or `[ipv6]:port`, before any connection:
 * grpc-js would report it as an UNAVAILABLE server (which a retry script retries) or a bad port
 * deep inside a connection error.
 */
export function checkTargetSyntax(target: string): void {
  if (schemeTarget.test(target)) return;
  const reason = malformation(target);
  if (reason === undefined) return;
  throw new WorkbenchError('bad_input', `The target ${target} is malformed: ${reason}.`, {
    subject: target,
    hint: 'Write the target as host:port, [ipv6]:port, or with a scheme (dns:///host:port, unix:/path).',
    setting: 'target',
  });
}

function malformation(target: string): string | undefined {
  if (target.trim() !== target || /\s/.test(target)) return 'it contains white space';
  let port: string | undefined;
  if (target.startsWith('[')) {
    const close = target.indexOf(']');
    if (close < 0) return 'the IPv6 address has no closing "]"';
    const rest = target.slice(close + 1);
    if (rest !== '' && !rest.startsWith(':')) return `"${rest}" follows the IPv6 address; expected :port`;
    if (close === 1) return 'the IPv6 address between "[" and "]" is empty';
    port = rest === '' ? undefined : rest.slice(1);
  } else {
    if (target.includes('/')) return `a target has no path ("${target.slice(target.indexOf('/'))}")`;
    const colons = target.split(':').length - 1;
    if (colons > 1) return 'an IPv6 address needs brackets, as in [::1]:50051';
    const [host, maybePort] = target.split(':') as [string, string | undefined];
    if (host === '') return 'the host is empty';
    port = maybePort;
  }
  if (port === undefined) return undefined;
  if (!/^\d+$/.test(port)) return `the port "${port}" is not a number`;
  if (Number(port) < 1 || Number(port) > 65535) return `the port ${port} is not between 1 and 65535`;
  return undefined;
}
