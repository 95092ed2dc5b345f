// `GET /v1/mock-identity-system/sbi/encryption-certificate`: the ID system's encryption certificate
// as PEM, for devices and simulators to encrypt captures to. Public (no admin token): it is a certificate.
import { Router } from 'express';
import type { Logger } from 'pino';
import { envelopeErrorHandler, handle } from '@signet-kiosk/server/plugin';
import { ADMIN_BASE_PATH, mockIdentityErrors } from './admin-routes.js';
import type { EncryptionKeySlot } from './encryption-key.js';
import { ENCRYPTION_CERT_FILE } from './encryption-key.js';
import { MockIdentityError } from './errors.js';

export const ENCRYPTION_CERTIFICATE_PATH = `${ADMIN_BASE_PATH}/sbi/encryption-certificate`;

/** Mount before the admin router, whose token check covers every path under its base. */
export function encryptionCertificateRouter(key: EncryptionKeySlot, logger: Logger): Router {
  const router = Router();
  router.get(
    ENCRYPTION_CERTIFICATE_PATH,
    handle(async (_req, res) => {
      const { certificatePem } = await key.ready.catch(() => {
        throw new MockIdentityError('encryption_key_unavailable');
      });
      res.set({
        'Content-Type': 'application/x-pem-file',
        'Content-Disposition': `inline; filename="${ENCRYPTION_CERT_FILE}"`,
        // Short: the certificate only changes when the key file is deleted and made again.
        'Cache-Control': 'public, max-age=300',
      });
      // A Buffer, so that Express does not append "; charset=utf-8" to the content type.
      res.send(Buffer.from(certificatePem, 'utf8'));
    }),
  );
  router.all(ENCRYPTION_CERTIFICATE_PATH, (_req, res) => {
    res.set('Allow', 'GET, HEAD');
    throw new MockIdentityError('method_not_allowed');
  });
  router.use(
    ENCRYPTION_CERTIFICATE_PATH,
    mockIdentityErrors,
    envelopeErrorHandler((err) => logger.error({ err }, 'mock identity encryption certificate route failed')),
  );
  return router;
}
