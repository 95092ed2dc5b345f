// What the trust checks (device-verdict.ts, capture-verdict.ts) need of a certificate
// implementation and what they are told to trust: node:crypto's for the bridge, WebCertificate for
// the browser. The checks are written once over these.
import type { VerifiedX5cJws } from '../jws/x5c-rules.js';
import type { CertificateSubject } from '../rules/device-binding.js';
import type { Env } from '../messages/fields.js';

/** The certificate fields the checks read and a verdict summarises. */
export interface TrustCertificate {
  readonly subject: string;
  readonly issuer: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly fingerprint256: string;
}

export interface CertificateToolkit<C extends TrustCertificate> {
  /** Verifies a device JWS (x5c-rules.ts) against these anchors; throws SbiVerifyError. */
  verify(jws: string, anchors: readonly C[]): Promise<VerifiedX5cJws<C>>;
  /** The subject's attributes, for the certificate-subject binding rule. */
  subjectOf(cert: C): CertificateSubject;
}

export interface DeviceTrustPolicy<C extends TrustCertificate> {
  /** CAs of device providers: they sign device keys (deviceInfo and capture `data`). */
  deviceProviderCas: readonly C[];
  /** CAs of FTM (trust module) makers: they sign the keys behind L1 digitalIds. */
  ftmCas: readonly C[];
  /** L0 devices (software keys, e.g. a serial module) are flagged for Auth; true makes that a warning. */
  allowL0ForAuth?: boolean;
  /**
   * How device certificates name their devices. `certificate-subject` (default, as the reference
   * simulator's): the certificate that signs device info or a capture must name the digitalId's
   * serial number and provider (rules/device-binding.ts), else DEVICE_CERT_SUBJECT_MISMATCH.
   * `unchecked`: for providers whose certificates do not, which the server binds by registration.
   * A map (by the device-provider CA's fingerprint256) gives each CA its own.
   */
  deviceBinding?: 'certificate-subject' | 'unchecked' | ReadonlyMap<string, 'certificate-subject' | 'unchecked'>;
  /**
   * The device provider each device-provider CA (by fingerprint256) may certify, as the server ties
   * them: a device whose certificate chains to a CA listed for another provider than its digitalId
   * names, or to one not listed, is flagged DEVICE_CERT_PROVIDER_MISMATCH, whatever deviceBinding
   * says. Unset: not checked (the server checks it).
   */
  deviceProviders?: ReadonlyMap<string, string>;
  /** How far a device timestamp may lie outside the capture window; default 30 s. */
  maxClockSkewMs?: number;
  /** The environment captures are requested for (`Developer` in demo); devices elsewhere are flagged. */
  env?: Exclude<Env, 'None'>;
}

export const DEFAULT_MAX_CLOCK_SKEW_MS = 30_000;
