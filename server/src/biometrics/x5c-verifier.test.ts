// The cached JWS verifier: the same answers as the shared verifier, with the chain remembered
// per anchor set — never past a certificate's validity, never after the anchors change.
import { describe, expect, it } from 'vitest';
import { signJwsX5c, createTestCa, issueTestCertificate } from '@signet-kiosk/shared/sbi/crypto';
import type { AnchorSet } from './trust-store.js';
import { X5cVerifier } from './x5c-verifier.js';

describe('X5cVerifier', () => {
  it('verifies, then serves a known signer from its cache until its certificate expires', async () => {
    const ca = await createTestCa({ subject: 'CN=Verifier CA' });
    const notAfter = new Date(Date.now() + 3_600_000);
    const device = await issueTestCertificate(ca, { subject: 'CN=Device', notAfter });
    const anchors: AnchorSet = {
      kind: 'device-provider',
      env: 'Production',
      certificates: [ca.certificate],
      deviceCas: new Map(),
    };
    const verifier = new X5cVerifier();
    const signer = { privateKey: device.privateKey, certificates: [device.certificate] };
    const jws = await signJwsX5c({ a: 1 }, signer);
    const first = await verifier.verify(jws, anchors, new Date());
    expect(new TextDecoder().decode(first.payload)).toBe('{"a":1}');
    expect([first.certificate.fingerprint256, first.anchor.fingerprint256]).toEqual([
      device.certificate.fingerprint256,
      ca.certificate.fingerprint256,
    ]);
    // Cached: a second JWS by the same device, and a bad signature still fails.
    const cached = await verifier.verify(await signJwsX5c({ b: 2 }, signer), anchors, new Date());
    expect(new TextDecoder().decode(cached.payload)).toBe('{"b":2}');
    expect([cached.certificate, cached.anchor]).toEqual([first.certificate, first.anchor]);
    const bad = jws.slice(0, -4) + (jws.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    await expect(verifier.verify(bad, anchors, new Date())).rejects.toMatchObject({ code: 'ERR_SBI_JWS_SIGNATURE' });
    // A character outside ASCII whose low byte is the one it replaces does not pass for it.
    const [h, p, sig] = jws.split('.') as [string, string, string];
    const at = p.indexOf('A') >= 0 ? p.indexOf('A') : 0;
    const lookalike = `${h}.${p.slice(0, at)}${String.fromCharCode(0x100 + p.charCodeAt(at))}${p.slice(at + 1)}.${sig}`;
    await expect(verifier.verify(lookalike, anchors, new Date())).rejects.toMatchObject({
      code: 'ERR_SBI_JWS_SIGNATURE',
    });
    // Past the device certificate's end, the cache does not answer.
    await expect(verifier.verify(jws, anchors, new Date(notAfter.getTime() + 1000))).rejects.toMatchObject({
      code: 'ERR_SBI_CERT_EXPIRED',
    });
  });

  it('a new anchor set (a CA removed) does not reuse what the old one verified', async () => {
    const ca = await createTestCa({ subject: 'CN=Removed CA' });
    const device = await issueTestCertificate(ca, { subject: 'CN=Device' });
    const verifier = new X5cVerifier();
    const jws = await signJwsX5c({ a: 1 }, { privateKey: device.privateKey, certificates: [device.certificate] });
    await verifier.verify(
      jws,
      { kind: 'device-provider', env: 'Production', certificates: [ca.certificate], deviceCas: new Map() },
      new Date(),
    );
    await expect(
      verifier.verify(
        jws,
        { kind: 'device-provider', env: 'Production', certificates: [], deviceCas: new Map() },
        new Date(),
      ),
    ).rejects.toMatchObject({ code: 'ERR_SBI_CERT_UNTRUSTED' });
  });
});
