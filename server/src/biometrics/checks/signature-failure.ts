// Maps what the shared JWS verifier raises to the server's bio_* codes: who signed decides
// whether an untrusted chain is the device provider's or the FTM's.
import { SbiVerifyError } from '@signet-kiosk/shared/sbi';
import type { EsignetError } from '../../errors.js';
import { bioFailure, nth } from './check-context.js';

export type Signer = 'device' | 'ftm';

/** The EsignetError for a failed capture JWS (rethrows anything that is not an SbiVerifyError). */
export function signatureFailure(err: unknown, signer: Signer, index: number): EsignetError {
  if (!(err instanceof SbiVerifyError)) throw err;
  const what = `${nth(index)}: the ${signer === 'device' ? 'device-signed data' : 'digitalId'}`;
  switch (err.code) {
    case 'ERR_SBI_CERT_UNTRUSTED':
      return bioFailure(
        signer === 'device' ? 'bio_device_untrusted' : 'bio_ftm_untrusted',
        `${what} is signed by a certificate that does not chain to a trusted ${signer === 'device' ? 'device-provider' : 'FTM'} CA. ${err.message}`,
      );
    case 'ERR_SBI_CERT_EXPIRED':
      return bioFailure('bio_certificate_expired', `${what}: ${err.message}`);
    case 'ERR_SBI_CERT_NOT_YET_VALID':
      return bioFailure('bio_certificate_not_yet_valid', `${what}: ${err.message}`);
    case 'ERR_SBI_JWS_SIGNATURE':
    case 'ERR_SBI_JWS_ALG':
    case 'ERR_SBI_X5C_MISSING':
    case 'ERR_SBI_CERT_KEY':
      return bioFailure('bio_signature_invalid', `${what}: ${err.message}`);
    default:
      return bioFailure('bio_malformed', `${what}: ${err.message}`);
  }
}
