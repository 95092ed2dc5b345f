// Trust issues carry their category, and a refused capture's error code follows the categories of
// its error issues (signature, then untrusted, then malformed, then the rest), never their text.
import { describe, expect, it } from 'vitest';
import { TRUST_CATEGORIES, TRUST_ISSUES, VerdictBuilder, type TrustIssueCode } from '@signet-kiosk/shared/sbi';
import { refusalCode } from './capture-trust.js';

const verdictOf = (...issues: [TrustIssueCode, ('error' | 'warning')?][]) => {
  const v = new VerdictBuilder();
  for (const [code, severity] of issues) v.add(code, 'biometrics[0]', undefined, severity ?? 'error');
  return v.build();
};

describe('trust issue categories', () => {
  it('gives every issue its category', () => {
    const v = verdictOf(
      ['DEVICE_CERT_SUBJECT_MISMATCH'],
      ['TIMESTAMP_SKEW'],
      ['DIGITAL_ID_CERT_EXPIRED'],
      ['L0_FOR_AUTH', 'warning'],
    );
    expect(v.issues.map((i) => [i.code, i.category])).toEqual([
      ['DEVICE_CERT_SUBJECT_MISMATCH', 'binding'],
      ['TIMESTAMP_SKEW', 'timestamp'],
      ['DIGITAL_ID_CERT_EXPIRED', 'certificate'],
      ['L0_FOR_AUTH', 'certification'],
    ]);
    for (const code of Object.keys(TRUST_ISSUES) as TrustIssueCode[])
      expect(Object.keys(TRUST_CATEGORIES)).toContain(verdictOf([code]).issues[0]!.category);
  });

  it('names the refusal by the categories of the error issues, signature first', () => {
    expect(
      refusalCode(verdictOf(['TRANSACTION_ID_MISMATCH'], ['DIGITAL_ID_CERT_EXPIRED'], ['DEVICE_SIGNATURE_INVALID'])),
    ).toBe('ERR_BRIDGE_SIGNATURE_INVALID');
    expect(refusalCode(verdictOf(['PAYLOAD_INVALID'], ['DEVICE_CERT_SUBJECT_MISMATCH']))).toBe('ERR_BRIDGE_UNTRUSTED');
    expect(refusalCode(verdictOf(['TIMESTAMP_SKEW'], ['PAYLOAD_INVALID']))).toBe('ERR_BRIDGE_MALFORMED_RESPONSE');
    expect(refusalCode(verdictOf(['L0_FOR_AUTH', 'warning'], ['THUMBPRINT_MISMATCH']))).toBe(
      'ERR_BRIDGE_CAPTURE_INVALID',
    );
  });

  it('refuses each kind of capture issue with the error it always raised', () => {
    const expected: Partial<Record<TrustIssueCode, string>> = {
      DEVICE_SIGNATURE_INVALID: 'ERR_BRIDGE_SIGNATURE_INVALID',
      DIGITAL_ID_SIGNATURE_INVALID: 'ERR_BRIDGE_SIGNATURE_INVALID',
      DEVICE_CERT_UNTRUSTED: 'ERR_BRIDGE_UNTRUSTED',
      DEVICE_CERT_EXPIRED: 'ERR_BRIDGE_UNTRUSTED',
      DEVICE_CERT_NOT_YET_VALID: 'ERR_BRIDGE_UNTRUSTED',
      DIGITAL_ID_CERT_UNTRUSTED: 'ERR_BRIDGE_UNTRUSTED',
      DIGITAL_ID_CERT_EXPIRED: 'ERR_BRIDGE_UNTRUSTED',
      DIGITAL_ID_CERT_NOT_YET_VALID: 'ERR_BRIDGE_UNTRUSTED',
      DEVICE_CERT_SUBJECT_MISMATCH: 'ERR_BRIDGE_UNTRUSTED',
      L0_FOR_AUTH: 'ERR_BRIDGE_UNTRUSTED',
      NOT_REGISTERED: 'ERR_BRIDGE_UNTRUSTED',
      IDENTITY_MISMATCH: 'ERR_BRIDGE_UNTRUSTED',
      PAYLOAD_INVALID: 'ERR_BRIDGE_MALFORMED_RESPONSE',
      TRANSACTION_ID_MISMATCH: 'ERR_BRIDGE_CAPTURE_INVALID',
      DOMAIN_URI_MISMATCH: 'ERR_BRIDGE_CAPTURE_INVALID',
      ENV_MISMATCH: 'ERR_BRIDGE_CAPTURE_INVALID',
      PURPOSE_MISMATCH: 'ERR_BRIDGE_CAPTURE_INVALID',
      BIO_TYPE_MISMATCH: 'ERR_BRIDGE_CAPTURE_INVALID',
      TIMESTAMP_FORMAT: 'ERR_BRIDGE_CAPTURE_INVALID',
      TIMESTAMP_SKEW: 'ERR_BRIDGE_CAPTURE_INVALID',
      TIMESTAMP_ORDER: 'ERR_BRIDGE_CAPTURE_INVALID',
      HASH_MALFORMED: 'ERR_BRIDGE_CAPTURE_INVALID',
      HASH_CHAIN_BROKEN: 'ERR_BRIDGE_CAPTURE_INVALID',
      THUMBPRINT_MISMATCH: 'ERR_BRIDGE_CAPTURE_INVALID',
      DECRYPT_FAILED: 'ERR_BRIDGE_CAPTURE_INVALID',
      REQUEST_ORIGIN_MISMATCH: 'ERR_BRIDGE_CAPTURE_INVALID',
    };
    for (const [code, refusal] of Object.entries(expected))
      expect([code, refusalCode(verdictOf([code as TrustIssueCode]))]).toEqual([code, refusal]);
  });
});
