import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The lab's test PKI (proto-samples/certs): server cert valid for localhost and 127.0.0.1–3. */
const certsDir = fileURLToPath(new URL('../../../proto-samples/certs/', import.meta.url));

export const certPaths = {
  ca: `${certsDir}ca.crt`,
  otherCa: `${certsDir}other-ca.crt`,
  serverCert: `${certsDir}server.crt`,
  serverKey: `${certsDir}server.key`,
  clientCert: `${certsDir}client.crt`,
  clientKey: `${certsDir}client.key`,
} as const;

export function readCert(path: string): Buffer {
  return readFileSync(path);
}
