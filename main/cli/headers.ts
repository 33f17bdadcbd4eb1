import type { MetadataEntry } from '../../shared/api';
import { MetadataError, parseHeaderArg } from '../../shared/metadata';
import { WorkbenchError } from '../../shared/api';
import type { HeaderFlags } from './args';

/** grpcurl's rule: -H goes with the RPC and with reflection, -rpc-header only with the RPC. */
export function rpcMetadata(headers: HeaderFlags): MetadataEntry[] {
  return [...parseHeaders(headers.both, '-H'), ...parseHeaders(headers.rpc, '-rpc-header')];
}

/** -H and -reflect-header: what reflection requests carry (servers often want auth there too). */
export function reflectionMetadata(headers: HeaderFlags): MetadataEntry[] {
  return [...parseHeaders(headers.both, '-H'), ...parseHeaders(headers.reflect, '-reflect-header')];
}

function parseHeaders(args: readonly string[], flag: string): MetadataEntry[] {
  return args.map((arg) => {
    try {
      return parseHeaderArg(arg);
    } catch (error) {
      if (!(error instanceof MetadataError)) throw error;
      throw new WorkbenchError('bad_input', `${flag} '${arg}': ${error.message}`, {
        subject: error.key ?? arg,
        ...(error.hint === undefined ? {} : { hint: error.hint }),
      });
    }
  });
}
