import * as grpc from '@grpc/grpc-js';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** TLS for lab backends from the test PKI in proto-samples/certs (see its gen.sh). */

export interface LabTlsOptions {
  /** Require a client certificate signed by the lab CA (mutual TLS). */
  mtls?: boolean;
}

export interface LabCertificates {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A CA that signed nothing here: trusting only it gives "unknown CA". */
  otherCa: string;
}

/** Paths of the lab's certificates, found from the sources (proto-samples/lab) or the bundle (dist/). */
export function labCertificates(): LabCertificates {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [resolve(here, '../certs'), resolve(here, '../proto-samples/certs')];
  const dir = candidates.find((candidate) => existsSync(join(candidate, 'ca.crt')));
  if (!dir) throw new Error(`lab certificates not found; looked in ${candidates.join(' and ')}`);
  return {
    dir,
    ca: join(dir, 'ca.crt'),
    serverCert: join(dir, 'server.crt'),
    serverKey: join(dir, 'server.key'),
    clientCert: join(dir, 'client.crt'),
    clientKey: join(dir, 'client.key'),
    otherCa: join(dir, 'other-ca.crt'),
  };
}

export function labServerCredentials(tls: LabTlsOptions | undefined): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  const certs = labCertificates();
  const keyPair = { private_key: readFileSync(certs.serverKey), cert_chain: readFileSync(certs.serverCert) };
  const clientCa = tls.mtls ? readFileSync(certs.ca) : null;
  return grpc.ServerCredentials.createSsl(clientCa, [keyPair], Boolean(tls.mtls));
}
