// The trust verdict on a device or a capture: every reason it is not (fully) trusted, each with a
// stable code, its category, a severity, where in the answer it was found and a message an operator
// can read. One catalogue for the bridge (the kiosk) and the browser's SBI client.
import { SbiVerifyError, type SbiVerifyErrorCode } from '../errors.js';
import type { TrustCategory } from '../rules/category.js';

/** Every issue a verdict may hold: what it is about (shared/src/sbi/rules/category.ts) and what it means. */
export const TRUST_ISSUES = {
  NOT_REGISTERED: { category: 'registration', message: 'The device is not registered; its identity is not signed.' },
  INFO_UNAVAILABLE: { category: 'registration', message: 'The device service did not give signed device information.' },
  DEVICE_SIGNATURE_INVALID: { category: 'signature', message: 'The device signature does not verify.' },
  DEVICE_CERT_UNTRUSTED: {
    category: 'certificate',
    message: 'The device certificate does not chain to a trusted device-provider CA.',
  },
  DEVICE_CERT_EXPIRED: { category: 'certificate', message: 'The device certificate has expired.' },
  DEVICE_CERT_NOT_YET_VALID: {
    category: 'certificate',
    message: 'The device certificate is not valid yet (check the clock).',
  },
  DIGITAL_ID_SIGNATURE_INVALID: { category: 'signature', message: 'The digital id signature does not verify.' },
  DIGITAL_ID_CERT_UNTRUSTED: {
    category: 'certificate',
    message: 'The digital id certificate does not chain to a trusted FTM CA.',
  },
  DIGITAL_ID_CERT_EXPIRED: { category: 'certificate', message: 'The digital id certificate has expired.' },
  DIGITAL_ID_CERT_NOT_YET_VALID: {
    category: 'certificate',
    message: 'The digital id certificate is not valid yet (check the clock).',
  },
  PAYLOAD_INVALID: { category: 'payload', message: 'A signed payload is not what the SBI specification describes.' },
  L0_FOR_AUTH: {
    category: 'certification',
    message: 'The device is certified L0 (software keys); authentication needs an L1 device.',
  },
  IDENTITY_MISMATCH: { category: 'binding', message: 'The signed identity differs from what the device announced.' },
  DEVICE_KEY_CHANGED: {
    category: 'binding',
    message: 'The capture was signed by another key than the device information.',
  },
  DEVICE_CERT_SUBJECT_MISMATCH: {
    category: 'binding',
    message: 'The device certificate names another device (serial number or provider) than the digital id.',
  },
  DEVICE_CERT_PROVIDER_MISMATCH: {
    category: 'binding',
    message: 'The device certificate comes from a CA trusted for another device provider than the digital id names.',
  },
  TRANSACTION_ID_MISMATCH: {
    category: 'transaction',
    message: 'The capture does not echo the transaction id it was asked for.',
  },
  DOMAIN_URI_MISMATCH: { category: 'domain', message: 'The capture does not echo the domain it was asked for.' },
  ENV_MISMATCH: { category: 'env', message: 'The device is registered in another environment.' },
  PURPOSE_MISMATCH: { category: 'purpose', message: 'The device or capture has another purpose than requested.' },
  BIO_TYPE_MISMATCH: {
    category: 'modality',
    message: 'The capture holds another biometric type than the device announced.',
  },
  TIMESTAMP_FORMAT: {
    category: 'timestamp',
    message: 'A timestamp is not yyyy-MM-ddTHH:mm:ssZ (milliseconds are not allowed).',
  },
  TIMESTAMP_SKEW: {
    category: 'timestamp',
    message: 'A timestamp lies outside the capture window (device clock skew).',
  },
  TIMESTAMP_ORDER: { category: 'timestamp', message: 'Timestamps go backwards or lie too far apart.' },
  HASH_MALFORMED: { category: 'hash-chain', message: 'A hash is not 64 hexadecimal characters.' },
  HASH_CHAIN_BROKEN: { category: 'hash-chain', message: 'The hash chain does not match the biometric records.' },
  HASH_CHAIN_UNCHECKED: {
    category: 'hash-chain',
    message: 'The hash chain covers encrypted records; only the ID system can check it.',
  },
  THUMBPRINT_MISMATCH: {
    category: 'encryption',
    message: "The capture was encrypted for another certificate than the ID system's.",
  },
  DECRYPT_FAILED: {
    category: 'encryption',
    message: 'The biometric value could not be decrypted with the configured key.',
  },
  REQUEST_ORIGIN_MISMATCH: { category: 'origin', message: 'The capture names another requesting origin.' },
  COUNT_MISMATCH: {
    category: 'modality',
    message: 'The capture returned another number of biometrics than requested.',
  },
} as const satisfies Record<string, { category: TrustCategory; message: string }>;

export type TrustIssueCode = keyof typeof TRUST_ISSUES;

export interface TrustIssue {
  code: TrustIssueCode;
  /** What it is about; callers choose by it (e.g. the error a refused capture raises). */
  category: TrustCategory;
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

  /** `detail` follows the issue's message: after a space, or on lines of its own when it starts with a line break (a zod problem list). */
  add(
    code: TrustIssueCode,
    at: string,
    detail?: string,
    severity: 'error' | 'warning' = 'error',
    verifyCode?: SbiVerifyErrorCode,
  ): void {
    const { category, message } = TRUST_ISSUES[code];
    const full =
      detail === undefined || detail === '' ? message : `${message}${detail.startsWith('\n') ? '' : ' '}${detail}`;
    this.issues.push({ code, category, severity, at, message: full, ...(verifyCode ? { verifyCode } : {}) });
  }

  /** Records a shared-verifier failure under the role (DEVICE or DIGITAL_ID) that signed. */
  addVerifyFailure(role: 'DEVICE' | 'DIGITAL_ID', at: string, err: unknown): void {
    if (!(err instanceof SbiVerifyError)) throw err;
    const code: TrustIssueCode =
      err.code === 'ERR_SBI_CERT_UNTRUSTED'
        ? `${role}_CERT_UNTRUSTED`
        : err.code === 'ERR_SBI_CERT_EXPIRED'
          ? `${role}_CERT_EXPIRED`
          : err.code === 'ERR_SBI_CERT_NOT_YET_VALID'
            ? `${role}_CERT_NOT_YET_VALID`
            : err.code === 'ERR_SBI_PAYLOAD_INVALID'
              ? 'PAYLOAD_INVALID'
              : err.code === 'ERR_SBI_TIMESTAMP_FORMAT'
                ? 'TIMESTAMP_FORMAT'
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

/** The summary of a certificate (node:crypto's or a WebCertificate). */
export function summarizeCertificate(c: {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  fingerprint256: string;
}): CertificateSummary {
  return {
    subject: c.subject,
    issuer: c.issuer,
    validFrom: c.validFrom,
    validTo: c.validTo,
    fingerprint256: c.fingerprint256,
  };
}
