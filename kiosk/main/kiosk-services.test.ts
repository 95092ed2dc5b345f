// The one wiring of the kiosk's services, as both shells get it: the handlers answer with the
// configured kiosk and its key, the operator's sign-in sends the shell's window to the server's
// /authorize as the kiosk's own client, and a resident's end clears the shell's window (the server's
// origin when the resident left for the relying party; everything, then home, when idle).
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrustPolicy } from '@signet-kiosk/sbi-bridge';
import { parseKioskConfig } from './config/kiosk-config.js';
import { loadOrCreateKioskIdentity, NO_KEYSTORE, type KioskIdentity } from './identity/kiosk-identity.js';
import { kioskWindowHome, startKioskServices, type KioskServices } from './kiosk-services.js';

/** No device is trusted: these tests never capture. */
const TRUST_NOTHING: TrustPolicy = {
  env: 'Developer',
  deviceProviderCas: [],
  ftmCas: [],
  deviceProviders: new Map(),
  deviceBinding: new Map(),
};

let dir: string;
let identity: KioskIdentity;
/** A server that answers OIDC discovery only: where the operator's sign-in starts. */
let server: Server;
let serverUrl: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kiosk-services-'));
  identity = await loadOrCreateKioskIdentity(dir, NO_KEYSTORE);
  server = createServer((req, res) => {
    if (req.url !== '/.well-known/openid-configuration') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        issuer: serverUrl,
        authorization_endpoint: `${serverUrl}/authorize`,
        token_endpoint: `${serverUrl}/v1/esignet/oauth/v2/token`,
        jwks_uri: `${serverUrl}/.well-known/jwks.json`,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

/** The services over a shell that records what it is asked. */
async function servicesWithShell(startUrls: string[] = ['https://rp.signet.test/start']) {
  const config = parseKioskConfig(
    JSON.stringify({
      serverUrl,
      startUrls,
      kiosk: { id: 'central-post', name: 'Central Post Office' },
      // A port nothing listens on: the background rescans find nothing, quickly.
      devices: { ports: { min: 9, max: 9 }, rescanIntervalMs: 600_000 },
    }),
  );
  const steps: string[] = [];
  const services: KioskServices = await startKioskServices({
    config,
    identity,
    trust: TRUST_NOTHING,
    shell: {
      navigate: (url) => void steps.push(`go ${url}`),
      clear: async ({ origin }) => void steps.push(`clear ${origin ?? 'everything'}`),
      push: (channel) => void steps.push(`push ${channel}`),
      homeUrl: () => kioskWindowHome(config),
    },
  });
  return { services, steps, config };
}

describe('startKioskServices', () => {
  it("answers kiosk:identity with the configured kiosk and its key's registration request", async () => {
    const { services } = await servicesWithShell();
    try {
      const view = await services.handlers['kiosk:identity']({}, { webContentsId: 1, frame: null });
      expect(view).toMatchObject({ kioskId: 'central-post', name: 'Central Post Office', keyProtection: 'plain-file' });
      expect(JSON.parse(view.registrationRequest)).toMatchObject({
        kioskId: 'central-post',
        redirectUris: ['org.signetkiosk.kiosk:/operator/callback'],
        publicJwk: { kid: identity.publicJwk.kid },
      });
      expect(await services.handlers['operator:session']({}, { webContentsId: 1, frame: null })).toEqual({
        signedIn: false,
      });
    } finally {
      await services.close();
    }
  });

  it("sends the shell's window to the server's /authorize as the kiosk's own client", async () => {
    const { services, steps } = await servicesWithShell();
    try {
      const started = await services.handlers['operator:sign-in']({}, { webContentsId: 1, frame: null });
      expect(started).toEqual({ authorizeOrigin: serverUrl });
      const authorize = new URL(steps.find((s) => s.startsWith('go '))!.slice(3));
      expect(authorize.origin + authorize.pathname).toBe(`${serverUrl}/authorize`);
      expect(authorize.searchParams.get('client_id')).toBe('kiosk-central-post');
      expect(authorize.searchParams.get('redirect_uri')).toBe(services.redirectUri);
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    } finally {
      await services.close();
    }
  });

  it("clears the server's origin when a resident left for the relying party, everything and home when idle", async () => {
    const { services, steps } = await servicesWithShell();
    try {
      const sender = { webContentsId: 1, frame: null };
      expect(await services.handlers['resident:done']({ reason: 'left' }, sender)).toEqual({ cleared: true });
      expect(await services.handlers['resident:done']({ reason: 'idle' }, sender)).toEqual({ cleared: true });
      expect(steps).toEqual([`clear ${serverUrl}`, 'clear everything', 'go https://rp.signet.test/start']);
    } finally {
      await services.close();
    }
  });

  it("clears everything when the operator signs out, and tells the kiosk's pages", async () => {
    const { services, steps } = await servicesWithShell();
    try {
      await services.handlers['operator:sign-out']({}, { webContentsId: 1, frame: null });
      expect(steps).toEqual(['clear everything', 'push operator:session-changed']);
    } finally {
      await services.close();
    }
  });

  it('makes the operator console the home page of a kiosk without relying parties', async () => {
    const { services, steps } = await servicesWithShell([]);
    try {
      await services.reset.done('idle');
      expect(steps).toEqual(['clear everything', 'go app://kiosk/#/console']);
    } finally {
      await services.close();
    }
  });
});
