// The ID system's encryption certificate from a file or a URL (as the mock-identity plugin serves
// it), and a clear error when it cannot be had; captures are then encrypted for it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decryptBioValue,
  readIsoRecord,
  verifyJwsX5cJson,
  unwrapSessionKey,
  createTestCa,
  issueTestCertificate,
  type TestKeyPair,
  certificateThumbprint,
} from '@signet-kiosk/shared/sbi/crypto';
import { CaptureDataSchema, CaptureResponseSchema } from '@signet-kiosk/shared/sbi';
import { EncryptionCertificateError, loadEncryptionCertificate } from './encryption-cert.js';
import { startSimulator } from './server.js';

const PATH = '/v1/mock-identity-system/sbi/encryption-certificate';
const PORT_MIN = 26_000 + Math.floor(Math.random() * 2_000) * 5;

let dataDir: string;
let idSystem: TestKeyPair;
let http: Server;
let base: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sbi-sim-enc-'));
  const ca = await createTestCa({ subject: 'CN=Test ID System CA' });
  idSystem = await issueTestCertificate(ca, { subject: 'CN=IDA-FIR, O=Test ID System', use: 'encrypt' });
  // A stand-in for the mock-identity plugin's endpoint.
  http = createServer((req, res) => {
    if (req.url === PATH)
      res.writeHead(200, { 'Content-Type': 'application/x-pem-file' }).end(idSystem.certificate.toString());
    else if (req.url === '/garbage') res.writeHead(200, { 'Content-Type': 'text/plain' }).end('not a certificate');
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const addr = http.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});
afterAll(async () => {
  http?.closeAllConnections();
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
  await rm(dataDir, { recursive: true, force: true });
});

describe('loadEncryptionCertificate', () => {
  it('fetches it from an http URL', async () => {
    const cert = await loadEncryptionCertificate(base + PATH);
    expect(cert.fingerprint256).toBe(idSystem.certificate.fingerprint256);
  });
  it('reads it from a PEM file', async () => {
    const file = join(dataDir, 'ida-fir.pem');
    await writeFile(file, idSystem.certificate.toString());
    expect((await loadEncryptionCertificate(file)).fingerprint256).toBe(idSystem.certificate.fingerprint256);
  });
  it('fails clearly when unreachable, refused or not a certificate', async () => {
    // A port nobody listens on: bind one, note it, close it.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const addr = probe.address();
    const dead = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}${PATH}`;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await expect(loadEncryptionCertificate(dead)).rejects.toThrow(EncryptionCertificateError);
    await expect(loadEncryptionCertificate(dead)).rejects.toThrow(
      /SBI_SIM_ENCRYPTION_CERT: cannot fetch http:\/\/127\.0\.0\.1:\d+\/v1\/.*ECONNREFUSED.*Is the ID system running\?/,
    );
    await expect(loadEncryptionCertificate(`${base}/missing`)).rejects.toThrow(/answered HTTP 404/);
    await expect(loadEncryptionCertificate(`${base}/garbage`)).rejects.toThrow(/does not hold an X\.509 certificate/);
    await expect(loadEncryptionCertificate(join(dataDir, 'nope.pem'))).rejects.toThrow(/cannot read .*nope\.pem/);
  });
});

describe('a simulator configured with the URL', () => {
  it('encrypts captures for the served certificate: thumbprint names it, only its key decrypts', async () => {
    const sim = await startSimulator({
      dataDir,
      portMin: PORT_MIN,
      portMax: PORT_MIN + 4,
      encryptionCertificate: base + PATH,
    });
    try {
      expect(sim.encryptionCertificate.fingerprint256).toBe(idSystem.certificate.fingerprint256);
      const body = {
        env: 'Developer',
        purpose: 'Auth',
        specVersion: '0.9.5',
        timeout: '10000',
        captureTime: new Date().toISOString(),
        domainUri: 'https://id.example.org',
        transactionId: 'enc-test-1',
        customOpts: null,
        bio: [
          {
            type: 'Finger',
            count: '1',
            bioSubType: ['UNKNOWN'],
            requestedScore: '60',
            deviceId: '1',
            deviceSubId: '0',
            previousHash: '',
          },
        ],
      };
      const res = await fetch(`${sim.url}/capture`, { method: 'CAPTURE', body: JSON.stringify(body) });
      const b = CaptureResponseSchema.parse(await res.json()).biometrics[0]!;
      expect(b.thumbprint).toBe(certificateThumbprint(idSystem.certificate));
      const { data } = await verifyJwsX5cJson(b.data!, CaptureDataSchema, {
        trustAnchors: [sim.pki.deviceProviderCa.certificate],
      });
      const key = unwrapSessionKey(idSystem.privateKey, b.sessionKey!);
      expect(
        readIsoRecord(
          decryptBioValue(data.bioValue, { key, timestamp: data.timestamp, transactionId: data.transactionId }),
        ).type,
      ).toBe('Finger');
      expect(() => unwrapSessionKey(sim.pki.encryption.privateKey, b.sessionKey!)).toThrow();
    } finally {
      await sim.close();
    }
  });
  it('refuses to start when the URL is unreachable', async () => {
    await expect(
      startSimulator({ dataDir, portMin: PORT_MIN, portMax: PORT_MIN + 4, encryptionCertificate: `${base}/missing` }),
    ).rejects.toThrow(EncryptionCertificateError);
  });
});
