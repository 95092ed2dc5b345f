// The server under test, in its own process: the embedded default (in-memory stores, SQLite
// registry, mock-identity in demo mode, JSON log lines) on a temporary data folder. The bench
// drives it over HTTP and, for set-up only, over IPC (register a client, mint codes, stats).
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK } from 'jose';
import { loadConfig, startServer } from '@signet-kiosk/server';
import { issueAuthorizationCode, MemoryKvStore } from '@signet-kiosk/server/bench';
import {
  freePort,
  kioskRegistrationRequest,
  makeKioskKeyPair,
  registerKiosk,
  RESIDENTS,
  signInOperator,
} from '@signet-kiosk/server/testing';
import { DEMO_CLAIMS, registerTestClient } from '../../test/support/test-client.js';
import type { ChildRequest } from './ipc-messages.js';
import { processStats, serveIpc } from './ipc-child.js';

const adminToken = randomBytes(24).toString('base64url');
const port = await freePort();
const dataDir = mkdtempSync(path.join(tmpdir(), 'signet-bench-'));
const config = loadConfig(
  {},
  {
    port,
    issuer: `http://127.0.0.1:${port}`,
    dataDir,
    demo: true,
    adminToken,
    // The per-IP limits stay in the request path but cannot trip: every bench request comes from
    // 127.0.0.1. BENCH_AUTH_LIMITS=shipped keeps authenticate's own limits as shipped (the flood scenario).
    limits: {
      requestsPerMinutePerIp: 1_000_000_000,
      otpSendsPerIndividual: 1_000_000_000,
      ...(process.env.BENCH_AUTH_LIMITS === 'shipped'
        ? {}
        : {
            authenticatePerMinutePerIp: 1_000_000_000,
            authInFlightPerSource: 1_000_000_000,
            authFailuresPerSource: 1_000_000_000,
          }),
    },
  },
);
const server = await startServer(config);
const { ctx } = server;

function storeStats(store: unknown) {
  return store instanceof MemoryKvStore ? store.stats() : null;
}

async function mintCodes(r: Extract<ChildRequest, { type: 'mint-codes' }>): Promise<{ codes: string[] }> {
  const client = await ctx.registry.clients.get(r.clientId);
  if (!client) throw new Error(`client ${r.clientId} is not registered`);
  const { relyingPartyId } = client;
  const codes: string[] = [];
  for (let i = 0; i < r.count; i++) {
    // A grant shaped like one from an OTP sign-in with consent to the demo claims.
    const subjectId = randomBytes(32).toString('base64url');
    const { code } = await issueAuthorizationCode(
      ctx,
      {
        clientId: r.clientId,
        redirectUri: r.redirectUri,
        codeChallenge: r.codeChallenge,
        nonce: randomBytes(16).toString('base64url'),
        scopes: ['openid', 'profile', 'email'],
        sub: ctx.subjects.sub(relyingPartyId, subjectId),
        subjectId,
        individualId: '2804195602',
        kycToken: randomBytes(32).toString('base64url'),
        authTime: Math.floor(Date.now() / 1000),
        acr: 'mosip:idp:acr:generated-code',
        amr: ['otp'],
        authFactorTypes: ['OTP'],
        acceptedClaims: DEMO_CLAIMS.slice(0, 6),
        claims: undefined,
        claimsLocales: [],
      },
      randomUUID(),
    );
    codes.push(code);
  }
  return { codes };
}

async function createResidents(count: number, pin: string): Promise<{ individualIds: string[] }> {
  const individualIds: string[] = [];
  for (let i = 1; i <= count; i++) {
    const individualId = `77${String(i).padStart(8, '0')}`;
    const res = await fetch(`${server.url}/v1/mock-identity-system/identity`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({
        requestTime: new Date().toISOString(),
        request: {
          individualId,
          pin,
          fullName: [{ language: 'eng', value: `Bench Resident ${i}` }],
          email: `bench.${i}@example.org`,
          phone: `+855100${String(i).padStart(5, '0')}`,
          dateOfBirth: '1990-01-01',
          preferredLang: 'eng',
        },
      }),
    });
    if (!res.ok) throw new Error(`creating resident ${individualId}: ${res.status} ${await res.text()}`);
    individualIds.push(individualId);
  }
  return { individualIds };
}

/** A kiosk as an administrator registers one, and its operator (a demo resident) signed in at it. */
async function registerBenchKiosk() {
  const operator = RESIDENTS[3];
  const key = await makeKioskKeyPair();
  const kiosk = await registerKiosk(ctx, kioskRegistrationRequest(key.publicJwk), [operator.individualId]);
  const signedIn = await signInOperator(server, {
    clientId: kiosk.clientId,
    privateKey: key.privateKey,
    individualId: operator.individualId,
    pin: operator.pin,
  });
  return {
    kioskId: kiosk.kioskId,
    kioskName: kiosk.name,
    privateJwk: { ...(await exportJWK(key.privateKey)), kid: key.publicJwk.kid, alg: 'ES256' },
    accessToken: signedIn.accessToken,
    operatorSub: signedIn.idTokenClaims.sub,
    dataDir,
  };
}

serveIpc(
  { url: server.url, issuer: config.issuer, tokenPath: '/token', name: 'signet-kiosk' },
  async (request) => {
    switch (request.type) {
      case 'register-client': {
        const client = await registerTestClient(
          server,
          request.authContextRefs ? { authContextRefs: request.authContextRefs } : {},
        );
        const privateJwk = { ...(await exportJWK(client.privateKey)), kid: client.publicJwk.kid, alg: 'ES256' };
        return {
          clientId: client.clientId,
          redirectUri: client.redirectUri,
          privateJwk,
          kid: client.publicJwk.kid,
          alg: 'ES256',
        };
      }
      case 'register-kiosk':
        return registerBenchKiosk();
      case 'mint-codes':
        return mintCodes(request);
      case 'create-residents':
        return createResidents(request.count, request.pin);
      case 'stats':
        return {
          ...processStats(request.gc),
          transactions: storeStats(ctx.transactions),
          replay: storeStats(ctx.replay),
          linkWatchers: ctx.linkNotifications.size(),
          connections: await new Promise<number | null>((resolve) =>
            server.http.getConnections((err, n) => resolve(err ? null : n)),
          ),
        };
      case 'shutdown':
        return {};
    }
  },
  async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
);
