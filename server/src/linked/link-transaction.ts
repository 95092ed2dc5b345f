// `POST v2/link-transaction` (kiosk, operator's bearer token): the operator enters the resident's
// link code; the code is consumed and the kiosk learns what it is asked to verify, for whom, in
// the resident's languages. The resident's browser learns LINKED with the kiosk's name.
import { LinkTransactionRequestSchema, type LinkTransactionResponse } from '@signet-kiosk/shared/esignet';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import type { StepHandler } from '../esignet/audited-step.js';
import { uiConfigs } from '../esignet/ui-configs.js';
import { parseEnvelope, sendEnvelope } from '../http/esignet-envelope.js';
import { authenticateKioskOperator } from '../kiosks/kiosk-operator-auth.js';
import { linkWithCode } from './link-state.js';

export function linkTransaction(ctx: ServerContext): StepHandler {
  return async (req, res, audit) => {
    const { kiosk, operatorIndividualId } = await authenticateKioskOperator(ctx, req.get('authorization'));
    audit.kioskId = kiosk.kioskId;
    audit.operator = operatorIndividualId;
    const request = parseEnvelope(LinkTransactionRequestSchema, req.body);
    const { txn, linked } = await linkWithCode(ctx, request.linkCode, {
      kioskId: kiosk.kioskId,
      kioskName: kiosk.name,
      operator: operatorIndividualId,
    });
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
