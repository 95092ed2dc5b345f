// Demo mode's kiosk on real servers: ready at start with its key pair in the data folder, an
// operator signs in with the private key from there, and a start puts back what was changed.
import { readFileSync, rmSync, statSync } from 'node:fs';
import { importJWK, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KioskPublicJwkSchema } from '@signet-kiosk/shared/kiosk';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import { RESIDENTS } from '../esignet/testing/ui-api-client.js';
import { DEFAULT_SEED_FILE } from '../plugins/mock-identity/seed.js';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import {
  DEMO_KIOSK_ID,
  DEMO_KIOSK_OPERATOR,
  demoKioskKeyFiles,
  demoKioskRedirectUri,
  disableLeftoverDemoKiosk,
  ensureDemoKiosk,
} from './demo-kiosk.js';
import { authenticateKioskOperator } from './kiosk-operator-auth.js';
import { signInOperator } from './testing/kiosk-operator-sign-in.js';

const STAND_IN_PORT = 3311;
const operatorPin = RESIDENTS.find((r) => r.individualId === DEMO_KIOSK_OPERATOR)!.pin;

async function privateKeyFromFile(dataDir: string): Promise<CryptoKey> {
  const jwk = JSON.parse(readFileSync(demoKioskKeyFiles(dataDir).privateJwk, 'utf8')) as Record<string, unknown>;
  return (await importJWK(jwk, 'ES256')) as CryptoKey;
}

/** Signs the demo operator in at the demo kiosk with the key in the data folder; the operator-auth verdict. */
async function operatorVerdict(server: TestServer, ctx: ServerContext = server.ctx): Promise<string> {
  const { accessToken } = await signInOperator(server, {
    clientId: `kiosk-${DEMO_KIOSK_ID}`,
    privateKey: await privateKeyFromFile(ctx.config.dataDir),
    individualId: DEMO_KIOSK_OPERATOR,
    pin: operatorPin,
    redirectUri: demoKioskRedirectUri(ctx.config.kiosks.demoStandInPort),
  });
  try {
    await authenticateKioskOperator(ctx, `Bearer ${accessToken}`);
    return 'ok';
  } catch (e) {
    if (e instanceof EsignetError) return e.errorCode;
    throw e;
  }
}

describe('the demo kiosk', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ kiosks: { demoStandInPort: STAND_IN_PORT } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('has a demo resident of the reference ID system as its operator', () => {
    const seed = JSON.parse(readFileSync(DEFAULT_SEED_FILE, 'utf8')) as { individualId: string }[];
    expect(seed.map((r) => r.individualId)).toContain(DEMO_KIOSK_OPERATOR);
  });

  it('is registered and enabled at start, its key pair in the data folder, the private key 0600', async () => {
    const files = demoKioskKeyFiles(server.config.dataDir);
    expect(statSync(files.privateJwk).mode & 0o777).toBe(0o600);
    const publicJwk = KioskPublicJwkSchema.parse(JSON.parse(readFileSync(files.publicJwk, 'utf8')));
    const kiosk = await server.ctx.registry.kiosks.get(DEMO_KIOSK_ID);
    expect(kiosk).toMatchObject({
      clientId: 'kiosk-demo-kiosk',
      publicJwk,
      enabled: true,
      operators: [DEMO_KIOSK_OPERATOR],
      redirectUris: [`http://127.0.0.1:${STAND_IN_PORT}/operator/callback`],
    });
  });

  it('lets the demo operator sign in with the private key from the data folder', async () => {
    expect(await operatorVerdict(server)).toBe('ok');
  });

  it('is left alone by a start that finds it as demo mode wants it', async () => {
    const before = await server.ctx.registry.kiosks.get(DEMO_KIOSK_ID);
    const clientBefore = await server.ctx.registry.clients.get(`kiosk-${DEMO_KIOSK_ID}`);
    await ensureDemoKiosk(server.ctx);
    expect(await server.ctx.registry.kiosks.get(DEMO_KIOSK_ID)).toEqual(before);
    expect((await server.ctx.registry.clients.get(`kiosk-${DEMO_KIOSK_ID}`))?.updatedAt).toBe(clientBefore?.updatedAt);
  });

  it('is put back by a start: enabled, its operator listed, a new key and another stand-in port taken up', async () => {
    await server.ctx.registry.kiosks.setEnabled(DEMO_KIOSK_ID, false);
    await server.ctx.registry.kiosks.setOperators(DEMO_KIOSK_ID, ['2804195601']);
    const oldKey = (await server.ctx.registry.kiosks.get(DEMO_KIOSK_ID))!.publicJwk;
    rmSync(demoKioskKeyFiles(server.config.dataDir).folder, { recursive: true });
    const config = {
      ...server.ctx.config,
      kiosks: { ...server.ctx.config.kiosks, demoStandInPort: STAND_IN_PORT + 1 },
    };
    const ctx: ServerContext = { ...server.ctx, config };

    await ensureDemoKiosk(ctx);
    const kiosk = (await server.ctx.registry.kiosks.get(DEMO_KIOSK_ID))!;
    expect(kiosk.enabled).toBe(true);
    expect(kiosk.operators).toEqual(['2804195601', DEMO_KIOSK_OPERATOR]);
    expect(kiosk.publicJwk.x).not.toBe(oldKey.x);
    expect(kiosk.redirectUris).toEqual([demoKioskRedirectUri(STAND_IN_PORT + 1)]);
    expect(await operatorVerdict(server, ctx)).toBe('ok');
  });

  it("gives a demo kiosk's client from before the operator's name was shared the name claim", async () => {
    const client = (await server.ctx.registry.clients.get(`kiosk-${DEMO_KIOSK_ID}`))!;
    await server.ctx.registry.clients.update({ ...client, userClaims: [] });
    await ensureDemoKiosk(server.ctx);
    expect((await server.ctx.registry.clients.get(`kiosk-${DEMO_KIOSK_ID}`))?.userClaims).toEqual(['name']);
  });
});

describe('outside demo mode', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ demo: false });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('there is no demo kiosk', async () => {
    expect(await server.ctx.registry.kiosks.get(DEMO_KIOSK_ID)).toBeUndefined();
    expect(() => statSync(demoKioskKeyFiles(server.config.dataDir).folder)).toThrow();
  });

  it('a demo kiosk left by an earlier demo run is disabled at start', async () => {
    await ensureDemoKiosk(server.ctx);
    expect((await server.ctx.registry.kiosks.get(DEMO_KIOSK_ID))?.enabled).toBe(true);
    await disableLeftoverDemoKiosk(server.ctx);
    expect((await server.ctx.registry.kiosks.get(DEMO_KIOSK_ID))?.enabled).toBe(false);
    expect((await server.ctx.registry.clients.get(`kiosk-${DEMO_KIOSK_ID}`))?.status).toBe('INACTIVE');
    expect(server.audit.events.at(-1)).toMatchObject({ action: 'kiosk-disable', kioskId: DEMO_KIOSK_ID });
  });
});
