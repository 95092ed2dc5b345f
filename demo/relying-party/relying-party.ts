// Starts the demo relying party: its key pair, its registration at the Signet server, OpenID
// Connect discovery with openid-client (private_key_jwt, ID token signature checks), then the
// HTTP app. Used by main.ts and by the tests.
import { createServer, type Server } from 'node:http';
import * as oidc from 'openid-client';
import { AdminApi, resolveAdminToken } from './admin-api.js';
import { loadOrCreateClientKey, type ClientKey } from './client-key.js';
import { DemoRpError } from './errors.js';
import { LoginStore } from './login-store.js';
import { parseOptions, type DemoRpOptionsInput } from './options.js';
import { ensureRegistered, type RegistrationOutcome } from './registration.js';
import { createRelyingPartyApp } from './routes.js';

export interface DemoRelyingParty {
  /** This app's URL, e.g. http://127.0.0.1:8090. */
  url: string;
  clientId: string;
  issuer: string;
  /** What start-up did at the server: created the client, found it as needed, or added a redirect URI. */
  registration: RegistrationOutcome;
  /** Where the private key is kept. */
  keyFile: string;
  close(): Promise<void>;
}

/**
 * Starts the demo relying party; throws DemoRpError with a message saying what to fix.
 * @example const rp = await startDemoRelyingParty({ issuer: 'http://127.0.0.1:8088' });
 */
export async function startDemoRelyingParty(input: DemoRpOptionsInput = {}): Promise<DemoRelyingParty> {
  const options = parseOptions(input);
  const baseUrl = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
  const adminToken = resolveAdminToken(options.issuer, options.adminToken, options.dataDir);
  const key = await loadOrCreateClientKey(options.dataDir, options.clientId);
  const registration = await ensureRegistered(new AdminApi(options.issuer, adminToken), {
    clientId: options.clientId,
    publicJwk: key.publicJwk,
    keyFile: key.file,
    baseUrl,
  });
  const config = await discover(options.issuer, options.clientId, key);
  const app = createRelyingPartyApp({
    site: { issuer: options.issuer, clientId: options.clientId },
    config,
    store: new LoginStore(options.loginTtlSeconds * 1000),
    baseUrl,
    loginTtlMs: options.loginTtlSeconds * 1000,
  });
  const server = await listen(createServer(app), options.port, options.host);
  return {
    url: baseUrl,
    clientId: options.clientId,
    issuer: options.issuer,
    registration,
    keyFile: key.file,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** openid-client's configuration from the issuer's discovery document. */
async function discover(issuer: string, clientId: string, key: ClientKey): Promise<oidc.Configuration> {
  const issuerUrl = new URL(issuer);
  let config: oidc.Configuration;
  try {
    config = await oidc.discovery(
      issuerUrl,
      clientId,
      { id_token_signed_response_alg: 'ES256' },
      // The server picks the client's key by the assertion's kid.
      oidc.PrivateKeyJwt(key.privateKey, { [oidc.modifyAssertion]: (header) => void (header.kid = key.publicJwk.kid) }),
      // A local demo server speaks plain http; anything else must be https.
      issuerUrl.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined,
    );
  } catch (e) {
    throw new DemoRpError(
      'discovery_failed',
      `could not load ${issuer}/.well-known/openid-configuration: ${(e as Error).message}`,
    );
  }
  oidc.enableNonRepudiationChecks(config);
  return config;
}

function listen(server: Server, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      reject(
        e.code === 'EADDRINUSE'
          ? new DemoRpError(
              'port_in_use',
              `${host}:${port} is already in use: stop what runs there or set DEMO_RP_PORT to another port`,
            )
          : e,
      );
    });
    server.listen(port, host, () => resolve(server));
  });
}
