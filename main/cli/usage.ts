import { serveUsage } from '../serve/usage';
import { exportUsage, importUsage, runUsage } from './commands/collections';
import { forwardUsage } from './commands/forward';
import { k8sUsage } from './commands/k8s';
import { flagSpecs, type FlagSpec } from './flags';

// Built when asked for, not at import: the command modules that hold some of these lines import
// this module too (through failure.ts), so at import time their constants may not exist yet.
const synopsis = (): string => `Usage:
  grpc-workbench [flags] ADDRESS list [SERVICE]
  grpc-workbench [flags] ADDRESS describe [SYMBOL]
  grpc-workbench [flags] ADDRESS METHOD           (METHOD as pkg.Service/Method or pkg.Service.Method)
  grpc-workbench [flags] list|describe [SYMBOL]   (with -proto or -protoset, no server needed)
  grpc-workbench health [flags] ADDRESS [SERVICE] [--watch]
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
