// The kiosk's identity: a P-256 key pair made once, on first run, whose private half is sealed by the
// OS keystore (Electron's safeStorage in the app; any SecretSealer in tests) and never leaves this
// machine; and the registration request (JSON and QR) the operator hands to an administrator.
import { createPrivateKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { calculateJwkThumbprint, type CryptoKey, type JWK } from 'jose';
import { renderSVG } from 'uqr';
import { z } from 'zod';
import {
  KioskPublicJwkSchema,
  KioskRegistrationRequestSchema,
  type KioskIdentityView,
  type KioskPublicJwk,
  type KioskRegistrationRequest,
} from '@signet-kiosk/shared/kiosk';
import { KioskError } from '../errors.js';

/** What Electron's safeStorage offers; the kiosk asks nothing more of a keystore. */
export interface SecretSealer {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(sealed: Buffer): string;
}

/**
 * Electron's safeStorage as a sealer that counts only a real keystore: on Linux without a keyring
 * safeStorage still "encrypts", with a fixed password (`basic_text`), which protects nothing and
 * must not be reported as the OS keystore.
 * @example const sealer = osKeystoreSealer(safeStorage, process.platform);
 */
export function osKeystoreSealer(
  storage: SecretSealer & { getSelectedStorageBackend?(): string },
  platform: string,
): SecretSealer {
  const realKeystore = () =>
    platform !== 'linux' || !['basic_text', 'unknown'].includes(storage.getSelectedStorageBackend?.() ?? 'unknown');
  return {
    isEncryptionAvailable: () => storage.isEncryptionAvailable() && realKeystore(),
    encryptString: (plainText) => storage.encryptString(plainText),
    decryptString: (sealed) => storage.decryptString(sealed),
  };
}

/** A machine without a keystore (a headless tool, a test): the kiosk key is kept as a plain file. */
export const NO_KEYSTORE: SecretSealer = {
  isEncryptionAvailable: () => false,
  encryptString: () => {
    throw new Error('no keystore');
  },
  decryptString: () => {
    throw new Error('no keystore');
  },
};

/**
 * The kiosk key as Web Crypto signs with it (private_key_jwt, attestations): not extractable, so it
 * never leaves this process.
 * @example const key = await kioskSigningKey(identity);
 */
export function kioskSigningKey(identity: Pick<KioskIdentity, 'privateKey'>): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'jwk',
    identity.privateKey.export({ format: 'jwk' }),
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign'],
  );
}

/** The file names in the kiosk's data folder. */
export const KIOSK_KEY_FILES = {
  /** The private JWK sealed by the keystore. */
  sealed: 'kiosk-key.sealed',
  /** The private JWK in plain text (mode 0600), only where no keystore is available. */
  plain: 'kiosk-key.private.jwk.json',
  public: 'kiosk-key.public.jwk.json',
} as const;

const PrivateJwkSchema = KioskPublicJwkSchema.extend({ d: z.string().regex(/^[A-Za-z0-9_-]{43}$/) }).strict();
type PrivateJwk = z.infer<typeof PrivateJwkSchema>;

export interface KioskIdentity {
  publicJwk: KioskPublicJwk;
  /** For signing (kiosk attestation, private_key_jwt). */
  privateKey: KeyObject;
  keyProtection: KioskIdentityView['keyProtection'];
  /** True when this call made the key (first run). */
  created: boolean;
}

const exists = (file: string) =>
  readFile(file).then(
    () => true,
    () => false,
  );

/**
 * The kiosk key in `dir`, made on first run. Made once: a second kiosk process racing this one finds
 * the file the first linked into place and uses that key.
 * @example const identity = await loadOrCreateKioskIdentity(app.getPath('userData'), safeStorage);
 */
export async function loadOrCreateKioskIdentity(dir: string, sealer: SecretSealer): Promise<KioskIdentity> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const sealedFile = path.join(dir, KIOSK_KEY_FILES.sealed);
  const plainFile = path.join(dir, KIOSK_KEY_FILES.plain);
  const existing = (await exists(sealedFile)) ? 'sealed' : (await exists(plainFile)) ? 'plain' : undefined;
  if (existing)
    return identityOf(await readPrivateJwk(existing === 'sealed' ? sealedFile : plainFile, sealer), existing, false);

  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { kty, crv, x, y, d } = privateKey.export({ format: 'jwk' });
  const publicJwk = KioskPublicJwkSchema.parse({ kty, crv, x, y });
  const jwk: PrivateJwk = { ...publicJwk, kid: await calculateJwkThumbprint(publicJwk as JWK), d: d! };
  const sealed = sealer.isEncryptionAvailable();
  const file = sealed ? sealedFile : plainFile;
  const content = sealed ? sealer.encryptString(JSON.stringify(jwk)) : `${JSON.stringify(jwk)}\n`;
  // Written aside, then linked into place: the link fails if another start got there first, and
  // nobody ever reads a half-written key.
  const aside = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  try {
    await writeFile(aside, content, { flag: 'wx', mode: 0o600 });
    await link(aside, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw identityError(file, err);
    return identityOf(await readPrivateJwk(file, sealer), sealed ? 'sealed' : 'plain', false);
  } finally {
    await unlink(aside).catch(() => undefined);
  }
  const { d: _private, ...publicOnly } = jwk;
  await writeFile(path.join(dir, KIOSK_KEY_FILES.public), `${JSON.stringify(publicOnly, null, 2)}\n`);
  return identityOf(jwk, sealed ? 'sealed' : 'plain', true);
}

function identityError(file: string, cause: unknown): KioskError {
  return new KioskError('identity_unavailable', `(${file}: ${(cause as Error).message})`, { cause });
}

async function readPrivateJwk(file: string, sealer: SecretSealer): Promise<PrivateJwk> {
  try {
    const bytes = await readFile(file);
    const text = file.endsWith(KIOSK_KEY_FILES.sealed) ? sealer.decryptString(bytes) : bytes.toString('utf8');
    return PrivateJwkSchema.parse(JSON.parse(text));
  } catch (err) {
    throw identityError(file, err);
  }
}

function identityOf(jwk: PrivateJwk, kept: 'sealed' | 'plain', created: boolean): KioskIdentity {
  const { d: _private, ...publicJwk } = jwk;
  const privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
  return {
    publicJwk: KioskPublicJwkSchema.parse(publicJwk),
    privateKey,
    keyProtection: kept === 'sealed' ? 'os-keystore' : 'plain-file',
    created,
  };
}

/**
 * The registration request for this kiosk, checked by the shared schema.
 * @example const request = registrationRequestOf(identity, { kioskId: 'central-post', name: 'Central Post Office', redirectUris });
 */
export function registrationRequestOf(
  identity: Pick<KioskIdentity, 'publicJwk'>,
  kiosk: { kioskId: string; name: string; redirectUris: string[] },
  now = new Date(),
): KioskRegistrationRequest {
  return KioskRegistrationRequestSchema.parse({
    ...kiosk,
    publicJwk: identity.publicJwk,
    createdAt: now.toISOString(),
  });
}

/**
 * What the operator console shows: the request as JSON and as a QR code (SVG), the key's thumbprint.
 * @example const view = await identityViewOf(identity, request);
 */
export async function identityViewOf(
  identity: Pick<KioskIdentity, 'publicJwk' | 'keyProtection'>,
  request: KioskRegistrationRequest,
): Promise<KioskIdentityView> {
  const json = JSON.stringify(request);
  return {
    kioskId: request.kioskId,
    name: request.name,
    keyThumbprint: await calculateJwkThumbprint(identity.publicJwk as JWK),
    registrationRequest: json,
    registrationQrSvg: renderSVG(json, { ecc: 'M', border: 4, pixelSize: 4 }),
    keyProtection: identity.keyProtection,
  };
}
