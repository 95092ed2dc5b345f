// Biometric sign-in across the parts: the reference SBI simulator (on 127.0.0.1:4561–4570, its
// data folder inside the server's so that demo mode trusts its CAs) captures a finger for the
// transaction's SBI transaction id and the server's domainUri; the server verifies the capture
// before the ID system sees it. First every refusal with its code (a BIO stub plugin stands in
// for the ID system's matcher), then end to end with the reference ID system and openid-client.
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signJwsX5c, createTestCa, issueTestCertificate } from '@signet-kiosk/shared/sbi/crypto';
import {
  CaptureResponseSchema,
  DeviceInfoResponseSchema,
  type BioChallengeItem,
  sbiTimestamp,
  esignetSbiTransactionId,
} from '@signet-kiosk/shared/sbi';
import {
  BIO_STUB_AUTHENTICATOR,
  challengeOf,
  makeCaptures,
  type CapturePki,
  type CaptureSpec,
  receivedChallenges,
  STUB_REJECTED_ID,
  startTestServer,
  TEST_ADMIN_TOKEN,
  type TestServer,
} from '@signet-kiosk/server/testing';
import {
  digitalIdOf,
  DEFAULT_DEVICES,
  SIM_PROVIDER,
  INDIVIDUAL_ID_HEADER,
  startSimulator,
  type RunningSimulator,
} from '@signet-kiosk/sbi-bridge/simulator';
import { EsignetUiDriver } from './support/esignet-ui-driver.js';
import { DEMO_RESIDENTS } from './support/demo-residents.js';
import { registerTestClient, type TestClient } from './support/test-client.js';

const SIM_PORTS = { portMin: 4561, portMax: 4570 };
const BIO_ACR = 'mosip:idp:acr:biometrics';
const RESIDENT = DEMO_RESIDENTS.pin;

/** Opens a sign-in for the client through /authorize and oauth-details, as the login UI does. */
async function openSignIn(server: TestServer, client: TestClient, authorizationUrl?: URL): Promise<EsignetUiDriver> {
  const url = authorizationUrl ?? new URL(`${server.url}/authorize`);
  if (!authorizationUrl) {
    const q = url.searchParams;
    q.set('client_id', client.clientId);
    q.set('redirect_uri', client.redirectUri);
    q.set('response_type', 'code');
    q.set('scope', 'openid profile');
    q.set('acr_values', BIO_ACR);
    q.set('state', randomBytes(8).toString('hex'));
    q.set('nonce', randomBytes(8).toString('hex'));
    q.set('code_challenge', randomBytes(32).toString('base64url'));
    q.set('code_challenge_method', 'S256');
  }
  const driver = new EsignetUiDriver(server.url);
  const auth = await driver.authorize(url);
  expect(auth.location, auth.body.slice(0, 200)).toBeTruthy();
  const details = await driver.oauthDetailsFrom(auth.location!);
  expect(details.errors).toEqual([]);
  expect(details.response?.authFactors).toEqual([[expect.objectContaining({ type: 'BIO' })]]);
  return driver;
}

interface CaptureOptions {
  transactionId: string;
  domainUri: string;
  /** Who presents a finger (the simulator's synthetic seed). */
  individualId?: string;
  env?: string;
}

/** CAPTURE on the simulator's single-finger device, as the kiosk bridge or the browser integrator sends it. */
async function simulatorCapture(sim: RunningSimulator, o: CaptureOptions): Promise<BioChallengeItem[]> {
  const res = await fetch(`${sim.url}/capture`, {
    method: 'CAPTURE',
    headers: { 'content-type': 'application/json', [INDIVIDUAL_ID_HEADER]: o.individualId ?? RESIDENT.individualId },
    body: JSON.stringify({
      env: o.env ?? 'Developer',
      purpose: 'Auth',
      specVersion: '0.9.5',
      timeout: '10000',
      captureTime: sbiTimestamp(),
      domainUri: o.domainUri,
      transactionId: o.transactionId,
      bio: [
        {
          type: 'Finger',
          count: '1',
          bioSubType: ['UNKNOWN'],
          requestedScore: '60',
          deviceId: '1',
          deviceSubId: '0',
          previousHash: '',
        },
      ],
      customOpts: null,
    }),
  });
  const body = CaptureResponseSchema.parse(await res.json());
  const items = body.biometrics.map(({ error, ...rest }) => {
    expect(error.errorCode, error.errorInfo).toBe('0');
    return rest as BioChallengeItem;
  });
  return items;
}

const bio = (items: readonly BioChallengeItem[], alphabet: 'base64' | 'base64url' = 'base64') => [
  { authFactorType: 'BIO', challenge: challengeOf(items, alphabet), format: 'encoded-json' },
];

/** The simulator's keys for its single-finger device (and its digitalId), as the capture factory uses them. */
function simulatorPki(sim: RunningSimulator): CapturePki {
  const keys = sim.pki.devices.get('SIM-FNG-0001')!;
  const { serialNo, make, model, deviceProvider, deviceProviderId } = digitalIdOf(DEFAULT_DEVICES[0]!);
  return {
    deviceProviderCa: sim.pki.deviceProviderCa,
    ftmCa: sim.pki.ftmCa,
    device: keys.device,
    ftm: keys.ftm,
    encryption: { certificate: sim.encryptionCertificate, privateKey: sim.pki.encryption.privateKey },
    digitalId: { serialNo, make, model, deviceProvider, deviceProviderId },
  };
}

/** The finger scanner's FTM-signed digitalId, read once from MOSIPDINFO as any web page can. */
async function fingerDigitalIdFromDeviceInfo(sim: RunningSimulator): Promise<string> {
  const infos = DeviceInfoResponseSchema.parse(await (await fetch(`${sim.url}/info`, { method: 'MOSIPDINFO' })).json());
  const finger = infos
    .map(
      (i) =>
        JSON.parse(Buffer.from(i.deviceInfo.split('.')[1]!, 'base64url').toString()) as {
          deviceId: string;
          digitalId: string;
        },
    )
    .find((p) => p.deviceId === '1')!;
  return finger.digitalId;
}

/**
 * The finding's attack: a genuine capture of the finger scanner whose `data` is re-signed with the
 * key of another device of the same provider CA, carrying the finger's digitalId from device info.
 */
async function resignedWith(
  sim: RunningSimulator,
  serial: string,
  sbiTxn: string,
  domainUri: string,
): Promise<BioChallengeItem[]> {
  const [genuine] = await simulatorCapture(sim, { transactionId: sbiTxn, domainUri });
  const payload = JSON.parse(Buffer.from(genuine!.data.split('.')[1]!, 'base64url').toString()) as Record<
    string,
    unknown
  >;
  payload.digitalId = await fingerDigitalIdFromDeviceInfo(sim);
  const other = sim.pki.devices.get(serial)!.device;
  return [
    {
      ...genuine!,
      data: await signJwsX5c(payload, { privateKey: other.privateKey, certificates: [other.certificate] }),
    },
  ];
}

/**
 * The review's attack on device binding: a second device-provider CA, "Other Devices Inc", trusted
 * for the same env, issues a certificate naming the simulator's finger scanner and provider
 * (CN=SIM-FNG-0001, O=Signet Simulated Devices); a genuine capture's `data` is re-signed with it.
 */
async function resignedByAnotherProvider(
  sim: RunningSimulator,
  other: Awaited<ReturnType<typeof otherProviderPki>>,
  sbiTxn: string,
  domainUri: string,
): Promise<BioChallengeItem[]> {
  const [genuine] = await simulatorCapture(sim, { transactionId: sbiTxn, domainUri });
  const payload = JSON.parse(Buffer.from(genuine!.data.split('.')[1]!, 'base64url').toString()) as Record<
    string,
    unknown
  >;
  return [
    {
      ...genuine!,
      data: await signJwsX5c(payload, {
        privateKey: other.impostor.privateKey,
        certificates: [other.impostor.certificate],
      }),
    },
  ];
}

/** "Other Devices Inc"'s CA and the certificate it issues for a device of the simulator's provider. */
async function otherProviderPki() {
  const ca = await createTestCa({ subject: 'CN=Other Devices Inc Device CA, O=Other Devices Inc' });
  const impostor = await issueTestCertificate(ca, { subject: `CN=SIM-FNG-0001, OU=Device, O=${SIM_PROVIDER}` });
  return { ca, impostor };
}

/** Queues a simulator fault for the next capture. */
async function queueFault(sim: RunningSimulator, fault: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${sim.url}/admin/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...fault, count: 1 }),
  });
  expect(res.status).toBe(200);
}

/** POSTs to the server's trust-store admin API with the test admin token. */
async function trustStoreAdmin(server: TestServer, route: string, body: unknown): Promise<void> {
  const res = await fetch(`${server.url}/v1/signet/admin/trust-store${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

/** Registers a device of the simulator, pinned to its device certificate. */
const registerSimulatorDevice = (server: TestServer, sim: RunningSimulator, serialNo: string, type: string) =>
  trustStoreAdmin(server, '/devices', {
    deviceProvider: SIM_PROVIDER,
    serialNo,
    type,
    certificateSha256: sim.pki.devices.get(serialNo)!.device.certificate.fingerprint256,
  });

describe('the server refuses biometric captures it cannot trust, each with its code', () => {
  let server: TestServer;
  let sim: RunningSimulator;
  let client: TestClient;
  let pki: CapturePki;

  beforeAll(async () => {
    // Eleven fingers (about 200 KB of captures) need a larger body limit than the default; the
    // refusals below are more sign-ins from one address than the default per-minute limit.
    server = await startTestServer({
      authenticator: BIO_STUB_AUTHENTICATOR,
      limits: { bodyBytes: 1024 * 1024, authenticatePerMinutePerIp: 120 },
    });
    sim = await startSimulator(
      { dataDir: path.join(server.config.dataDir, 'sbi-simulator'), ...SIM_PORTS },
      { onError: () => undefined },
    );
    client = await registerTestClient(server, { authContextRefs: [BIO_ACR] });
    pki = simulatorPki(sim);
  });
  afterAll(async () => {
    await sim?.close();
    await server?.close();
  });

  async function submit(
    make: (d: EsignetUiDriver, sbiTxn: string) => Promise<BioChallengeItem[]>,
    individualId = RESIDENT.individualId,
  ) {
    const driver = await openSignIn(server, client);
    const items = await make(driver, esignetSbiTransactionId(driver.transactionId!));
    return driver.authenticate(individualId, bio(items));
  }

  const factory =
    (over: Partial<CaptureSpec> = {}) =>
    (_d: EsignetUiDriver, sbiTxn: string) =>
      makeCaptures(
        pki,
        [{ transactionId: sbiTxn, domainUri: server.url, env: 'Developer', ...over }],
        sim.encryptionCertificate,
      );

  async function expectRefused(
    result: Awaited<ReturnType<EsignetUiDriver['authenticate']>>,
    code: string,
  ): Promise<void> {
    expect(result.status).toBe(200);
    expect(result.response).toBeNull();
    // Sent as the code eSignet's UI translates for a failed capture; ours is the reason.
    expect(result.errors).toEqual([
      { errorCode: 'biometric_capture_failed_msg', reason: code, errorMessage: expect.any(String) },
    ]);
    expect(result.errors[0]!.errorMessage).not.toBe(code);
  }

  it('accepts a simulator capture (demo mode trusts the simulator CAs) and hands the plugin the same challenge', async () => {
    const driver = await openSignIn(server, client);
    const items = await simulatorCapture(sim, {
      transactionId: esignetSbiTransactionId(driver.transactionId!),
      domainUri: server.url,
    });
    const challenge = bio(items);
    const before = receivedChallenges.length;
    const r = await driver.authenticate(RESIDENT.individualId, challenge);
    expect(r.errors).toEqual([]);
    expect(r.response).toEqual({ transactionId: driver.transactionId, consentAction: 'CAPTURE' });
    expect(receivedChallenges.slice(before)).toEqual([challenge]);
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({ action: 'authenticate', outcome: 'success', factors: ['BIO'] }),
    );
  });

  it('accepts the challenge in base64url too', async () => {
    const driver = await openSignIn(server, client);
    const items = await simulatorCapture(sim, {
      transactionId: esignetSbiTransactionId(driver.transactionId!),
      domainUri: server.url,
    });
    expect((await driver.authenticate(RESIDENT.individualId, bio(items, 'base64url'))).errors).toEqual([]);
  });

  it('tampered signature → bio_signature_invalid', async () => {
    const r = await submit(async (_d, sbiTxn) => {
      const [item] = await simulatorCapture(sim, { transactionId: sbiTxn, domainUri: server.url });
      const at = item!.data.lastIndexOf('.');
      const sig = Buffer.from(item!.data.slice(at + 1), 'base64url');
      sig[0] = sig[0]! ^ 0x01;
      return [{ ...item!, data: `${item!.data.slice(0, at)}.${sig.toString('base64url')}` }];
    });
    await expectRefused(r, 'bio_signature_invalid');
    expect(server.audit.events).toContainEqual(
      expect.objectContaining({ action: 'authenticate', outcome: 'failure', errorCode: 'bio_signature_invalid' }),
    );
  });

  it('untrusted device CA → bio_device_untrusted', async () => {
    const rogueCa = await createTestCa({ subject: 'CN=Rogue Device Provider CA' });
    const rogue = await issueTestCertificate(rogueCa, { subject: 'CN=SIM-FNG-0001, OU=Device' });
    await expectRefused(await submit(factory({ deviceSigner: rogue })), 'bio_device_untrusted');
  });

  it('untrusted FTM CA → bio_ftm_untrusted', async () => {
    const rogueCa = await createTestCa({ subject: 'CN=Rogue FTM CA' });
    const rogue = await issueTestCertificate(rogueCa, { subject: 'CN=SIM-FNG-0001, OU=FTM' });
    await expectRefused(await submit(factory({ ftmSigner: rogue })), 'bio_ftm_untrusted');
  });

  it('expired device certificate → bio_certificate_expired', async () => {
    const expired = await issueTestCertificate(sim.pki.deviceProviderCa, {
      subject: 'CN=SIM-FNG-0001, OU=Device',
      notBefore: new Date(Date.now() - 30 * 86_400_000),
      notAfter: new Date(Date.now() - 86_400_000),
    });
    await expectRefused(await submit(factory({ deviceSigner: expired })), 'bio_certificate_expired');
  });

  it('wrong transactionId → bio_transaction_mismatch', async () => {
    await expectRefused(
      await submit(() => simulatorCapture(sim, { transactionId: 'ABCDEF1234', domainUri: server.url })),
      'bio_transaction_mismatch',
    );
  });

  it('stale timestamp → bio_timestamp_stale; future timestamp → bio_timestamp_future', async () => {
    await expectRefused(
      await submit(factory({ timestamp: sbiTimestamp(new Date(Date.now() - 10 * 60_000)) })),
      'bio_timestamp_stale',
    );
    await expectRefused(
      await submit(factory({ timestamp: sbiTimestamp(new Date(Date.now() + 5 * 60_000)) })),
      'bio_timestamp_future',
    );
  });

  it('milliseconds in the timestamp → bio_timestamp_format', async () => {
    await expectRefused(await submit(factory({ timestamp: new Date().toISOString() })), 'bio_timestamp_format');
  });

  it('wrong domainUri → bio_domain_mismatch', async () => {
    await expectRefused(
      await submit((_d, sbiTxn) =>
        simulatorCapture(sim, { transactionId: sbiTxn, domainUri: 'https://evil.example.org' }),
      ),
      'bio_domain_mismatch',
    );
  });

  it('wrong env → bio_env_mismatch', async () => {
    await expectRefused(await submit(factory({ env: 'Production' })), 'bio_env_mismatch');
  });

  it('a replayed capture → bio_replayed', async () => {
    const driver = await openSignIn(server, client);
    const items = await simulatorCapture(sim, {
      transactionId: esignetSbiTransactionId(driver.transactionId!),
      domainUri: server.url,
    });
    // The first submission passes the server's checks and fails in the ID system (someone else's ID)…
    const first = await driver.authenticate(STUB_REJECTED_ID, bio(items));
    expect(first.errors[0]?.errorCode).toBe('auth_failed');
    // …and the same capture cannot be tried again, on this transaction or with the right ID.
    await expectRefused(await driver.authenticate(RESIDENT.individualId, bio(items)), 'bio_replayed');
  });

  it('too many fingers → bio_too_many', async () => {
    const r = await submit((_d, sbiTxn) =>
      makeCaptures(
        pki,
        Array.from({ length: 11 }, () => ({ transactionId: sbiTxn, domainUri: server.url, env: 'Developer' })),
        sim.encryptionCertificate,
      ),
    );
    await expectRefused(r, 'bio_too_many');
  });

  it.each([
    [{ fault: 'badSignature' }, 'bio_signature_invalid'],
    [{ fault: 'untrustedCa' }, 'bio_device_untrusted'],
    [{ fault: 'expiredCert' }, 'bio_certificate_expired'],
    [{ fault: 'wrongTransactionId' }, 'bio_transaction_mismatch'],
    [{ fault: 'clockSkew', seconds: -600 }, 'bio_timestamp_stale'],
    [{ fault: 'clockSkew', seconds: 300 }, 'bio_timestamp_future'],
    [{ fault: 'millisecondsInTimestamps' }, 'bio_timestamp_format'],
  ])('the simulator fault %o → %s', async (fault, code) => {
    await queueFault(sim, fault);
    await expectRefused(
      await submit((_d, sbiTxn) => simulatorCapture(sim, { transactionId: sbiTxn, domainUri: server.url })),
      code,
    );
  });

  it('the finger’s capture re-signed with the slap scanner’s or the iris camera’s key, with the finger’s digitalId from MOSIPDINFO → bio_device_serial_mismatch', async () => {
    for (const serial of ['SIM-SLP-0001', 'SIM-IRS-0001']) {
      const r = await submit((_d, sbiTxn) => resignedWith(sim, serial, sbiTxn, server.url));
      await expectRefused(r, 'bio_device_serial_mismatch');
      expect(r.errors[0]!.errorMessage).toContain(`CN=${serial}`);
    }
  });

  it('a capture re-signed with a certificate naming the finger scanner from another trusted provider’s CA → bio_device_provider_untrusted', async () => {
    const other = await otherProviderPki();
    // Uploaded as the reviewer did, without a provider: it is trusted for its subject's O only.
    await trustStoreAdmin(server, '', {
      kind: 'device-provider',
      env: 'Developer',
      certificate: other.ca.certificate.toString(),
    });
    const r = await submit((_d, sbiTxn) => resignedByAnotherProvider(sim, other, sbiTxn, server.url));
    await expectRefused(r, 'bio_device_provider_untrusted');
    expect(r.errors[0]!.errorMessage).toContain('"Other Devices Inc"');
    // The simulator's own captures still pass.
    const driver = await openSignIn(server, client);
    const items = await simulatorCapture(sim, {
      transactionId: esignetSbiTransactionId(driver.transactionId!),
      domainUri: server.url,
    });
    expect((await driver.authenticate(RESIDENT.individualId, bio(items))).errors).toEqual([]);
  });

  it('a digitalId dated 2020-01-01 (FTM-signed, re-signed by the device itself) → bio_digital_id_outside_window', async () => {
    await expectRefused(
      await submit(factory({ digitalId: { dateTime: '2020-01-01T00:00:00Z' } })),
      'bio_digital_id_outside_window',
    );
  });

  it.each([
    [{ fault: 'foreignDeviceKey' }, 'bio_device_serial_mismatch'],
    [{ fault: 'foreignProviderCert' }, 'bio_device_provider_mismatch'],
    [{ fault: 'unregisteredSerial' }, 'bio_device_serial_mismatch'],
    [{ fault: 'staleDigitalId' }, 'bio_digital_id_outside_window'],
  ])('the simulator fault %o → %s (the simulator CA binds by certificate subject)', async (fault, code) => {
    await queueFault(sim, fault);
    await expectRefused(
      await submit((_d, sbiTxn) => simulatorCapture(sim, { transactionId: sbiTxn, domainUri: server.url })),
      code,
    );
  });

  it('a challenge that is not captures → bio_malformed', async () => {
    const driver = await openSignIn(server, client);
    const junk = Buffer.from(
      JSON.stringify([
        { specVersion: '0.9.5', data: 'a.b.c', hash: 'x', sessionKey: 'y', thumbprint: 'z', pad: 'p'.repeat(600) },
      ]),
    ).toString('base64');
    await expectRefused(
      await driver.authenticate(RESIDENT.individualId, [
        { authFactorType: 'BIO', challenge: junk, format: 'encoded-json' },
      ]),
      'bio_malformed',
    );
  });
});

describe('a device provider that binds by registered devices (the simulator CA uploaded so)', () => {
  let server: TestServer;
  let sim: RunningSimulator;
  let client: TestClient;

  beforeAll(async () => {
    server = await startTestServer({ authenticator: BIO_STUB_AUTHENTICATOR });
    sim = await startSimulator(
      { dataDir: path.join(server.config.dataDir, 'sbi-simulator'), ...SIM_PORTS },
      { onError: () => undefined },
    );
    client = await registerTestClient(server, { authContextRefs: [BIO_ACR] });
    // Uploaded, the simulator's CA replaces its demo-mode entry (same certificate) with this binding.
    await trustStoreAdmin(server, '', {
      kind: 'device-provider',
      env: 'Developer',
      certificate: sim.pki.deviceProviderCa.certificate.toString(),
      deviceBinding: 'registered-devices',
    });
    await registerSimulatorDevice(server, sim, 'SIM-FNG-0001', 'Finger');
    await registerSimulatorDevice(server, sim, 'SIM-SLP-0001', 'Finger');
    await registerSimulatorDevice(server, sim, 'SIM-IRS-0001', 'Iris');
  });
  afterAll(async () => {
    await sim?.close();
    await server?.close();
  });

  async function submit(make: (sbiTxn: string) => Promise<BioChallengeItem[]>) {
    const driver = await openSignIn(server, client);
    return driver.authenticate(RESIDENT.individualId, bio(await make(esignetSbiTransactionId(driver.transactionId!))));
  }
  /** Our finer code of each error; every one is sent as the code eSignet's UI translates for a failed capture. */
  const refusedWith = (r: Awaited<ReturnType<typeof submit>>) => {
    for (const e of r.errors) expect(e.errorCode).toBe('biometric_capture_failed_msg');
    return r.errors.map((e) => e.reason);
  };

  it('accepts the registered finger scanner’s genuine capture', async () => {
    const r = await submit((sbiTxn) => simulatorCapture(sim, { transactionId: sbiTxn, domainUri: server.url }));
    expect(r.errors).toEqual([]);
    expect(r.response).toMatchObject({ consentAction: 'CAPTURE' });
  });

  it('the finger’s capture re-signed with the (registered) slap scanner’s or iris camera’s key → bio_device_certificate_mismatch', async () => {
    for (const serial of ['SIM-SLP-0001', 'SIM-IRS-0001']) {
      expect(refusedWith(await submit((sbiTxn) => resignedWith(sim, serial, sbiTxn, server.url)))).toEqual([
        'bio_device_certificate_mismatch',
      ]);
    }
  });

  it('a capture re-signed under another trusted provider’s CA (bound by certificate subject) naming the registered finger scanner → bio_device_provider_untrusted', async () => {
    const other = await otherProviderPki();
    await trustStoreAdmin(server, '', {
      kind: 'device-provider',
      env: 'Developer',
      certificate: other.ca.certificate.toString(),
    });
    expect(refusedWith(await submit((sbiTxn) => resignedByAnotherProvider(sim, other, sbiTxn, server.url)))).toEqual([
      'bio_device_provider_untrusted',
    ]);
  });

  it.each([
    [{ fault: 'foreignDeviceKey' }, 'bio_device_certificate_mismatch'],
    [{ fault: 'foreignProviderCert' }, 'bio_device_certificate_mismatch'],
    [{ fault: 'unregisteredSerial' }, 'bio_device_not_registered'],
    [{ fault: 'wrongDeviceType' }, 'bio_device_type_mismatch'],
    [{ fault: 'staleDigitalId' }, 'bio_digital_id_outside_window'],
  ])('the simulator fault %o → %s', async (fault, code) => {
    await queueFault(sim, fault);
    expect(
      refusedWith(await submit((sbiTxn) => simulatorCapture(sim, { transactionId: sbiTxn, domainUri: server.url }))),
    ).toEqual([code]);
  });
});

describe('biometric sign-in end to end with the reference ID system', () => {
  let server: TestServer;
  let sim: RunningSimulator;
  let client: TestClient;
  let bioSupported = false;

  beforeAll(async () => {
    server = await startTestServer();
    bioSupported = server.ctx.authenticator.supportedAuthFactors().includes('BIO');
    if (!bioSupported) return;
    // The simulator encrypts for the ID system's certificate, which the reference plugin serves.
    const certFile = path.join(server.config.dataDir, 'ida-fir.crt.pem');
    const certRes = await fetch(`${server.url}/v1/mock-identity-system/sbi/encryption-certificate`);
    expect(certRes.status).toBe(200);
    await writeFile(certFile, await certRes.text());
    sim = await startSimulator(
      { dataDir: path.join(server.config.dataDir, 'sbi-simulator'), ...SIM_PORTS, encryptionCertificate: certFile },
      { onError: () => undefined },
    );
    client = await registerTestClient(server, { authContextRefs: [BIO_ACR] });
  });
  afterAll(async () => {
    await sim?.close();
    await server?.close();
  });

  async function relyingParty(): Promise<oidc.Configuration> {
    const config = await oidc.discovery(
      new URL(server.url),
      client.clientId,
      { id_token_signed_response_alg: 'ES256' },
      oidc.PrivateKeyJwt(client.privateKey, {
        [oidc.modifyAssertion]: (header) => void (header.kid = client.publicJwk.kid),
      }),
      { execute: [oidc.allowInsecureRequests] },
    );
    oidc.enableNonRepudiationChecks(config);
    return config;
  }

  it('simulator capture → BIO authenticate → auth-code → token → userinfo for a demo resident', async (ctx) => {
    if (!bioSupported) ctx.skip();
    const config = await relyingParty();
    const verifier = oidc.randomPKCECodeVerifier();
    const nonce = oidc.randomNonce();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: client.redirectUri,
      scope: 'openid profile email',
      acr_values: BIO_ACR,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      nonce,
      state,
      claims: JSON.stringify({ userinfo: { name: { essential: true } } }),
    });
    const driver = await openSignIn(server, client, url);
    const items = await simulatorCapture(sim, {
      transactionId: esignetSbiTransactionId(driver.transactionId!),
      domainUri: server.url,
    });
    const authn = await driver.authenticate(RESIDENT.individualId, bio(items));
    expect(authn.errors).toEqual([]);
    const d = driver.details!;
    const code = await driver.authCode(
      [...((d.essentialClaims as string[]) ?? []), ...((d.voluntaryClaims as string[]) ?? [])],
      (d.authorizeScopes as string[]) ?? [],
    );
    expect(code.errors).toEqual([]);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(code.response!.redirectUrl), {
      pkceCodeVerifier: verifier,
      expectedNonce: nonce,
      expectedState: state,
      idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    expect(claims.acr).toBe(BIO_ACR);
    expect(claims.amr).toEqual(['fpt']);
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(userinfo.name).toBe(RESIDENT.nameEng);
  });

  it('a tampered bioValue is refused by the ID system', async (ctx) => {
    if (!bioSupported) ctx.skip();
    const driver = await openSignIn(server, client);
    const sbiTxn = esignetSbiTransactionId(driver.transactionId!);
    // Re-signed with the simulator's own (trusted) device key, so only the decryption can tell.
    const pki = simulatorPki(sim);
    const [item] = await makeCaptures(
      pki,
      [{ transactionId: sbiTxn, domainUri: server.url, env: 'Developer', seed: RESIDENT.individualId }],
      sim.encryptionCertificate,
    );
    const payload = JSON.parse(Buffer.from(item!.data.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      string
    >;
    const raw = Buffer.from(payload.bioValue!, 'base64url');
    raw[raw.length - 20] = raw[raw.length - 20]! ^ 0xff;
    const [tampered] = await makeCaptures(
      pki,
      [
        {
          transactionId: sbiTxn,
          domainUri: server.url,
          env: 'Developer',
          data: { bioValue: raw.toString('base64url'), timestamp: payload.timestamp },
        },
      ],
      sim.encryptionCertificate,
    );
    const r = await driver.authenticate(
      RESIDENT.individualId,
      bio([{ ...tampered!, sessionKey: item!.sessionKey, hash: item!.hash }]),
    );
    expect(r.response).toBeNull();
    expect(r.errors[0]?.errorCode).toBe('auth_failed');
  });

  it('a capture of another resident is refused by the ID system', async (ctx) => {
    if (!bioSupported) ctx.skip();
    const driver = await openSignIn(server, client);
    const items = await simulatorCapture(sim, {
      transactionId: esignetSbiTransactionId(driver.transactionId!),
      domainUri: server.url,
      individualId: DEMO_RESIDENTS.khmer.individualId,
    });
    const r = await driver.authenticate(RESIDENT.individualId, bio(items));
    expect(r.response).toBeNull();
    expect(r.errors[0]?.errorCode).toBe('auth_failed');
  });
});
