export { LatencySample, nearestRank, type LatencyPercentiles } from './latency-sample';
export { BurstTally, UNIDENTIFIED_BACKEND, compareBackendIds } from './tally';
export { judgeBurst, percent, SKEW_TOLERANCE, type BurstForward, type BurstSetup, type VerdictInput } from './verdict';
export { buildBurstReport, mergeKnownBackends, parseBackendList, type BurstReportContext } from './report';
export { burstReportToJson, formatBurstReportText, formatChannelUsage, type BurstReportJson } from './format';
