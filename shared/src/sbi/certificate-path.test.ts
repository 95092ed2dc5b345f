// The certification path of a device JWS, through the verifier that uses it: who may issue
// (basicConstraints cA, keyUsage keyCertSign, pathLenConstraint) and who may sign (digitalSignature).
import { beforeAll, describe, expect, it } from 'vitest';
import { SbiVerifyError } from './errors.js';
import { signJwsX5c } from './jws/sign.js';
import { verifyJwsX5c } from './jws/verify.js';
import { verifyJwsX5cWeb } from './jws/web-verify.js';
import { WebCertificate } from './x509/web-certificate.js';
import { createTestCa, issueTestCertificate, type TestKeyPair } from './test-pki.js';

/**
 * Signs with `signer` (x5c: it, then `chain`) and verifies against `anchors`: the path's subjects, or
 * the refusal — the same from the Node and the browser verifier, which share the path rules.
 */
async function path(
  anchors: TestKeyPair[],
  signer: TestKeyPair,
  ...chain: TestKeyPair[]
): Promise<string[] | { code: string; message: string }> {
  const jws = await signJwsX5c('{}', {
    privateKey: signer.privateKey,
    certificates: [signer.certificate, ...chain.map((c) => c.certificate)],
  });
  const outcome = async (verify: () => Promise<{ chain: { subject: string }[] }>) => {
    try {
      return (await verify()).chain.map((c) => c.subject);
    } catch (e) {
      if (!(e instanceof SbiVerifyError)) throw e;
      return { code: e.code, message: e.message };
    }
  };
  const node = await outcome(() => verifyJwsX5c(jws, { trustAnchors: anchors.map((a) => a.certificate) }));
  const web = await outcome(async () =>
    verifyJwsX5cWeb(jws, {
      trustAnchors: await Promise.all(anchors.map((a) => WebCertificate.fromDer(a.certificate.raw))),
    }),
  );
  expect(web).toEqual(node);
  return node;
}

let root: TestKeyPair;
beforeAll(async () => {
  root = await createTestCa({ subject: 'CN=Path Test Root CA' });
});

describe('certification path: who may issue', () => {
  it('refuses a leaf certificate (basicConstraints cA false) as the issuer of the signer, even a trusted one with keyCertSign', async () => {
    const leaf = await issueTestCertificate(root, {
      subject: 'CN=Device Leaf',
      keyUsages: ['digitalSignature', 'keyCertSign'],
    });
    const underLeaf = await issueTestCertificate(leaf, { subject: 'CN=Issued By A Leaf' });
    expect(await path([root], underLeaf, leaf)).toMatchObject({
      code: 'ERR_SBI_CERT_UNTRUSTED',
      message: expect.stringContaining('CN=Device Leaf is not a CA (basicConstraints cA is not set)'),
    });
    expect(await path([leaf], underLeaf)).toMatchObject({
      code: 'ERR_SBI_CERT_UNTRUSTED',
      message: expect.stringContaining('CN=Device Leaf is not a CA'),
    });
    // Trusted as itself, the leaf still signs.
    expect(await path([leaf], leaf)).toEqual(['CN=Device Leaf']);
  });

  it('refuses a CA whose keyUsage lacks keyCertSign, as intermediate or as anchor', async () => {
    const noCertSign = await createTestCa(
      { subject: 'CN=CA Without keyCertSign', keyUsages: ['digitalSignature', 'cRLSign'] },
      root,
    );
    const device = await issueTestCertificate(noCertSign, { subject: 'CN=Device Under It' });
    for (const refusal of [await path([root], device, noCertSign), await path([noCertSign], device)]) {
      expect(refusal).toMatchObject({
        code: 'ERR_SBI_CERT_UNTRUSTED',
        message: expect.stringContaining(
          'CN=CA Without keyCertSign may not sign certificates (its keyUsage lacks keyCertSign)',
        ),
      });
    }
  });

  it('refuses a path longer than an issuer’s pathLenConstraint, the anchor’s or an intermediate’s', async () => {
    const rootLen0 = await createTestCa({ subject: 'CN=Root pathLen 0', pathLength: 0 });
    const under0 = await createTestCa({ subject: 'CN=Intermediate Under Root pathLen 0' }, rootLen0);
    expect(
      await path([rootLen0], await issueTestCertificate(under0, { subject: 'CN=Device A' }), under0),
    ).toMatchObject({
      code: 'ERR_SBI_CERT_UNTRUSTED',
      message: expect.stringContaining(
        'CN=Root pathLen 0 allows 0 intermediate CA certificate(s) below it (pathLenConstraint); this path has 1',
      ),
    });
    expect(await path([rootLen0], await issueTestCertificate(rootLen0, { subject: 'CN=Device B' }))).toEqual([
      'CN=Device B',
      'CN=Root pathLen 0',
    ]);

    const interLen0 = await createTestCa({ subject: 'CN=Intermediate pathLen 0', pathLength: 0 }, root);
    const second = await createTestCa({ subject: 'CN=Second Intermediate' }, interLen0);
    expect(
      await path([root], await issueTestCertificate(second, { subject: 'CN=Device C' }), second, interLen0),
    ).toMatchObject({
      code: 'ERR_SBI_CERT_UNTRUSTED',
      message: expect.stringContaining('CN=Intermediate pathLen 0 allows 0'),
    });
    expect(await path([root], await issueTestCertificate(interLen0, { subject: 'CN=Device D' }), interLen0)).toEqual([
      'CN=Device D',
      'CN=Intermediate pathLen 0',
      'CN=Path Test Root CA',
    ]);

    const rootLen1 = await createTestCa({ subject: 'CN=Root pathLen 1', pathLength: 1 });
    const under1 = await createTestCa({ subject: 'CN=Intermediate Under Root pathLen 1' }, rootLen1);
    expect(await path([rootLen1], await issueTestCertificate(under1, { subject: 'CN=Device E' }), under1)).toHaveLength(
      3,
    );
  });
});

describe('certification path: who may sign', () => {
  it('refuses a signing certificate whose keyUsage lacks digitalSignature (an encryption certificate)', async () => {
    const encryption = await issueTestCertificate(root, { subject: 'CN=IDA-FIR', use: 'encrypt' });
    expect(await path([root], encryption)).toMatchObject({
      code: 'ERR_SBI_CERT_UNTRUSTED',
      message: expect.stringContaining('CN=IDA-FIR may not sign data (its keyUsage lacks digitalSignature)'),
    });
  });

  it('accepts device certificates as the test PKI issues them, directly under the anchor or through an intermediate', async () => {
    const inter = await createTestCa({ subject: 'CN=Issuing CA' }, root);
    expect(await path([root], await issueTestCertificate(root, { subject: 'CN=Device F' }))).toEqual([
      'CN=Device F',
      'CN=Path Test Root CA',
    ]);
    expect(await path([root], await issueTestCertificate(inter, { subject: 'CN=Device G' }), inter)).toEqual([
      'CN=Device G',
      'CN=Issuing CA',
      'CN=Path Test Root CA',
    ]);
  });
});
