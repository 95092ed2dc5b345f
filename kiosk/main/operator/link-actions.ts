// The operator's link actions in the main process: open a resident's link code (`v2/link-transaction`
// with the operator's bearer token) and submit the verified captures the kiosk holds for it
// (`v2/authenticate` with a fresh kiosk attestation signed by the kiosk key). Every answer parsed
// with the shared schemas; refusals come back typed with the server's code and attempts left.
import type { CryptoKey } from 'jose';
import { z } from 'zod';
import {
  LinkCodeSchema,
  LinkedAuthenticateResponseSchema,
  LinkTransactionResponseSchema,
  type Challenge,
} from '@signet-kiosk/shared/esignet';
import {
  KIOSK_ATTESTATION_HEADER,
  kioskAttestationClaims,
  signKioskAttestation,
  type LinkOpened,
  type LinkOpenIpcRequest,
  type LinkSubmitIpcRequest,
  type LinkSubmitted,
} from '@signet-kiosk/shared/kiosk';
import { esignetSbiTransactionId } from '@signet-kiosk/shared/sbi';
import { KioskError } from '../errors.js';
import type { LinkActionsPort } from '../kiosk-handlers.js';
import type { HeldCapture } from '../sbi/kiosk-sbi.js';
import { postEnvelope } from '../server-api.js';
import type { OperatorSession } from './operator-session.js';

export interface LinkActionsOptions {
  /** The Signet server: where the API is, and its origin the captures' domainUri. */
  serverUrl: string;
  kioskId: string;
  /** The kiosk's P-256 private key and its key id. */
  privateKey: CryptoKey;
  kid?: string;
  session: Pick<OperatorSession, 'use' | 'refusedWith'>;
  /** The verified captures the SBI service holds (KioskSbi.takeCaptures). */
  captures: { takeCaptures(captureIds: readonly string[], transactionId: string): HeldCapture[] };
  /** Seconds the attestation lives (≤ 60; default 60). */
  attestationSeconds?: number;
}

const API = '/v1/esignet/linked-authorization';

/** What one submission sends: the challenge list and its attestation. */
export interface PreparedSubmission {
  challengeList: Challenge[];
  attestation: string;
}

export class LinkActions implements LinkActionsPort {
  constructor(private readonly opts: LinkActionsOptions) {}

  /**
   * Opens a link code: the server consumes it and answers the linked request.
   * @example const opened = await link.open({ linkCode: 'ABCD-EFGH' });
   */
  async open(request: LinkOpenIpcRequest): Promise<LinkOpened> {
    const linkCode = LinkCodeSchema.safeParse(request.linkCode);
    if (!linkCode.success) throw new KioskError('invalid_request', '(not a link code)');
    const { accessToken } = this.opts.session.use();
    const opened = await this.post('v2/link-transaction', LinkTransactionResponseSchema, accessToken, {
      linkCode: linkCode.data,
    });
    return {
      ...opened,
      sbiTransactionId: esignetSbiTransactionId(opened.linkTransactionId),
      domainUri: new URL(this.opts.serverUrl).origin,
    };
  }

  /**
   * Builds what a submission sends from captures already taken: the BIO challenges (encoded-json,
   * as the login app sends them) and the attestation over them and the resident's individual ID.
   * Separate so that its cost can be measured.
   */
  async prepare(
    captures: readonly HeldCapture[],
    o: { accessToken: string; operatorSub: string; linkTransactionId: string; issuer: string; individualId: string },
  ): Promise<PreparedSubmission> {
    const challengeList = captures.map((c) => ({
      authFactorType: 'BIO',
      challenge: c.challenge,
      format: 'encoded-json',
    }));
    const claims = await kioskAttestationClaims({
      kioskId: this.opts.kioskId,
      operatorSub: o.operatorSub,
      audience: o.issuer,
      linkTransactionId: o.linkTransactionId,
      accessToken: o.accessToken,
      individualId: o.individualId,
      challenges: challengeList.map((c) => c.challenge),
      lifetimeSeconds: this.opts.attestationSeconds ?? 60,
    });
    return { challengeList, attestation: await signKioskAttestation(claims, this.opts.privateKey, this.opts.kid) };
  }

  /**
   * Submits the resident's captures (the main process's verified copies, each used once) for a
   * link transaction, attested by the kiosk.
   * @example await link.submit({ linkTransactionId, individualId, captureIds: [captureId] });
   */
  async submit(request: LinkSubmitIpcRequest): Promise<LinkSubmitted> {
    const { accessToken, sub, issuer } = this.opts.session.use();
    const captures = this.opts.captures.takeCaptures(
      request.captureIds,
      esignetSbiTransactionId(request.linkTransactionId),
    );
    const { challengeList, attestation } = await this.prepare(captures, {
      accessToken,
      operatorSub: sub,
      linkTransactionId: request.linkTransactionId,
      issuer,
      individualId: request.individualId,
    });
    const done = await this.post(
      'v2/authenticate',
      LinkedAuthenticateResponseSchema,
      accessToken,
      { linkedTransactionId: request.linkTransactionId, individualId: request.individualId, challengeList },
      { [KIOSK_ATTESTATION_HEADER]: attestation },
    );
    return { linkTransactionId: done.linkedTransactionId, consentAction: done.consentAction };
  }

  /** One call of the kiosk side of the API with the operator's token; a refusal of the token locks the session. */
  private async post<T extends z.ZodType>(
    path: string,
    schema: T,
    accessToken: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<z.infer<T>> {
    try {
      return await postEnvelope(new URL(`${API}/${path}`, this.opts.serverUrl), schema, body, {
        authorization: `Bearer ${accessToken}`,
        ...headers,
      });
    } catch (e) {
      if (!(e instanceof KioskError) || e.serverCode === undefined || !this.opts.session.refusedWith(e.serverCode))
        throw e;
      throw new KioskError('operator_locked', `(${e.serverCode})`, { serverCode: e.serverCode });
    }
  }
}
