import { describe, expect, it } from 'vitest';
import { hintInUiTerms, toErrorInfo } from './error-info';

describe('hintInUiTerms', () => {
  it('names the connection bar fields instead of the CLI flags in the engine TLS hints', () => {
    expect(hintInUiTerms('Pass a client certificate and key with -cert and -key.')).toBe(
      'Pass a client certificate and key with “Client cert” and “Client key”.',
    );
    expect(hintInUiTerms('Pass the CA that signed it with -cacert, or skip verification with -insecure.')).toBe(
      'Pass the CA that signed it with “CA file”, or skip verification with “Skip verify”.',
    );
    expect(hintInUiTerms('Use -servername with one of: localhost, 127.0.0.1 (or -authority).')).toBe(
      'Use “Server name” with one of: localhost, 127.0.0.1 (or “Authority”).',
    );
    expect(hintInUiTerms('If it serves TLS, connect with TLS instead of -plaintext.')).toBe(
      'If it serves TLS, connect with TLS instead of “Security: Plaintext”.',
    );
  });

  it('maps the schema source flags, telling -proto from -protoset', () => {
    expect(hintInUiTerms('Give the schema as .proto files (-proto, -import-path) or a protoset (-protoset).')).toBe(
      'Give the schema as .proto files (“Proto files”, “Import paths”) or a protoset (“Protoset files”).',
    );
  });

  it('leaves double-dash options, file names and hyphenated words alone', () => {
    const untouched = 'Set --backend-key, read client-key.pem, or re-key the server-cert.';
    expect(hintInUiTerms(untouched)).toBe(untouched);
  });
});

describe('toErrorInfo', () => {
  it('keeps a known kind and treats anything else as internal', () => {
    expect(toErrorInfo({ kind: 'tls', message: 'bad', hint: 'h' })).toEqual({ kind: 'tls', message: 'bad', hint: 'h' });
    expect(toErrorInfo('boom')).toEqual({ kind: 'internal', message: 'boom' });
  });
});

describe('toErrorInfo', () => {
  it('keeps engine error data and turns anything else into an internal error', () => {
    expect(toErrorInfo({ kind: 'tls', message: 'unknown CA', hint: 'pass --cacert', subject: 'h:1' })).toEqual({
      kind: 'tls',
      message: 'unknown CA',
      hint: 'pass --cacert',
      subject: 'h:1',
    });
    expect(toErrorInfo(new Error('boom'))).toEqual({ kind: 'internal', message: 'boom' });
    expect(toErrorInfo('text')).toEqual({ kind: 'internal', message: 'text' });
  });
});
