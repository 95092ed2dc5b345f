// The kiosk's side of the assisted flow as the bench drives it: its operator enters a link code
// (v2/link-transaction), the SBI simulator captures the resident's finger for that link
// transaction, and the kiosk submits the captures with its signed attestation (v2/authenticate).
import { importJWK, type CryptoKey } from 'jose';
import { LinkTransactionResponseSchema, LinkedAuthenticateResponseSchema } from '@signet-kiosk/shared/esignet';
import { KIOSK_ATTESTATION_HEADER, kioskAttestationClaims, signKioskAttestation } from '@signet-kiosk/shared/kiosk';
import { CaptureResponseSchema, esignetSbiTransactionId, sbiTimestamp } from '@signet-kiosk/shared/sbi';
import { INDIVIDUAL_ID_HEADER, type RunningSimulator } from '@signet-kiosk/sbi-bridge/simulator';
import type { HttpTransport } from '@signet-kiosk/server/testing';
import type { KioskRegisteredSchema } from './ipc-messages.js';
import { LINKED_PATH } from './resident-browser.js';
import type { z } from 'zod';

export type BioChallenge = { authFactorType: 'BIO'; challenge: string; format: 'encoded-json' };

/** A submission made ready before the timed window: the captures and the attestation over them. */
export interface KioskSubmission {
  linkTransactionId: string;
  challengeList: BioChallenge[];
  attestation: string;
}

export class BenchKiosk {
  private constructor(
    private readonly registered: z.infer<typeof KioskRegisteredSchema>,
    private readonly privateKey: CryptoKey,
    private readonly baseUrl: string,
    private readonly issuer: string,
    private readonly transport: HttpTransport,
  ) {}

  static async from(
    registered: z.infer<typeof KioskRegisteredSchema>,
    server: { url: string; issuer: string },
    transport: HttpTransport,
  ): Promise<BenchKiosk> {
    const key = (await importJWK(registered.privateJwk, 'ES256')) as CryptoKey;
    return new BenchKiosk(registered, key, server.url, server.issuer, transport);
  }

  /** A call of the kiosk side: the operator's bearer token, an eSignet envelope. */
  private async call(endpoint: string, request: unknown, headers: Record<string, string> = {}): Promise<unknown> {
    const res = await this.transport(`${this.baseUrl}${LINKED_PATH}${endpoint}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${this.registered.accessToken}`,
        ...headers,
      },
      body: JSON.stringify({ requestTime: new Date().toISOString(), request }),
    });
    const body = JSON.parse(res.text) as { response: unknown; errors?: unknown[] };
    if (!body.response) throw new Error(`${endpoint}: ${res.status} ${JSON.stringify(body.errors)}`);
    return body.response;
  }

  /** The operator enters the resident's code; the link transaction's id. */
  async link(linkCode: string): Promise<string> {
    return LinkTransactionResponseSchema.parse(await this.call('/v2/link-transaction', { linkCode })).linkTransactionId;
  }

  /** Captures one finger of `individualId` with the simulator for the link transaction, and signs the submission (for that ID). */
  async prepare(sim: RunningSimulator, linkTransactionId: string, individualId: string): Promise<KioskSubmission> {
    const res = await fetch(`${sim.url}/capture`, {
      method: 'CAPTURE',
      headers: { 'content-type': 'application/json', [INDIVIDUAL_ID_HEADER]: individualId },
      body: JSON.stringify({
        env: 'Developer',
        purpose: 'Auth',
        specVersion: '0.9.5',
        timeout: '10000',
        captureTime: sbiTimestamp(),
        domainUri: this.baseUrl,
        transactionId: esignetSbiTransactionId(linkTransactionId),
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
    const items = CaptureResponseSchema.parse(await res.json()).biometrics.map(({ error, ...rest }) => {
      if (error.errorCode !== '0') throw new Error(`capture: SBI error ${error.errorCode} ${error.errorInfo}`);
      return rest;
    });
    const challengeList: BioChallenge[] = [
      {
        authFactorType: 'BIO',
        challenge: Buffer.from(JSON.stringify(items)).toString('base64'),
        format: 'encoded-json',
      },
    ];
    const claims = await kioskAttestationClaims({
      kioskId: this.registered.kioskId,
      operatorSub: this.registered.operatorSub,
      audience: this.issuer,
      linkTransactionId,
      accessToken: this.registered.accessToken,
      individualId,
      challenges: challengeList.map((c) => c.challenge),
    });
    return { linkTransactionId, challengeList, attestation: await signKioskAttestation(claims, this.privateKey) };
  }

  /** Submits the captures (v2/authenticate); resolves when the server accepted them. */
  async authenticate(s: KioskSubmission, individualId: string): Promise<void> {
    LinkedAuthenticateResponseSchema.parse(
      await this.call(
        '/v2/authenticate',
        { linkedTransactionId: s.linkTransactionId, individualId, challengeList: s.challengeList },
        { [KIOSK_ATTESTATION_HEADER]: s.attestation },
      ),
    );
  }
}
