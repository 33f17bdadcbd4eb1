import { readFile } from 'node:fs/promises';
import { credentials, type ChannelCredentials } from '@grpc/grpc-js';
import type { TlsOptions } from '../../../shared/api';
import { WorkbenchError } from '../../../shared/api';

/** Channel credentials for the TLS settings, reading the PEM files they name. */
export async function createChannelCredentials(tls: TlsOptions): Promise<ChannelCredentials> {
  if (tls.mode === 'plaintext') return credentials.createInsecure();
  if ((tls.certFile === undefined) !== (tls.keyFile === undefined)) {
    throw new WorkbenchError('bad_input', 'A client certificate needs both the certificate and its private key.', {
      subject: tls.certFile ?? tls.keyFile,
      hint: 'Pass both {{certFile}} and {{keyFile}} (PEM files).',
    });
  }
  const [rootCerts, privateKey, certChain] = await Promise.all([
    readPem(tls.caFile, 'CA certificate'),
    readPem(tls.keyFile, 'client key'),
    readPem(tls.certFile, 'client certificate'),
  ]);
  if (rootCerts !== null && !rootCerts.includes('-----BEGIN CERTIFICATE-----')) {
    // Node would accept the file and verify against no CA at all, blaming the server's certificate.
    throw new WorkbenchError('bad_input', `The CA file ${tls.caFile} contains no PEM certificate.`, {
      subject: tls.caFile,
      hint: 'Pass the CA certificate(s) as PEM ("-----BEGIN CERTIFICATE-----") with {{caFile}}.',
      setting: 'caFile',
    });
  }
  const verifyOptions = tls.insecureSkipVerify
    ? // Verification off (grpcurl's -insecure): accept any chain and any name.
      { rejectUnauthorized: false, checkServerIdentity: () => undefined }
    : {};
  try {
    return credentials.createSsl(rootCerts, privateKey, certChain, verifyOptions);
  } catch (error) {
    // Node parses the PEM files here: a file that is not a certificate/key fails now, not at connect.
    const files = [tls.caFile, tls.certFile, tls.keyFile].filter((file) => file !== undefined).join(', ');
    throw new WorkbenchError('bad_input', `The TLS files ${files} are not usable: ${(error as Error).message}`, {
      subject: files,
      hint: 'Pass PEM files: the CA certificate(s), and the client certificate with its matching private key.',
    });
  }
}

async function readPem(path: string | undefined, what: string): Promise<Buffer | null> {
  if (path === undefined) return null;
  try {
    return await readFile(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new WorkbenchError('io', `Cannot read the ${what} file ${path}: ${reason}`, {
      subject: path,
      hint: 'Check the path and its permissions.',
    });
  }
}
