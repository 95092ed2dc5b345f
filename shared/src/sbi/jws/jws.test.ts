import { sign, type X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SbiVerifyError, type SbiVerifyErrorCode } from '../errors.js';
import { createSelfSignedTestCertificate, createTestCa, issueTestCertificate, type TestKeyPair } from '../test-pki.js';
import { signJwsX5c } from './sign.js';
import { WebCertificate } from '../x509/web-certificate.js';
import { verifyJwsX5c, verifyJwsX5cJson, type VerifyJwsX5cOptions } from './verify.js';
import { verifyJwsX5cWeb } from './web-verify.js';

const DAY = 86_400_000;
const b64url = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

async function codeOf(p: Promise<unknown>): Promise<SbiVerifyErrorCode | string | undefined> {
  try {
    await p;
  } catch (e) {
    return e instanceof SbiVerifyError ? e.code : `not-an-SbiVerifyError: ${String(e)}`;
  }
  return undefined;
}

/** What the tests read of a verified JWS, from either verifier. */
type Verify = (
  jws: string,
  opts: VerifyJwsX5cOptions,
) => Promise<{
  payload: Uint8Array;
  certificate: { fingerprint256: string; subject: string };
  chain: { subject: string }[];
}>;

/** The browser's verifier (WebCrypto, the DER reader) given the same anchors as DER. */
const verifyInBrowserWay: Verify = async (jws, opts) => {
  const web = (certs: readonly X509Certificate[] = []) => Promise.all(certs.map((c) => WebCertificate.fromDer(c.raw)));
  return verifyJwsX5cWeb(jws, {
    ...opts,
    trustAnchors: await web(opts.trustAnchors),
    intermediates: await web(opts.intermediates),
  });
};

// Both verifiers run every case: they share the rules (x5c-rules.ts, path-rules.ts), and must agree.
describe.each([
  ['node:crypto', verifyJwsX5c as Verify],
  ['WebCrypto', verifyInBrowserWay],
])('JWS with x5c (%s)', (_name, verify) => {
  let root: TestKeyPair;
  let inter: TestKeyPair;
  let device: TestKeyPair;
  let viaInter: TestKeyPair;
  let expired: TestKeyPair;
  let future: TestKeyPair;
  let rogue: TestKeyPair;
  let otherRoot: TestKeyPair;
  const anchors = (): X509Certificate[] => [root.certificate];

  beforeAll(async () => {
    const now = Date.now();
    root = await createTestCa({ subject: 'CN=Test Device Provider CA, O=Signet Test' });
    inter = await createTestCa({ subject: 'CN=Test Device Provider Issuing CA, O=Signet Test' }, root);
    device = await issueTestCertificate(root, { subject: 'CN=SIM-0001, O=Signet Test' });
    viaInter = await issueTestCertificate(inter, { subject: 'CN=SIM-0002, O=Signet Test' });
    expired = await issueTestCertificate(root, {
      subject: 'CN=Old',
      notBefore: new Date(now - 30 * DAY),
      notAfter: new Date(now - DAY),
    });
    future = await issueTestCertificate(root, {
      subject: 'CN=Future',
      notBefore: new Date(now + DAY),
      notAfter: new Date(now + 30 * DAY),
    });
    rogue = await createSelfSignedTestCertificate({ subject: 'CN=SIM-0001, O=Signet Test' });
    otherRoot = await createTestCa({ subject: 'CN=Test Device Provider CA, O=Signet Test' });
  });

  const signer = (k: TestKeyPair, ...chain: TestKeyPair[]) => ({
    privateKey: k.privateKey,
    certificates: [k.certificate, ...chain.map((c) => c.certificate)],
  });

  it('signs with the header devices use and verifies back', async () => {
    const jws = await signJwsX5c({ hello: 'world' }, signer(device));
    const [h] = jws.split('.');
    const header = JSON.parse(Buffer.from(h!, 'base64url').toString()) as Record<string, unknown>;
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT', x5c: [device.certificate.raw.toString('base64')] });
    expect(header.x5c as string[]).not.toContain('-');
    const v = await verify(jws, { trustAnchors: anchors() });
    expect(JSON.parse(Buffer.from(v.payload).toString())).toEqual({ hello: 'world' });
    expect(v.certificate.fingerprint256).toBe(device.certificate.fingerprint256);
    expect(v.chain.map((c) => c.subject)).toEqual([device.certificate.subject, root.certificate.subject]);
  });

  it('chains through intermediates in x5c or given separately', async () => {
    const withChain = await signJwsX5c('{}', signer(viaInter, inter));
    expect((await verify(withChain, { trustAnchors: anchors() })).chain).toHaveLength(3);
    const bare = await signJwsX5c('{}', signer(viaInter));
    expect(await codeOf(verify(bare, { trustAnchors: anchors() }))).toBe('ERR_SBI_CERT_UNTRUSTED');
    expect((await verify(bare, { trustAnchors: anchors(), intermediates: [inter.certificate] })).chain).toHaveLength(3);
    // Trusting the intermediate itself also works.
    expect((await verify(bare, { trustAnchors: [inter.certificate] })).chain).toHaveLength(2);
  });

  it('trusts a leaf pinned as an anchor', async () => {
    const jws = await signJwsX5c('{}', signer(rogue));
    expect((await verify(jws, { trustAnchors: [rogue.certificate] })).chain).toHaveLength(1);
  });

  it('refuses signers outside the trust anchors, even with a look-alike CA name', async () => {
    expect(await codeOf(verify(await signJwsX5c('{}', signer(rogue)), { trustAnchors: anchors() }))).toBe(
      'ERR_SBI_CERT_UNTRUSTED',
    );
    expect(
      await codeOf(verify(await signJwsX5c('{}', signer(device)), { trustAnchors: [otherRoot.certificate] })),
    ).toBe('ERR_SBI_CERT_UNTRUSTED');
    expect(await codeOf(verify(await signJwsX5c('{}', signer(device)), { trustAnchors: [] }))).toBe(
      'ERR_SBI_CERT_UNTRUSTED',
    );
    // A leaf cannot act as an intermediate.
    const underLeaf = await issueTestCertificate(device, { subject: 'CN=Under a leaf' });
    expect(await codeOf(verify(await signJwsX5c('{}', signer(underLeaf, device)), { trustAnchors: anchors() }))).toBe(
      'ERR_SBI_CERT_UNTRUSTED',
    );
  });

  it('checks validity dates at `now`', async () => {
    expect(await codeOf(verify(await signJwsX5c('{}', signer(expired)), { trustAnchors: anchors() }))).toBe(
      'ERR_SBI_CERT_EXPIRED',
    );
    expect(await codeOf(verify(await signJwsX5c('{}', signer(future)), { trustAnchors: anchors() }))).toBe(
      'ERR_SBI_CERT_NOT_YET_VALID',
    );
    const ok = await signJwsX5c('{}', signer(future));
    await expect(verify(ok, { trustAnchors: anchors(), now: new Date(Date.now() + 2 * DAY) })).resolves.toBeTruthy();
    const jws = await signJwsX5c('{}', signer(device));
    expect(await codeOf(verify(jws, { trustAnchors: anchors(), now: new Date(Date.now() + 400 * DAY) }))).toBe(
      'ERR_SBI_CERT_EXPIRED',
    );
  });

  it('detects a tampered payload or a key that does not match x5c', async () => {
    const jws = await signJwsX5c({ score: '60' }, signer(device));
    const [h, , s] = jws.split('.');
    expect(await codeOf(verify(`${h}.${b64url({ score: '99' })}.${s}`, { trustAnchors: anchors() }))).toBe(
      'ERR_SBI_JWS_SIGNATURE',
    );
    const wrongKey = await signJwsX5c('{}', { privateKey: rogue.privateKey, certificates: [device.certificate] });
    expect(await codeOf(verify(wrongKey, { trustAnchors: anchors() }))).toBe('ERR_SBI_JWS_SIGNATURE');
  });

  it('rejects other algorithms, missing or broken x5c, and malformed input', async () => {
    const x5c = [device.certificate.raw.toString('base64')];
    const sig = 'AAAA';
    const forged = (header: unknown) => `${b64url(header)}.${b64url('{}')}.${sig}`;
    expect(await codeOf(verify(forged({ alg: 'none', x5c }), { trustAnchors: anchors() }))).toBe('ERR_SBI_JWS_ALG');
    expect(await codeOf(verify(forged({ alg: 'HS256', x5c }), { trustAnchors: anchors() }))).toBe('ERR_SBI_JWS_ALG');
    expect(await codeOf(verify(forged({ alg: 'RS256' }), { trustAnchors: anchors() }))).toBe('ERR_SBI_X5C_MISSING');
    expect(await codeOf(verify(forged({ alg: 'RS256', x5c: [] }), { trustAnchors: anchors() }))).toBe(
      'ERR_SBI_X5C_MISSING',
    );
    expect(await codeOf(verify(forged({ alg: 'RS256', x5c: 'abc' }), { trustAnchors: anchors() }))).toBe(
      'ERR_SBI_X5C_MISSING',
    );
    expect(await codeOf(verify(forged({ alg: 'RS256', x5c: ['bm90IGEgY2VydA=='] }), { trustAnchors: anchors() }))).toBe(
      'ERR_SBI_CERT_MALFORMED',
    );
    // x5c must be standard base64, not base64url.
    const urlX5c = [device.certificate.raw.toString('base64url')];
    expect(await codeOf(verify(forged({ alg: 'RS256', x5c: urlX5c }), { trustAnchors: anchors() }))).toBe(
      'ERR_SBI_CERT_MALFORMED',
    );
    for (const bad of ['', 'a.b', 'a.b.c.d', '!!.e30.AA', `${b64url('not json')}.e30.AA`]) {
      expect(await codeOf(verify(bad, { trustAnchors: anchors() }))).toBe('ERR_SBI_JWS_MALFORMED');
    }
  });

  it('rejects RSA keys under 2048 bits', async () => {
    const small = await issueTestCertificate(root, { subject: 'CN=Small', modulusLength: 1024 });
    // jose refuses to sign with such a key, so sign by hand as a careless device would.
    const input = `${b64url({ alg: 'RS256', typ: 'JWT', x5c: [small.certificate.raw.toString('base64')] })}.${b64url('{}')}`;
    const jws = `${input}.${sign('sha256', Buffer.from(input), small.privateKey).toString('base64url')}`;
    expect(await codeOf(verify(jws, { trustAnchors: anchors() }))).toBe('ERR_SBI_CERT_KEY');
    const ok = await signJwsX5c('{}', signer(device));
    expect(await codeOf(verify(ok, { trustAnchors: anchors(), minRsaBits: 3072 }))).toBe('ERR_SBI_CERT_KEY');
  });

  it('parses the payload with a schema', async () => {
    const Schema = z.object({ bioType: z.enum(['Finger', 'Iris', 'Face']) });
    const good = await signJwsX5c({ bioType: 'Iris', extra: 1 }, signer(device));
    expect((await verifyJwsX5cJson(good, Schema, { trustAnchors: anchors() })).data).toEqual({ bioType: 'Iris' });
    const bad = await signJwsX5c({ bioType: 'Palm' }, signer(device));
    expect(await codeOf(verifyJwsX5cJson(bad, Schema, { trustAnchors: anchors() }))).toBe('ERR_SBI_PAYLOAD_INVALID');
    const notJson = await signJwsX5c('not json', signer(device));
    expect(await codeOf(verifyJwsX5cJson(notJson, Schema, { trustAnchors: anchors() }))).toBe(
      'ERR_SBI_PAYLOAD_INVALID',
    );
  });
});
