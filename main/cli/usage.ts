import { serveUsage } from '../serve/usage';
import { flagSpecs, type FlagSpec } from './flags';

const synopsis = `Usage:
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
  ${serveUsage}
                 (the workbench UI in your browser)

grpcurl-compatible: flags take one or two dashes, values as '-flag value' or '-flag=value'.
Without -d, unary and server-streaming methods get an empty request message ({}).
ADDRESS is any gRPC target: host:port, dns:///host:port, ipv4:a:p,b:p, unix:/path.

Exit status: 0 OK; 1 usage, input or connection error; 64 + code for a non-OK gRPC status.
health exits 1 when the service is not SERVING; burst exits 1 when its verdict is FAILING.

Flags:
`;

/** The -help text; flag lines are generated from the flag table so it cannot drift. */
export function usageText(): string {
  const lines = Object.entries(flagSpecs as Record<string, FlagSpec>).map(([name, spec]) => {
    const head = `  -${name}${spec.valueName === undefined ? '' : ` ${spec.valueName}`}${spec.multiple ? ' …' : ''}`;
    return `${head}\n      ${spec.help}`;
  });
  return `${synopsis}${lines.join('\n')}\n`;
}

export function usageHint(): string {
  return "Try 'grpc-workbench -help' for more details.";
}
