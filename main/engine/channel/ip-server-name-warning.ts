/**
 * grpc-js sends the target's host as the TLS server name (SNI) even when it is an IP address, and
 * has no option to leave it out (grpc/grpc-node#1919). Node then prints, once per process:
 * "[DEP0123] DeprecationWarning: Setting the TLS ServerName to an IP address is not permitted by
 * RFC 6066". Nothing is wrong for the user — the certificate is still verified against the IP
 * address (its IP SANs) — and there is nothing they could change, so a host silences exactly this
 * warning at startup; every other warning still goes through.
 */
const IP_SERVER_NAME_WARNING = 'DEP0123';

/** Installs the filter on process.emitWarning; returns a function that removes it again. */
export function silenceIpServerNameWarning(): () => void {
  const original = process.emitWarning;
  const filtered = function (this: NodeJS.Process, warning: string | Error, ...rest: unknown[]): void {
    if (warningCode(warning, rest) === IP_SERVER_NAME_WARNING) return;
    Reflect.apply(original, this, [warning, ...rest]);
  };
  process.emitWarning = filtered as typeof process.emitWarning;
  return () => {
    if (process.emitWarning === filtered) process.emitWarning = original;
  };
}

/** The code of an emitWarning call: `(warning, type, code)`, `(warning, { code })`, or an Error's own code. */
function warningCode(warning: string | Error, rest: readonly unknown[]): unknown {
  const [typeOrOptions, code] = rest;
  if (typeof typeOrOptions === 'object' && typeOrOptions !== null) return (typeOrOptions as { code?: unknown }).code;
  if (code !== undefined) return code;
  return typeof warning === 'object' ? (warning as Error & { code?: unknown }).code : undefined;
}
