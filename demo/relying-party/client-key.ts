// The relying party's ES256 key pair for private_key_jwt: made on first start, kept in
// <dataDir>/demo-rp/<clientId>.private.jwk (mode 0600) and loaded again on every later start.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { importJWK, type CryptoKey } from 'jose';
import { z } from 'zod';
import type { PublicJwk } from '@signet-kiosk/shared/esignet';
import { generateClientKeyPair } from '@signet-kiosk/server';
import { DemoRpError } from './errors.js';

const PrivateJwkSchema = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  alg: z.literal('ES256'),
  use: z.literal('sig'),
  kid: z.string().min(1),
  x: z.string().min(1),
  y: z.string().min(1),
  d: z.string().min(1),
});

export interface ClientKey {
  privateKey: CryptoKey;
  /** What the registration's `publicKey` holds. */
  publicJwk: PublicJwk & { kid: string };
  file: string;
  created: boolean;
}

export function clientKeyFile(dataDir: string, clientId: string): string {
  return path.join(dataDir, 'demo-rp', `${clientId}.private.jwk`);
}

/**
 * The stored key pair, or a new one written without overwriting anything.
 * @example const { privateKey, publicJwk } = await loadOrCreateClientKey('./data', 'demo-rp');
 */
export async function loadOrCreateClientKey(dataDir: string, clientId: string): Promise<ClientKey> {
  const file = clientKeyFile(dataDir, clientId);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  let created = false;
  if (!(await exists(file))) {
    const { privateJwk } = await generateClientKeyPair('ES256');
    try {
      // 'wx': if another start got there first, its key wins and is read below.
      await writeFile(file, JSON.stringify(privateJwk, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
      created = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return { ...(await readClientKey(file)), file, created };
}

async function readClientKey(file: string): Promise<Pick<ClientKey, 'privateKey' | 'publicJwk'>> {
  // Like ssh: a private key others could read may have leaked, so say so rather than use it.
  const { mode } = await stat(file);
  if ((mode & 0o077) !== 0) {
    throw new DemoRpError(
      'key_file_unsafe',
      `${file} is readable by other users (mode ${(mode & 0o777).toString(8)}); run "chmod 600 ${file}" if it has not leaked, or delete it and the demo client to start over`,
    );
  }
  let parsed;
  try {
    parsed = PrivateJwkSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  } catch (e) {
    throw new DemoRpError(
      'key_file_invalid',
      `${file} is not valid JSON (${(e as Error).message}); delete it to make a new key pair`,
    );
  }
  if (!parsed.success)
    throw new DemoRpError(
      'key_file_invalid',
      `${file} is not an ES256 private JWK (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}); delete it to make a new key pair`,
    );
  const { d: _d, ...publicJwk } = parsed.data;
  const privateKey = await importJWK(parsed.data, 'ES256');
  if (privateKey instanceof Uint8Array)
    throw new DemoRpError('key_file_invalid', `${file} does not hold an asymmetric key`);
  return { privateKey, publicJwk };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}
