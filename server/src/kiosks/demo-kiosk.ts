// Demo mode's kiosk, ready without manual steps: `demo-kiosk`, its key pair kept in the data folder
// (where the kiosk's browser stand-in reads the private key), registered, enabled, with a demo
// resident of the reference ID system as its operator. Each demo start puts it back so.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { z } from 'zod';
import { KioskPublicJwkSchema, type Kiosk, type KioskPublicJwk } from '@signet-kiosk/shared/kiosk';
import type { ServerContext } from '../context.js';
import { kioskClient, registerKiosk } from './kiosk-registration.js';

export const DEMO_KIOSK_ID = 'demo-kiosk';
/** Dara Lim, a demo resident of the reference ID system (plugins/mock-identity/residents.seed.json); PIN sign-in. */
export const DEMO_KIOSK_OPERATOR = '2804195602';

/** `<dataDir>/demo-kiosk/`: the kiosk key's private JWK (0600) and its public JWK. */
export function demoKioskKeyFiles(dataDir: string): { folder: string; privateJwk: string; publicJwk: string } {
  const folder = path.join(dataDir, DEMO_KIOSK_ID);
  return {
    folder,
    privateJwk: path.join(folder, 'kiosk-key.private.jwk.json'),
    publicJwk: path.join(folder, 'kiosk-key.public.jwk.json'),
  };
}

/** Where the stand-in's operator sign-in returns to. */
export function demoKioskRedirectUri(standInPort: number): string {
  return `http://127.0.0.1:${standInPort}/operator/callback`;
}

const PrivateJwkSchema = z.looseObject({ kty: z.literal('EC'), crv: z.literal('P-256'), d: z.string() });

/** The demo kiosk's public key: read from its files, or a new key pair written there first. */
async function demoKioskKey(dataDir: string): Promise<KioskPublicJwk> {
  const files = demoKioskKeyFiles(dataDir);
  if (existsSync(files.privateJwk) && existsSync(files.publicJwk)) {
    PrivateJwkSchema.parse(JSON.parse(readFileSync(files.privateJwk, 'utf8')));
    return KioskPublicJwkSchema.parse(JSON.parse(readFileSync(files.publicJwk, 'utf8')));
  }
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `${DEMO_KIOSK_ID}-${new Date().toISOString().slice(0, 10)}`;
  const { kty, crv, x, y } = await exportJWK(publicKey);
  const publicJwk = KioskPublicJwkSchema.parse({ kty, crv, x, y, kid });
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' };
  mkdirSync(files.folder, { recursive: true, mode: 0o700 });
  writeFileSync(files.privateJwk, JSON.stringify(privateJwk, null, 2) + '\n', { mode: 0o600 });
  writeFileSync(files.publicJwk, JSON.stringify(publicJwk, null, 2) + '\n', { mode: 0o644 });
  return publicJwk;
}

/**
 * Registers the demo kiosk, or puts it back as demo mode wants it: the key in its files, the
 * stand-in's redirect URI, enabled, the demo operator allowed (other operators an administrator
 * added stay).
 */
export async function ensureDemoKiosk(ctx: ServerContext): Promise<Kiosk> {
  const publicJwk = await demoKioskKey(ctx.config.dataDir);
  const redirectUris = [demoKioskRedirectUri(ctx.config.kiosks.demoStandInPort)];
  const existing = await ctx.registry.kiosks.get(DEMO_KIOSK_ID);
  if (!existing) {
    return registerKiosk(
      ctx,
      { kioskId: DEMO_KIOSK_ID, name: 'Demo kiosk', publicJwk, redirectUris, createdAt: new Date().toISOString() },
      [DEMO_KIOSK_OPERATOR],
    );
  }
  const client = await ctx.registry.clients.get(existing.clientId);
  const wanted: Kiosk = {
    ...existing,
    publicJwk,
    redirectUris,
    enabled: true,
    operators: existing.operators.includes(DEMO_KIOSK_OPERATOR)
      ? existing.operators
      : [...existing.operators, DEMO_KIOSK_OPERATOR],
  };
  const now = new Date().toISOString();
  const fresh = kioskClient(ctx, { ...wanted, createdAt: now }, now);
  // A demo folder from before kiosk clients received the operator's name gets the claim too.
  const clientOk =
    client?.status === 'ACTIVE' &&
    JSON.stringify(client.redirectUris) === JSON.stringify(redirectUris) &&
    JSON.stringify(client.userClaims) === JSON.stringify(fresh.userClaims) &&
    client.publicKey.x === publicJwk.x &&
    client.publicKey.y === publicJwk.y;
  if (JSON.stringify(wanted) === JSON.stringify(existing) && clientOk) return existing;
  // An administrator may have deleted the client through client management: made again.
  if (!client) await ctx.registry.clients.create(fresh);
  await ctx.registry.kiosks.update(
    wanted,
    client
      ? {
          ...client,
          publicKey: fresh.publicKey,
          redirectUris,
          userClaims: fresh.userClaims,
          status: 'ACTIVE',
          updatedAt: now,
        }
      : fresh,
  );
  ctx.logger.info({ kioskId: DEMO_KIOSK_ID }, 'demo kiosk put back: key, redirect URI, claims, enabled, demo operator');
  return wanted;
}

/**
 * Outside demo mode, a demo kiosk left in the registry by an earlier demo run is disabled: its
 * private key lies in the data folder for anyone who can read it.
 */
export async function disableLeftoverDemoKiosk(ctx: ServerContext): Promise<void> {
  const kiosk = await ctx.registry.kiosks.get(DEMO_KIOSK_ID);
  if (!kiosk?.enabled) return;
  await ctx.registry.kiosks.setEnabled(DEMO_KIOSK_ID, false);
  ctx.audit.record({ action: 'kiosk-disable', outcome: 'success', kioskId: DEMO_KIOSK_ID, reason: 'not demo mode' });
  ctx.logger.warn(
    { kioskId: DEMO_KIOSK_ID },
    'the demo kiosk of an earlier demo run is registered: disabled, since the server is not in demo mode',
  );
}
