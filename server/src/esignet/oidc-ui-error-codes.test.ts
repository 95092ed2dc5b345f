import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EsignetError, ESIGNET_ERRORS, type EsignetErrorCode } from '../errors.js';
import { envelopeErrorHandler } from '../http/esignet-envelope.js';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import { oidcUiErrorCode } from './oidc-ui-error-codes.js';
import {
  authorizationRequest,
  registerClient,
  RESIDENTS,
  UiApiClient,
  type RegisteredClient,
} from './testing/ui-api-client.js';

/** oidc-ui 1.8's `errors` section (en.json; see the fixture's `_source`). */
const errors = (
  JSON.parse(readFileSync(new URL('./testing/esignet-1.8/oidc-ui-en-errors.json', import.meta.url), 'utf8')) as {
    errors: Record<string, unknown>;
  }
).errors;
/** The sections a sign-in form looks in first (Pin.js, OtpGet/OtpVerify.js, L1Biometrics.js, Password.js, Form.js, LoginQRCode.js). */
const FORM_SECTIONS = ['pin', 'otp', 'biometrics', 'password', 'kbi', 'wallet'];
/** Codes only authenticate (and send-otp) raise, where the UI looks in the sign-in form's section. */
const FORM_ONLY = new Set(['auth_failed']);

/** Whether eSignet's UI shows a message for this errorCode instead of the raw key. */
function translated(code: string): boolean {
  if (typeof errors[code] === 'string') return true;
  return (
    FORM_ONLY.has(code) &&
    FORM_SECTIONS.every((section) => typeof (errors[section] as Record<string, unknown>)[code] === 'string')
  );
}

describe('the errorCode sent to eSignet’s login UI', () => {
  it('is one the UI translates, for every code of the catalogue, with ours as reason', async () => {
    // Every code thrown into the login UI API's own error handler, answered over HTTP.
    const app = express();
    app.get('/:code', (req, _res, next) => next(new EsignetError(req.params.code as EsignetErrorCode)));
    app.use(envelopeErrorHandler(() => {}, 'login-ui'));
    const listener = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => listener.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
      const untranslated: string[] = [];
      for (const code of Object.keys(ESIGNET_ERRORS)) {
        const res = await fetch(`${base}/${code}`);
        const sent = ((await res.json()) as { errors: { errorCode: string; reason?: string }[] }).errors[0]!;
        expect(res.status, code).toBe(200);
        expect(sent.reason ?? sent.errorCode, code).toBe(code);
        if (!translated(sent.errorCode)) untranslated.push(`${code} → ${sent.errorCode}`);
      }
      expect(untranslated).toEqual([]);
    } finally {
      listener.close();
    }
  });

  it('keeps the codes the UI acts on', () => {
    // On invalid_transaction the UI sends the resident back to the relying party.
    expect(oidcUiErrorCode('invalid_transaction')).toBe('invalid_transaction');
    expect(oidcUiErrorCode('invalid_transaction_state')).toBe('invalid_transaction');
    expect(oidcUiErrorCode('auth_failed')).toBe('auth_failed');
  });

  it('invites a retry when the service is busy, rather than reporting an unknown error', () => {
    expect(oidcUiErrorCode('service_busy')).toBe('response_timeout');
    expect(errors.response_timeout).toBe('The request took too long to process. Please try again later.');
  });

  it('falls back for a code added without an entry: bio_* asks for a new capture, anything else is unknown_error', () => {
    expect(oidcUiErrorCode('bio_added_later' as EsignetErrorCode)).toBe('biometric_capture_failed_msg');
    expect(oidcUiErrorCode('added_later' as EsignetErrorCode)).toBe('unknown_error');
    expect(translated('biometric_capture_failed_msg') && translated('unknown_error')).toBe(true);
  });
});

describe('errors on the wire', () => {
  let server: TestServer;
  let client: RegisteredClient;
  beforeAll(async () => {
    server = await startTestServer();
    client = await registerClient(server);
  });
  afterAll(async () => server?.close());

  it('carry our finer code as reason, and the human message, when the UI’s code is coarser', async () => {
    const ui = new UiApiClient(server.url);
    await ui.oauthDetails(authorizationRequest(client));
    const r = await ui.claimDetails();
    expect(r.errors).toEqual([
      {
        errorCode: 'invalid_transaction',
        reason: 'invalid_transaction_state',
        errorMessage: expect.stringMatching(/ /),
      },
    ]);
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({ action: 'claim-details', outcome: 'failure', errorCode: 'invalid_transaction_state' }),
    );
  });

  it('carry no reason when the UI translates our code itself', async () => {
    const ui = new UiApiClient(server.url);
    await ui.oauthDetails(authorizationRequest(client));
    const r = await ui.authenticateWithPin(RESIDENTS[2].individualId, '000000');
    expect(r.errors).toEqual([{ errorCode: 'auth_failed', errorMessage: expect.any(String), attemptsLeft: 2 }]);
  });
});
