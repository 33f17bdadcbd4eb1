import type { SchemaLoadResult } from '../../../shared/api';
import type { CommonOptions } from '../args';
import { buildConnectionOptions, secondsToMs } from '../connection';
import { reflectionMetadata } from '../headers';
import { loadCommandSchema } from '../schema-source';
import { cliVersion } from '../version';
import type { CommandContext } from './context';

/**
 * The schema for `list` / `describe`: from the server at `target` by reflection, or from files.
 * `symbols` narrows what reflection fetches (SchemaSourceParams.symbols); `link` is loadSchema's.
 */
export function loadSchemaForListing(
  target: string | undefined,
  options: CommonOptions,
  context: CommandContext,
  symbols?: readonly string[],
  link?: 'all' | 'onUse',
): Promise<SchemaLoadResult> {
  return loadCommandSchema(
    {
      schema: options.schema,
      ...(target === undefined ? {} : { connection: buildConnectionOptions(target, options.connection, cliVersion) }),
      reflectionMetadata: reflectionMetadata(options.headers),
      ...(options.maxTimeSec === undefined ? {} : { deadlineMs: secondsToMs(options.maxTimeSec) }),
      ...(symbols === undefined ? {} : { symbols }),
      ...(link === undefined ? {} : { link }),
    },
    context,
  );
}
