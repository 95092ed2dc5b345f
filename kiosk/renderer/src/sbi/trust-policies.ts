// The trust policies of the browser's SBI client, one per SBI environment the server accepts, from
// the server's public trust anchors (GET /v1/signet/sbi/trust-anchors, shared SbiTrustAnchorsSchema):
// which device-provider and FTM CAs, the provider each device-provider CA may certify and how it
// binds device certificates (a `registered-devices` CA's binding only the server can check).
import {
  SBI_TRUST_ANCHORS_PATH,
  SbiTrustAnchorsSchema,
  webCertificates,
  type DeviceTrustPolicy,
  type SbiTrustAnchors,
  type WebCertificate,
} from '@signet-kiosk/shared/sbi';

export type TrustedEnv = SbiTrustAnchors['envs'][number];

export interface TrustPolicies {
  /** The environments the server accepts, its preferred one first. */
  envs: readonly TrustedEnv[];
  domainUris: readonly string[];
  byEnv: ReadonlyMap<TrustedEnv, DeviceTrustPolicy<WebCertificate>>;
}

/**
 * The policies for an answer of the trust-anchor endpoint.
 * @example const policies = await trustPoliciesOf(SbiTrustAnchorsSchema.parse(json));
 */
export async function trustPoliciesOf(anchors: SbiTrustAnchors): Promise<TrustPolicies> {
  const byEnv = new Map<TrustedEnv, DeviceTrustPolicy<WebCertificate>>();
  for (const env of anchors.envs) {
    const mine = anchors.anchors.filter((a) => a.env === env);
    const deviceCas = mine.filter((a) => a.kind === 'device-provider');
    const [deviceProviderCas, ftmCas] = await Promise.all([
      webCertificates(deviceCas.map((a) => a.certificate)),
      webCertificates(mine.filter((a) => a.kind === 'ftm').map((a) => a.certificate)),
    ]);
    byEnv.set(env, {
      deviceProviderCas,
      ftmCas,
      env,
      deviceProviders: new Map(
        deviceCas.flatMap((a) => (a.deviceProvider === null ? [] : [[a.fingerprint256, a.deviceProvider] as const])),
      ),
      deviceBinding: new Map(
        deviceCas.map(
          (a) =>
            [a.fingerprint256, a.deviceBinding === 'registered-devices' ? 'unchecked' : 'certificate-subject'] as const,
        ),
      ),
    });
  }
  return { envs: anchors.envs, domainUris: anchors.domainUris, byEnv };
}

/**
 * Reads the server's trust anchors; throws when they cannot be had (then no device can be trusted).
 * @example const policies = await fetchTrustPolicies('https://id.example.org');
 */
export async function fetchTrustPolicies(serverUrl: string, signal?: AbortSignal): Promise<TrustPolicies> {
  const res = await fetch(new URL(SBI_TRUST_ANCHORS_PATH, serverUrl), {
    credentials: 'omit',
    ...(signal ? { signal } : {}),
  });
  if (!res.ok) throw new Error(`The server's SBI trust anchors: HTTP ${res.status}.`);
  return trustPoliciesOf(SbiTrustAnchorsSchema.parse(await res.json()));
}
