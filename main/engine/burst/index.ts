export {
  runBurst,
  prepareBurst,
  PROGRESS_INTERVAL_MS,
  type RunBurstOptions,
  type BurstSchema,
  type PreparedBurst,
} from './run-burst';
export { BurstManager, type BurstManagerOptions } from './burst-manager';
export { resolveTargetAddresses } from './target-addresses';
export { burstReportToJson, formatBurstReportText, type BurstReportJson } from '../../../shared/lens';
