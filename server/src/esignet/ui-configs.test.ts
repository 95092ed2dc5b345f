import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UiConfigsSchema, type UiConfigs } from '@signet-kiosk/shared/esignet';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import { authorizationRequest, registerClient, UiApiClient, type RegisteredClient } from './testing/ui-api-client.js';

/** The keys of eSignet 1.8's default `mosip.esignet.ui.config.key-values` (see the fixture's header). */
function esignetDefaultKeys(): string[] {
  const text = readFileSync(new URL('./testing/esignet-1.8/ui-config-key-values.properties', import.meta.url), 'utf8');
  return [...text.matchAll(/'([^'$]+)'\s*:/g)].map((m) => m[1]!);
}

const KBI_RESIDENT = {
  individualId: '2804195605',
  fullName: 'Claire Dubois',
  dob: '1992-11-23',
  birthPlace: 'Grenoble',
};

let server: TestServer;
let client: RegisteredClient;
let configs: Record<string, unknown>;

beforeAll(async () => {
  server = await startTestServer();
  client = await registerClient(server, { authContextRefs: ['mosip:idp:acr:static-code', 'mosip:idp:acr:knowledge'] });
  const r = await new UiApiClient(server.url).oauthDetails(authorizationRequest(client));
  configs = r.response!.configs as Record<string, unknown>;
});
afterAll(async () => server?.close());

describe('configs in the oauth-details answer', () => {
  it('carries every key of eSignet 1.8’s default ui.config.key-values', () => {
    const keys = esignetDefaultKeys();
    // The fixture's 40 keys, read the way Spring reads the map; a parse slip would shrink the list.
    expect(keys).toHaveLength(40);
    expect(keys).toContain('wallet.config');
    expect(keys).toContain('signup.config');
    expect(keys.filter((k) => !(k in configs))).toEqual([]);
    expect(() => UiConfigsSchema.parse(configs)).not.toThrow();
  });

  it('names our issuer, so the UI adds iss to the callback', () => {
    expect(configs.issuer).toBe(server.config.issuer);
  });

  it('has a wallet entry with a logo, which the UI reads on every sign-in page', () => {
    const wallets = configs['wallet.config'] as UiConfigs['wallet.config'];
    expect(Array.isArray(wallets)).toBe(true);
    expect(wallets.length).toBeGreaterThan(0);
    expect(typeof wallets[0]!['wallet.logo-url']).toBe('string');
  });

  it('has login-id options whose pattern and length accept the ID system’s individual IDs', () => {
    const options = configs['login-id.options'] as UiConfigs['login-id.options'];
    expect(options.length).toBeGreaterThan(0);
    for (const option of options) {
      expect(option.id).toMatch(/^[a-z_]+$/);
      expect(option.svg).toBe(`${option.id}_icon`);
      const pattern = new RegExp(option.regex);
      expect(pattern.test(KBI_RESIDENT.individualId)).toBe(true);
      expect(pattern.test('no spaces allowed')).toBe(false);
      expect(option.maxLength).toBeGreaterThanOrEqual(KBI_RESIDENT.individualId.length);
    }
    expect(configs['username.regex']).toBe(options[0]!.regex);
  });

  it('gives the UI strings where it splits or compiles them', () => {
    expect(typeof configs['captcha.enable']).toBe('string');
    expect(typeof configs['send.otp.channels']).toBe('string');
    const password = new RegExp(configs['password.regex'] as string);
    expect(password.test('correct horse')).toBe(true);
    expect(password.test('short')).toBe(false);
  });

  it('describes the KBI form so that what the UI sends passes the ID system’s check', async () => {
    const form = (configs['auth.factor.kbi.field-details'] as UiConfigs['auth.factor.kbi.field-details'])!;
    const idField = configs['auth.factor.kbi.individual-id-field'] as string;
    const answers: Record<string, string> = {
      [idField]: KBI_RESIDENT.individualId,
      fullName: KBI_RESIDENT.fullName,
      birthPlace: KBI_RESIDENT.birthPlace,
    };
    // As eSignet's UI does: one value per form field (dates written in the field's date-fns
    // format), every validator checked, the whole form as the challenge.
    const filled: Record<string, string> = {};
    for (const field of form.schema) {
      const [y, m, d] = KBI_RESIDENT.dob.split('-');
      filled[field.id] =
        field.controlType === 'date'
          ? field.format!.replace('yyyy', y!).replace('MM', m!).replace('dd', d!)
          : answers[field.id]!;
      expect(filled[field.id], field.id).toBeDefined();
      for (const v of field.validators) expect(new RegExp(v.validator).test(filled[field.id]!), field.id).toBe(true);
    }
    expect(Object.keys(filled).sort()).toEqual([idField, 'birthPlace', 'dob', 'fullName'].sort());

    const ui = new UiApiClient(server.url);
    await ui.oauthDetails(authorizationRequest(client, { acrValues: 'mosip:idp:acr:knowledge' }));
    const challenge = Buffer.from(JSON.stringify(filled)).toString('base64url');
    const r = await ui.authenticate(filled[idField]!, [
      { authFactorType: 'KBI', challenge, format: 'base64url-encoded-json' },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.response?.consentAction).toMatch(/^(NO)?CAPTURE$/);
  });
});
