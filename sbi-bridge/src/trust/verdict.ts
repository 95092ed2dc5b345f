// The trust verdict on a device or a capture: every reason it is not (fully) trusted, each with a
// stable code, a severity, where in the answer it was found and a message an operator can read.
import { SbiVerifyError, type SbiVerifyErrorCode } from '../../../shared/src/sbi/errors.js';

export const TRUST_ISSUES = {
  NOT_REGISTERED: 'The device is not registered; its identity is not signed.',
  INFO_UNAVAILABLE: 'The device service did not give signed device information.',
  DEVICE_SIGNATURE_INVALID: 'The device signature does not verify.',
  DEVICE_CERT_UNTRUSTED: 'The device certificate does not chain to a trusted device-provider CA.',
  DEVICE_CERT_EXPIRED: 'The device certificate has expired.',
  DEVICE_CERT_NOT_YET_VALID: 'The device certificate is not valid yet (check the clock).',
  DIGITAL_ID_SIGNATURE_INVALID: 'The digital id signature does not verify.',
  DIGITAL_ID_CERT_UNTRUSTED: 'The digital id certificate does not chain to a trusted FTM CA.',
  DIGITAL_ID_CERT_EXPIRED: 'The digital id certificate has expired.',
  DIGITAL_ID_CERT_NOT_YET_VALID: 'The digital id certificate is not valid yet (check the clock).',
  PAYLOAD_INVALID: 'A signed payload is not what the SBI specification describes.',
  L0_FOR_AUTH: 'The device is certified L0 (software keys); authentication needs an L1 device.',
  IDENTITY_MISMATCH: 'The signed identity differs from what the device announced.',
  DEVICE_KEY_CHANGED: 'The capture was signed by another key than the device information.',
  DEVICE_CERT_SUBJECT_MISMATCH: 'The device certificate names another device (serial number or provider) than the digital id.',
  DEVICE_CERT_PROVIDER_MISMATCH: 'The device certificate comes from a CA trusted for another device provider than the digital id names.',
  TRANSACTION_ID_MISMATCH: 'The capture does not echo the transaction id it was asked for.',
  DOMAIN_URI_MISMATCH: 'The capture does not echo the domain it was asked for.',
  ENV_MISMATCH: 'The device is registered in another environment.',
  PURPOSE_MISMATCH: 'The device or capture has another purpose than requested.',
  BIO_TYPE_MISMATCH: 'The capture holds another biometric type than the device announced.',
  TIMESTAMP_FORMAT: 'A timestamp is not yyyy-MM-ddTHH:mm:ssZ (milliseconds are not allowed).',
  TIMESTAMP_SKEW: 'A timestamp lies outside the capture window (device clock skew).',
  TIMESTAMP_ORDER: 'Timestamps go backwards or lie too far apart.',
  HASH_MALFORMED: 'A hash is not 64 hexadecimal characters.',
  HASH_CHAIN_BROKEN: 'The hash chain does not match the biometric records.',
  HASH_CHAIN_UNCHECKED: 'The hash chain covers encrypted records; only the ID system can check it.',
  THUMBPRINT_MISMATCH: 'The capture was encrypted for another certificate than the ID system\'s.',
  DECRYPT_FAILED: 'The biometric value could not be decrypted with the configured key.',
  REQUEST_ORIGIN_MISMATCH: 'The capture names another requesting origin.',
  COUNT_MISMATCH: 'The capture returned another number of biometrics than requested.',
} as const;

export type TrustIssueCode = keyof typeof TRUST_ISSUES;

export interface TrustIssue {
  code: TrustIssueCode;
  /** `error` makes the verdict untrusted; `warning` is shown but does not. */
  severity: 'error' | 'warning';
  /** Where it was found, e.g. `deviceInfo`, `biometrics[1].data.digitalId`. */
  at: string;
  message: string;
  /** The shared verifier's code, when one raised it. */
  verifyCode?: SbiVerifyErrorCode;
}

/** A certificate as the operator console shows it. */
export interface CertificateSummary {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  fingerprint256: string;
}

export interface TrustVerdict {
  /** True when no issue has severity `error`. */
  trusted: boolean;
  issues: TrustIssue[];
  checkedAt: string;
  /** The certificate that signed deviceInfo / the capture data, when one could be read. */
  deviceCertificate?: CertificateSummary;
  /** The certificate that signed the digitalId (FTM for L1). */
  digitalIdCertificate?: CertificateSummary;
}

/** Collects issues while a check runs, then gives the verdict. */
export class VerdictBuilder {
  readonly issues: TrustIssue[] = [];
  deviceCertificate: CertificateSummary | undefined;
  digitalIdCertificate: CertificateSummary | undefined;

  add(code: TrustIssueCode, at: string, detail?: string, severity: 'error' | 'warning' = 'error', verifyCode?: SbiVerifyErrorCode): void {
    this.issues.push({ code, severity, at, message: detail ? `${TRUST_ISSUES[code]} ${detail}` : TRUST_ISSUES[code], ...(verifyCode ? { verifyCode } : {}) });
  }

  /** Records a shared-verifier failure under the role (DEVICE or DIGITAL_ID) that signed. */
  addVerifyFailure(role: 'DEVICE' | 'DIGITAL_ID', at: string, err: unknown): void {
    if (!(err instanceof SbiVerifyError)) throw err;
    const code: TrustIssueCode =
      err.code === 'ERR_SBI_CERT_UNTRUSTED' ? `${role}_CERT_UNTRUSTED`
        : err.code === 'ERR_SBI_CERT_EXPIRED' ? `${role}_CERT_EXPIRED`
          : err.code === 'ERR_SBI_CERT_NOT_YET_VALID' ? `${role}_CERT_NOT_YET_VALID`
            : err.code === 'ERR_SBI_PAYLOAD_INVALID' ? 'PAYLOAD_INVALID'
              : err.code === 'ERR_SBI_TIMESTAMP_FORMAT' ? 'TIMESTAMP_FORMAT'
                : `${role}_SIGNATURE_INVALID`;
    this.add(code, at, err.message, 'error', err.code);
  }

  has(...codes: TrustIssueCode[]): boolean {
    return this.issues.some((i) => codes.includes(i.code));
  }

  build(): TrustVerdict {
    return {
      trusted: !this.issues.some((i) => i.severity === 'error'),
      issues: this.issues,
      checkedAt: new Date().toISOString(),
      ...(this.deviceCertificate ? { deviceCertificate: this.deviceCertificate } : {}),
      ...(this.digitalIdCertificate ? { digitalIdCertificate: this.digitalIdCertificate } : {}),
    };
  }
}

/** The summary of a node:crypto certificate. */
export function summarizeCertificate(c: { subject: string; issuer: string; validFrom: string; validTo: string; fingerprint256: string }): CertificateSummary {
  return { subject: c.subject, issuer: c.issuer, validFrom: c.validFrom, validTo: c.validTo, fingerprint256: c.fingerprint256 };
}
