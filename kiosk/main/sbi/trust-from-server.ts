// The bridge's trust policy from the server's public trust anchors (GET /v1/signet/sbi/trust-anchors):
// the kiosk trusts for captures exactly the device-provider and FTM CAs the server will check them
// against, in the server's preferred SBI environment, with each CA's provider and device binding.
import { X509Certificate } from 'node:crypto';
import type { TrustPolicy } from '@signet-kiosk/sbi-bridge';
import { SBI_TRUST_ANCHORS_PATH, SbiTrustAnchorsSchema, type SbiTrustAnchors } from '@signet-kiosk/shared/sbi';

/**
 * The policy for an answer of the trust-anchor endpoint, in its first (preferred) environment.
 * @example const trust = trustPolicyOf(SbiTrustAnchorsSchema.parse(json));
 */
export function trustPolicyOf(anchors: SbiTrustAnchors): TrustPolicy {
  const env = anchors.envs[0]!;
  const mine = anchors.anchors.filter((a) => a.env === env);
  const certificate = (base64: string) => new X509Certificate(Buffer.from(base64, 'base64'));
  const deviceCas = mine.filter((a) => a.kind === 'device-provider');
  return {
    env,
    deviceProviderCas: deviceCas.map((a) => certificate(a.certificate)),
    ftmCas: mine.filter((a) => a.kind === 'ftm').map((a) => certificate(a.certificate)),
    deviceProviders: new Map(
      deviceCas.flatMap((a) => (a.deviceProvider === null ? [] : [[a.fingerprint256, a.deviceProvider] as const])),
    ),
    deviceBinding: new Map(
      deviceCas.map(
        (a) =>
          [a.fingerprint256, a.deviceBinding === 'registered-devices' ? 'unchecked' : 'certificate-subject'] as const,
      ),
    ),
  };
}

/**
 * Reads the server's trust anchors; throws when they cannot be had (then no capture can be trusted).
 * @example const trust = await fetchTrustPolicy('https://id.example.org');
 */
export async function fetchTrustPolicy(serverUrl: string, signal?: AbortSignal): Promise<TrustPolicy> {
  const res = await fetch(new URL(SBI_TRUST_ANCHORS_PATH, serverUrl), signal ? { signal } : {});
  if (!res.ok) throw new Error(`The server's SBI trust anchors: HTTP ${res.status}.`);
  return trustPolicyOf(SbiTrustAnchorsSchema.parse(await res.json()));
}
