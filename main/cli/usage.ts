import { serveUsage } from '../serve/usage';
import { flagSpecs, type FlagSpec } from './flags';

// The commands' own usage lines live here, not in their modules: every command loads this one
// (through failure.ts), and a call should not load the collection, forward and k8s commands.
export const forwardUsage =
  'grpc-workbench forward [--kubeconfig F] [--context C] [-n NS] (pod/NAME|svc/NAME|deploy/NAME|-l SELECTOR) [LOCAL:]REMOTE [--per-pod]';
export const k8sUsage =
  'grpc-workbench k8s check [--kubeconfig F] [--context C] [-n NS] svc/NAME[:PORT] [--output json]';
export const runUsage =
  'grpc-workbench run [PATH…] [--env NAME] [--env-var K=V]… [--secret K=V]… [--tags a,b]\n' +
  '                   [--bail] [--reporter junit=FILE] [--reporter json=FILE] [--output text|json]';
export const exportUsage = 'grpc-workbench export grpcurl FILE.grpc.yaml [--env NAME] [--env-var K=V]…';
export const importUsage =
  'grpc-workbench import grpcurl [--out FILE] [--name NAME] [--secret-names a,b] -- ARGS…   (or one command line on stdin)';

// Built when asked for, not at import (it was once made from constants of modules in an import cycle).
const synopsis = (): string => `Usage:
  grpc-workbench [flags] ADDRESS list [SERVICE]
  grpc-workbench [flags] ADDRESS describe [SYMBOL]
  grpc-workbench [flags] ADDRESS METHOD           (METHOD as pkg.Service/Method or pkg.Service.Method)
  grpc-workbench [flags] list|describe [SYMBOL]   (with -proto or -protoset, no server needed)
  grpc-workbench health [flags] ADDRESS [SERVICE] [--watch]
  grpc-workbench health [flags] --all ADDRESS [SERVICE…]   (List; Check of each where there is no List)
  grpc-workbench burst [flags] ADDRESS METHOD -n N -c C [--connections shared|per-call|K]
                 [--lb pick_first|round_robin] [--backend-key NAME] [--backends ID,ID]
                 [-d JSON] [--rate R] [--duration D] [--output json]
  grpc-workbench channelz [flags] ADDRESS [--output json]
                 (the server's own grpc.channelz.v1 view: its connections and their streams)
  ${forwardUsage}
                 (a port-forward that follows its pods; runs until interrupted)
  ${k8sUsage}
                 (what the Service does to gRPC traffic; exit 1 when something is wrong)
  ${serveUsage}
                 (the workbench UI in your browser)
  ${runUsage}
                 (run a collection, e.g. in CI; docs/collections.md)
  ${exportUsage}
  ${importUsage}

grpcurl-compatible: flags take one or two dashes, values as '-flag value' or '-flag=value'.
Without -d, unary and server-streaming methods get an empty request message ({}).
ADDRESS is any gRPC target: host:port, dns:///host:port, ipv4:a:p,b:p, unix:/path, or
k8s://[CONTEXT/]NAMESPACE/SERVICE:PORT (through a port-forward; $KUBECONFIG or ~/.kube/config).

Exit status: 0 OK; 1 usage, input or connection error; 64 + code for a non-OK gRPC status.
health exits like grpc_health_probe: 0 SERVING, 2 connection failure, 3 RPC failure, 4 not SERVING.
burst exits 1 when its verdict is FAILING.
run: 0 all passed; 1 an expectation failed; 2 a call could not complete (transport); 3 usage or
collection error; 4 a variable or secret could not be resolved; 5 the schema could not be resolved.

Flags:
`;

/** The -help text; flag lines are generated from the flag table so it cannot drift. */
export function usageText(): string {
  const lines = Object.entries(flagSpecs as Record<string, FlagSpec>).map(([name, spec]) => {
    const head = `  -${name}${spec.valueName === undefined ? '' : ` ${spec.valueName}`}${spec.multiple ? ' …' : ''}`;
    return `${head}\n      ${spec.help}`;
  });
  return `${synopsis()}${lines.join('\n')}\n`;
}

export function usageHint(): string {
  return "Try 'grpc-workbench -help' for more details.";
}
