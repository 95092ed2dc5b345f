// The small DER reader against node:crypto (OpenSSL) and @peculiar/x509 on certificates of every
// shape the verifier meets, and against corrupted ones: it reads the same names, dates and
// constraints, and refuses anything malformed with a DerError — never another error, never a hang.
import { verify, type X509Certificate } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadX509Library } from '../peculiar-x509.js';
import { createSelfSignedTestCertificate, createTestCa, issueTestCertificate, type TestKeyPair } from '../test-pki.js';
import { readCertificateFields } from './certificate-fields.js';
import { DerError } from './der.js';

let certificates: X509Certificate[];

beforeAll(async () => {
  const root = await createTestCa({ subject: 'CN=Fields Root CA, O=Signet Test, C=KH' });
  const inter = await createTestCa({ subject: 'CN=Fields Issuing CA, OU=Devices, O=Signet Test', pathLength: 0 }, root);
  const made: TestKeyPair[] = [
    root,
    inter,
    await issueTestCertificate(inter, { subject: 'CN=SIM-FNG-0001, 2.5.4.5=SN-42, O=Signet Simulated Devices' }),
    await issueTestCertificate(root, {
      subject: 'CN=ដារ៉ា លីម, O=ក្រុមហ៊ុន',
      keyUsages: ['keyEncipherment'],
      notAfter: new Date(Date.UTC(2051, 0, 2)),
    }),
    await createSelfSignedTestCertificate({ subject: 'CN=Self Signed, L=Phnom Penh' }),
  ];
  certificates = made.map((k) => k.certificate);
});

describe('readCertificateFields', () => {
  it('reads what node:crypto and @peculiar/x509 read', async () => {
    const lib = await loadX509Library();
    for (const cert of certificates) {
      const fields = readCertificateFields(new Uint8Array(cert.raw));
      const text = (attributes: [string, string][]) => attributes.map(([k, v]) => `${k}=${v}`).join('\n');
      expect(text(fields.subject)).toBe(cert.subject);
      expect(text(fields.issuer)).toBe(cert.issuer);
      expect([fields.notBefore.getTime(), fields.notAfter.getTime()]).toEqual([
        Date.parse(cert.validFrom),
        Date.parse(cert.validTo),
      ]);
      const peculiar = new lib.X509Certificate(cert.raw);
      const basic = peculiar.getExtension(lib.BasicConstraintsExtension);
      const usages = peculiar.getExtension(lib.KeyUsagesExtension)?.usages;
      expect(fields.constraints).toEqual({
        ca: basic?.ca ?? false,
        pathLength: basic?.pathLength,
        keyUsage:
          usages === undefined
            ? undefined
            : {
                digitalSignature: (usages & lib.KeyUsageFlags.digitalSignature) !== 0,
                keyCertSign: (usages & lib.KeyUsageFlags.keyCertSign) !== 0,
              },
      });
      // The signed part and the signature are the ones its issuer's key verifies.
      const issuer = certificates.find((c) => c.subject === cert.issuer)!;
      expect(verify('sha256', fields.tbs, issuer.publicKey, fields.signature)).toBe(true);
      expect(Buffer.from(fields.signature)).toEqual(Buffer.from(peculiar.signature));
      expect(Buffer.from(fields.spki)).toEqual(cert.publicKey.export({ type: 'spki', format: 'der' }));
      expect(fields.spkiAlgorithm).toBe('1.2.840.113549.1.1.1');
    }
  });

  it('refuses truncated, padded and corrupted encodings with a DerError only', () => {
    const der = new Uint8Array(certificates[2]!.raw);
    expect(() => readCertificateFields(der.subarray(0, der.length - 1))).toThrow(DerError);
    expect(() => readCertificateFields(Uint8Array.from([...der, 0]))).toThrow(DerError);
    expect(() => readCertificateFields(new Uint8Array())).toThrow(DerError);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(der.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        (flips) => {
          const bytes = new Uint8Array(der);
          for (const [at, value] of flips) bytes[at] = value;
          try {
            readCertificateFields(bytes);
          } catch (err) {
            if (!(err instanceof DerError)) throw err;
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
