import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { certificateThumbprint } from '@signet-kiosk/shared/sbi/crypto';
import { ENCRYPTION_CERTIFICATE_PATH } from './encryption-certificate-route.js';
import {
  ENCRYPTION_CERT_FILE,
  ENCRYPTION_CERT_SUBJECT,
  ENCRYPTION_KEY_FILE,
  openEncryptionKey,
} from './encryption-key.js';
import { createMockIdentity } from './index.js';
import { FAST_SCRYPT, serve, tempContext } from './test-context.js';

const silent = pino({ level: 'silent' });

describe('the ID system encryption key and certificate', () => {
  const contexts: ReturnType<typeof tempContext>[] = [];
  const context = () => {
    const c = tempContext();
    contexts.push(c);
    return c;
  };
  afterEach(() => {
    for (const c of contexts.splice(0)) c.cleanup();
  });

  it('is made on first start (RSA 2048, key file 0600, certificate copy beside it) and kept across restarts', async () => {
    const ctx = context();
    const first = await createMockIdentity(ctx, { scrypt: FAST_SCRYPT });
    const cert = await first.encryptionCertificate();
    await first.close?.();
    expect(cert.subject).toContain('Signet Mock Identity System IDA-FIR');
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const keyFile = path.join(ctx.dataDir, ENCRYPTION_KEY_FILE);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----[\s\S]+-----BEGIN CERTIFICATE-----/);
    expect(readFileSync(path.join(ctx.dataDir, ENCRYPTION_CERT_FILE), 'utf8')).toBe(cert.toString());
    const again = await createMockIdentity(ctx, { scrypt: FAST_SCRYPT });
    expect(certificateThumbprint(await again.encryptionCertificate())).toBe(certificateThumbprint(cert));
    await again.close?.();
  });

  it('is served as PEM without authentication; other methods get 405', async () => {
    const ctx = context();
    const plugin = await createMockIdentity(ctx, { scrypt: FAST_SCRYPT });
    const api = await serve(plugin.routes!());
    try {
      const res = await fetch(`${api.url}${ENCRYPTION_CERTIFICATE_PATH}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/x-pem-file');
      const pem = await res.text();
      expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/);
      expect(certificateThumbprint(new X509Certificate(pem))).toBe(
        certificateThumbprint(await plugin.encryptionCertificate()),
      );
      expect((await fetch(`${api.url}${ENCRYPTION_CERTIFICATE_PATH}`, { method: 'HEAD' })).status).toBe(200);
      const post = await fetch(`${api.url}${ENCRYPTION_CERTIFICATE_PATH}`, { method: 'POST' });
      expect(post.status).toBe(405);
      expect(post.headers.get('allow')).toBe('GET, HEAD');
      expect(await post.json()).toMatchObject({ response: null, errors: [{ errorCode: 'method_not_allowed' }] });
      // The admin API next to it still wants its token.
      expect((await fetch(`${api.url}/v1/mock-identity-system/identity/2804195601`)).status).toBe(401);
    } finally {
      await api.close();
      await plugin.close?.();
    }
  });

  it('is made once when two processes share a new data folder at the same moment', async () => {
    const { dataDir } = context();
    const [a, b] = [openEncryptionKey(dataDir, silent), openEncryptionKey(dataDir, silent)];
    const [ka, kb] = await Promise.all([a.ready, b.ready]);
    expect(ka.thumbprint).toBe(kb.thumbprint);
    for (const part of ENCRYPTION_CERT_SUBJECT.split(', ')) expect(ka.certificate.subject).toContain(part);
  });

  it('is not written when the plugin closes before it is made', async () => {
    const { dataDir } = context();
    const slot = openEncryptionKey(dataDir, silent);
    slot.close();
    await expect(slot.ready).rejects.toThrow(/closed/);
    expect(existsSync(path.join(dataDir, ENCRYPTION_KEY_FILE))).toBe(false);
  });
});
