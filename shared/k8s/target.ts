import { WorkbenchError } from '../api/errors';

/** `k8s://[CONTEXT/]NAMESPACE/SERVICE:PORT`: a Service in a cluster, reached through a port-forward. */
export interface K8sTarget {
  /** The kubeconfig context; absent = the current context. */
  context?: string;
  namespace: string;
  service: string;
  /** The Service port, by name (`grpc`) or number (`50051`). */
  port: string | number;
}

export const K8S_SCHEME = 'k8s://';
const example = 'k8s://shop/orders:grpc or k8s://my-context/shop/orders:50051';
/** RFC 1123 label, what Kubernetes requires of namespace and Service names. */
const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** IANA_SVC_NAME, what Kubernetes requires of port names. */
const portName = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function isK8sTarget(text: string): boolean {
  return text.startsWith(K8S_SCHEME);
}

/** Parses a `k8s://` target; every error names the part that is wrong and shows the form. */
export function parseK8sTarget(text: string): K8sTarget {
  const fail = (what: string) =>
    new WorkbenchError('bad_input', `${JSON.stringify(text)} is not a k8s:// target: ${what}`, {
      hint: `Write k8s://[CONTEXT/]NAMESPACE/SERVICE:PORT, e.g. ${example}.`,
      subject: text,
    });
  if (!isK8sTarget(text)) throw fail(`it must start with ${K8S_SCHEME}`);
  const parts = text.slice(K8S_SCHEME.length).split('/');
  if (parts.length < 2 || parts.length > 3)
    throw fail('expected NAMESPACE/SERVICE:PORT with an optional CONTEXT/ before it');
  const last = parts.pop() as string;
  const namespace = parts.pop() as string;
  const context = parts.pop();
  if (context !== undefined && context === '') throw fail('the context before the first / is empty');
  if (!dnsLabel.test(namespace))
    throw fail(`namespace ${JSON.stringify(namespace)} is not a valid name (lower-case letters, digits and -)`);
  const colon = last.lastIndexOf(':');
  if (colon < 0) throw fail('the Service port is missing (":grpc" or ":50051" after the Service name)');
  const service = last.slice(0, colon);
  const portText = last.slice(colon + 1);
  if (!dnsLabel.test(service))
    throw fail(`Service ${JSON.stringify(service)} is not a valid name (lower-case letters, digits and -)`);
  return { ...(context === undefined ? {} : { context }), namespace, service, port: parsePort(portText, fail) };
}

function parsePort(text: string, fail: (what: string) => WorkbenchError): string | number {
  if (/^\d+$/.test(text)) {
    const port = Number(text);
    if (port < 1 || port > 65535) throw fail(`port ${text} is outside 1-65535`);
    return port;
  }
  if (!portName.test(text) || text.length > 15)
    throw fail(
      `port ${JSON.stringify(text)} is neither a number nor a port name (up to 15 lower-case letters, digits and -)`,
    );
  return text;
}

export function formatK8sTarget(target: K8sTarget): string {
  return `${K8S_SCHEME}${target.context === undefined ? '' : `${target.context}/`}${target.namespace}/${target.service}:${target.port}`;
}
