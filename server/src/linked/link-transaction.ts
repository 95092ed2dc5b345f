// `POST v2/link-transaction` (kiosk, operator's bearer token): the operator enters the resident's
// link code; the code is consumed and the kiosk learns what it is asked to verify, for whom, in
// the resident's languages. The resident's browser learns LINKED with the kiosk's name. Wrong codes
// are counted per operator session and per kiosk: an operator (or a stolen token) guessing codes
// loses the session after a few, and a kiosk stops linking for a while.
import { LinkTransactionRequestSchema, type LinkTransactionResponse } from '@signet-kiosk/shared/esignet';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import type { StepHandler } from '../esignet/audited-step.js';
import { uiConfigs } from '../esignet/ui-configs.js';
import { parseEnvelope, sendEnvelope } from '../http/esignet-envelope.js';
import { authenticateKioskOperator } from '../kiosks/kiosk-operator-auth.js';
import { operatorSessionKey } from '../kiosks/operator-session.js';
import { linkWithCode } from './link-state.js';

/** Wrong link codes an operator session may enter within MISS_WINDOW_S before it is ended. */
export const LINK_CODE_MISSES_PER_SESSION = 10;
/** Wrong link codes a kiosk may see within MISS_WINDOW_S (all its operators) before it stops linking. */
export const LINK_CODE_MISSES_PER_KIOSK = 30;
const MISS_WINDOW_S = 300;

export function linkTransaction(ctx: ServerContext): StepHandler {
  return async (req, res, audit) => {
    const { kiosk, operatorSub, accessTokenHash } = await authenticateKioskOperator(ctx, req.get('authorization'));
    audit.kioskId = kiosk.kioskId;
    audit.operator = operatorSub;
    const request = parseEnvelope(LinkTransactionRequestSchema, req.body);
    const kioskMisses = `kiosk-link-misses:kiosk:${kiosk.kioskId}`;
    if (((await ctx.transactions.get<number>(kioskMisses)) ?? 0) >= LINK_CODE_MISSES_PER_KIOSK)
      throw new EsignetError(
        'too_many_requests',
        'Too many wrong link codes at this kiosk. Please wait a few minutes and try again.',
      );
    const linking = await linkWithCode(ctx, request.linkCode, {
      kioskId: kiosk.kioskId,
      kioskName: kiosk.name,
      operator: operatorSub,
    }).catch(async (err: unknown) => {
      if (err instanceof EsignetError && err.errorCode === 'invalid_link_code') {
        await ctx.transactions.increment(kioskMisses, MISS_WINDOW_S);
        const misses = await ctx.transactions.increment(`kiosk-link-misses:session:${accessTokenHash}`, MISS_WINDOW_S);
        if (misses > LINK_CODE_MISSES_PER_SESSION) {
          await ctx.transactions.delete(operatorSessionKey(accessTokenHash));
          ctx.audit.record({
            action: 'kiosk-link-code-guessing',
            outcome: 'failure',
            errorCode: 'too_many_requests',
            kioskId: kiosk.kioskId,
            operator: operatorSub,
          });
          throw new EsignetError(
            'too_many_requests',
            'Too many wrong link codes: the operator has been signed out. Sign in again to continue.',
          );
        }
      }
      throw err;
    });
    const { txn, linked } = linking;
    audit.transactionId = txn.transactionId;
    audit.clientId = txn.clientId;
    const client = await ctx.registry.clients.get(txn.clientId);
    if (!client)
      throw new EsignetError('invalid_transaction', 'The application of this sign-in is no longer registered.');
    const response: LinkTransactionResponse = {
      linkTransactionId: linked.linkTransactionId,
      clientName: { '@none': client.clientName, ...client.clientNameLangMap },
      logoUrl: client.logoUri,
      authFactors: txn.authFactors.map((set) =>
        set.map((f) => ({ type: f.type, count: f.count, subTypes: f.subTypes })),
      ),
      authorizeScopes: txn.authorizeScopes,
      essentialClaims: txn.essentialClaims,
      voluntaryClaims: txn.voluntaryClaims,
      configs: uiConfigs(ctx),
      uiLocales: txn.uiLocales.length > 0 ? txn.uiLocales : txn.claimsLocales,
    };
    sendEnvelope(res, response);
  };
}
