// The device-binding check: the certificate that signed a capture's `data` belongs to the device its
// digitalId names. A device provider's CA certifies all its devices, and the FTM-signed digitalId of
// one device can be read from its device info at any time; without this check the key of any other
// device of that provider (a registration scanner, an iris camera) could sign captures as that one.
// First, whatever the binding, the CA the certificate chains to must be trusted for the provider the
// digitalId names: else any trusted provider's CA could issue a certificate naming another
// provider's device, and pick by its own setting how that device is bound. Then, how the binding is
// proven is that CA's trust-store setting: `certificate-subject` (the subject names the serial
// number and the provider, shared/src/sbi/device-binding.ts) or `registered-devices` (the device is
// registered here with its type and certificate or key; as the provider equals the CA's, so does
// the registration's).
import { createHash, type X509Certificate } from 'node:crypto';
import { certificateSubject, describeMismatch, subjectBindingMismatch } from '@signet-kiosk/shared/sbi/crypto';
import type { StoredRegisteredDevice } from '../../stores/registry.js';
import { bioFailure, nth, type CheckContext, type CheckedCapture } from './check-context.js';

/**
 * SHA-256 of a certificate's SubjectPublicKeyInfo (DER), written as node:crypto writes fingerprint256.
 * @example spkiSha256(deviceCert) // 'AB:CD:…' (32 pairs)
 */
export function spkiSha256(cert: X509Certificate): string {
  const hex = createHash('sha256')
    .update(cert.publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .toUpperCase();
  return hex.match(/../g)!.join(':');
}

/** Whether the certificate is the one the registration pins, by its own digest or its key's. */
function pinnedBy(device: StoredRegisteredDevice, cert: X509Certificate): boolean {
  if (device.certificateSha256 !== null) return device.certificateSha256 === cert.fingerprint256;
  return device.spkiSha256 !== null && device.spkiSha256 === spkiSha256(cert);
}

/**
 * Runs after check 9, which has made sure every digitalId field is there. Throws
 * bio_device_provider_untrusted (any binding), bio_device_serial_mismatch or
 * bio_device_provider_mismatch (certificate-subject), and bio_device_not_registered,
 * bio_device_type_mismatch or bio_device_certificate_mismatch (registered-devices).
 */
export async function checkDeviceBinding(captures: CheckedCapture[], ctx: Pick<CheckContext, 'trust'>): Promise<void> {
  for (const { index, signer, digitalId } of captures) {
    const device = { serialNo: digitalId.serialNo ?? '', deviceProvider: digitalId.deviceProvider ?? '' };
    if (signer.provider !== device.deviceProvider) {
      const trustedFor =
        signer.provider === null
          ? 'no device provider (upload it again with deviceProvider)'
          : `${JSON.stringify(signer.provider)} only`;
      throw bioFailure(
        'bio_device_provider_untrusted',
        `${nth(index)}: the digitalId names device provider ${JSON.stringify(device.deviceProvider.slice(0, 80))}; the CA that certified the signing key (${signer.anchor.subject.replaceAll('\n', ', ')}) is trusted for ${trustedFor}.`,
      );
    }
    if (signer.binding === 'certificate-subject') {
      const mismatch = subjectBindingMismatch(certificateSubject(signer.certificate), device);
      if (mismatch) {
        throw bioFailure(
          mismatch.field === 'serialNo' ? 'bio_device_serial_mismatch' : 'bio_device_provider_mismatch',
          `${nth(index)} was signed by ${signer.certificate.subject.replaceAll('\n', ', ')}: ${describeMismatch(mismatch, device)}.`,
        );
      }
      continue;
    }
    const registered = await ctx.trust.registeredDevice(device.deviceProvider, device.serialNo);
    const named = `${JSON.stringify(device.serialNo.slice(0, 80))} of ${JSON.stringify(device.deviceProvider.slice(0, 80))}`;
    if (!registered)
      throw bioFailure(
        'bio_device_not_registered',
        `${nth(index)}: device ${named} is not registered in the trust store.`,
      );
    if (registered.type !== digitalId.type) {
      throw bioFailure(
        'bio_device_type_mismatch',
        `${nth(index)}: device ${named} is registered as a ${registered.type} device, its digitalId says ${JSON.stringify(digitalId.type)}.`,
      );
    }
    if (!pinnedBy(registered, signer.certificate)) {
      throw bioFailure(
        'bio_device_certificate_mismatch',
        `${nth(index)}: device ${named} is registered with another ${registered.certificateSha256 !== null ? 'certificate' : 'key'} than the one that signed (${signer.certificate.subject.replaceAll('\n', ', ')}).`,
      );
    }
  }
}
