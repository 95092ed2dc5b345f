import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestCa, issueTestCertificate, type TestKeyPair } from './test-pki.js';
import { certificateThumbprint, verifyThumbprint } from './thumbprint.js';

describe('certificateThumbprint', () => {
  let enc: TestKeyPair;
  let ca: TestKeyPair;
  beforeAll(async () => {
    ca = await createTestCa({ subject: 'CN=Test ID System CA' });
    enc = await issueTestCertificate(ca, { subject: 'CN=IDA-FIR', use: 'encrypt' });
  });
  it('is the upper-case hex SHA-256 of the DER, from any input form', () => {
    const expected = createHash('sha256').update(enc.certificate.raw).digest('hex').toUpperCase();
    expect(certificateThumbprint(enc.certificate)).toBe(expected);
    expect(certificateThumbprint(enc.certificate.toString())).toBe(expected);
    expect(certificateThumbprint(enc.certificate.raw)).toBe(expected);
    expect(expected).toMatch(/^[0-9A-F]{64}$/);
  });
  it('verifies a thumbprint against its certificate, in either hex case', () => {
    const t = certificateThumbprint(enc.certificate);
    expect(() => verifyThumbprint(t, enc.certificate)).not.toThrow();
    expect(() => verifyThumbprint(t.toLowerCase(), enc.certificate)).not.toThrow();
    for (const bad of [certificateThumbprint(ca.certificate), 'AB', '', 'Z'.repeat(64)]) {
      expect(() => verifyThumbprint(bad, enc.certificate)).toThrow(
        expect.objectContaining({ code: 'ERR_SBI_THUMBPRINT_MISMATCH' }),
      );
    }
  });
});
