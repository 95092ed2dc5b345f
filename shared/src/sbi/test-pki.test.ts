import { describe, expect, it } from 'vitest';
import { createSelfSignedTestCertificate, createTestCa, issueTestCertificate } from './test-pki.js';

describe('test PKI', () => {
  it('makes a root, an intermediate and leaves that chain with the requested dates', async () => {
    const notBefore = new Date('2025-01-01T00:00:00Z');
    const notAfter = new Date('2035-01-01T00:00:00Z');
    const root = await createTestCa({ subject: 'CN=Root, O=Signet Test', notBefore, notAfter });
    const inter = await createTestCa({ subject: 'CN=Inter, O=Signet Test' }, root);
    const leaf = await issueTestCertificate(inter, {
      subject: 'CN=Leaf, O=Signet Test',
      notBefore,
      notAfter: new Date('2030-06-01T12:00:00Z'),
    });
    const enc = await issueTestCertificate(root, { subject: 'CN=IDA-FIR', use: 'encrypt' });

    expect(root.certificate.ca).toBe(true);
    expect(inter.certificate.ca).toBe(true);
    expect(leaf.certificate.ca).toBe(false);
    expect(new Date(root.certificate.validFrom)).toEqual(notBefore);
    expect(new Date(root.certificate.validTo)).toEqual(notAfter);
    expect(new Date(leaf.certificate.validTo)).toEqual(new Date('2030-06-01T12:00:00Z'));
    expect(root.certificate.verify(root.certificate.publicKey)).toBe(true);
    expect(
      inter.certificate.checkIssued(root.certificate) && inter.certificate.verify(root.certificate.publicKey),
    ).toBe(true);
    expect(
      leaf.certificate.checkIssued(inter.certificate) && leaf.certificate.verify(inter.certificate.publicKey),
    ).toBe(true);
    expect(leaf.certificate.checkIssued(root.certificate)).toBe(false);
    expect(leaf.certificate.checkPrivateKey(leaf.privateKey)).toBe(true);
    expect(enc.certificate.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(leaf.certificate.subject).toContain('CN=Leaf');
  });

  it('makes self-signed leaves that are not CAs', async () => {
    const self = await createSelfSignedTestCertificate({ subject: 'CN=Lonely' });
    expect(self.certificate.ca).toBe(false);
    expect(self.certificate.verify(self.certificate.publicKey)).toBe(true);
  });
});
