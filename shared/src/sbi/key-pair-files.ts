// A certificate and its private key kept as two PEM files (`<name>.crt.pem`, `<name>.key.pem`,
// the key mode 0600): how the simulator and the bridge's software device keys persist their PKI.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestKeyPair } from './test-pki.js';

const DAY = 86_400_000;

/** The pair as stored, or undefined when missing or unreadable. */
export async function readKeyPairFiles(dir: string, name: string): Promise<TestKeyPair | undefined> {
  try {
    const [cert, key] = await Promise.all([
      readFile(join(dir, `${name}.crt.pem`), 'utf8'),
      readFile(join(dir, `${name}.key.pem`), 'utf8'),
    ]);
    return { certificate: new X509Certificate(cert), privateKey: createPrivateKey(key) };
  } catch {
    return undefined;
  }
}

/** The pair as stored, unless missing, unreadable, or expiring within a day (time to renew). */
export async function readFreshKeyPairFiles(dir: string, name: string): Promise<TestKeyPair | undefined> {
  const pair = await readKeyPairFiles(dir, name);
  return pair && new Date(pair.certificate.validTo).getTime() - Date.now() > DAY ? pair : undefined;
}

export async function writeKeyPairFiles(dir: string, name: string, pair: TestKeyPair): Promise<void> {
  await writeFile(join(dir, `${name}.crt.pem`), pair.certificate.toString());
  await writeFile(join(dir, `${name}.key.pem`), pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    mode: 0o600,
  });
}
