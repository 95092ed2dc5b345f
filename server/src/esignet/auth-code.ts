// `POST auth-code`: after authentication (and consent), issues the one authorization code of the
// transaction. The transaction is consumed atomically and put back as `code_issued`, so two
// concurrent or repeated calls can never issue two codes.
import { AuthCodeRequestSchema, type AuthCodeRequest, type AuthCodeResponse } from '@signet-kiosk/shared/esignet';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import { parseEnvelope, sendEnvelope } from '../http/esignet-envelope.js';
import { issueAuthorizationCode } from '../oidc/authorization-code.js';
import {
  remainingTransactionTtl,
  transactionKey,
  type AuthenticatedTransaction,
  type CodeIssuedTransaction,
  type Transaction,
} from '../oidc/transaction.js';
import type { StepAudit, StepHandler } from './audited-step.js';
import { applicableConsent, recordConsent } from '../oidc/consent.js';
import { requireStage, requireUiTransaction } from './ui-transaction.js';

/** The resident's consent as auth-code and link-auth-code carry it. */
export type ConsentRequest = Pick<AuthCodeRequest, 'acceptedClaims' | 'permittedAuthorizeScopes'>;

function requireAuthenticated(txn: Transaction): asserts txn is AuthenticatedTransaction {
  requireStage(txn, 'authenticated', 'An authorization code can only be issued once, after authentication.');
}

/** Accepted claims must have been requested; permitted scopes must have been asked for. */
function checkConsentRequest(txn: Transaction, request: ConsentRequest): void {
  const requested = new Set([...txn.essentialClaims, ...txn.voluntaryClaims]);
  const extraClaim = request.acceptedClaims.find((c) => !requested.has(c));
  if (extraClaim !== undefined)
    throw new EsignetError('invalid_accepted_claim', `The claim "${extraClaim}" was not requested.`);
  const extraScope = request.permittedAuthorizeScopes.find((s) => !txn.authorizeScopes.includes(s));
  if (extraScope !== undefined)
    throw new EsignetError('invalid_permitted_scope', `The scope "${extraScope}" was not requested.`);
}

/**
 * What is released: for NOCAPTURE the stored consent's claims and scopes; otherwise what the
 * resident accepted (essential claims always), stored as the consent for next time.
 */
async function consentedRelease(
  ctx: ServerContext,
  txn: AuthenticatedTransaction,
  request: ConsentRequest,
): Promise<{ acceptedClaims: string[]; permittedScopes: string[] }> {
  const stored = txn.consentAction === 'NOCAPTURE' ? await applicableConsent(ctx, txn) : undefined;
  if (stored) return { acceptedClaims: stored.acceptedClaims, permittedScopes: stored.permittedScopes };
  const acceptedClaims = [...new Set([...txn.essentialClaims, ...request.acceptedClaims])];
  const permittedScopes = [...new Set(request.permittedAuthorizeScopes)];
  if (txn.essentialClaims.length + txn.voluntaryClaims.length + txn.authorizeScopes.length > 0) {
    const client = await ctx.registry.clients.get(txn.clientId);
    await recordConsent(
      ctx,
      txn,
      acceptedClaims,
      permittedScopes,
      client?.additionalConfig.consent_expire_in_mins ?? 0,
    );
  }
  return { acceptedClaims, permittedScopes };
}

/**
 * Issues the transaction's one code with the resident's consent, shared by auth-code and the linked
 * flow's link-auth-code: `loaded` must be authenticated; the transaction is consumed atomically,
 * so two calls can never both issue a code.
 */
export async function issueCodeWithConsent(
  ctx: ServerContext,
  loaded: Transaction,
  request: ConsentRequest,
  audit: StepAudit,
): Promise<AuthCodeResponse> {
  requireAuthenticated(loaded);
  checkConsentRequest(loaded, request);

  // The single-use step: whoever consumes the authenticated transaction issues its code.
  const key = transactionKey(loaded.transactionId);
  const txn = await ctx.transactions.consume<Transaction>(key);
  if (!txn) throw new EsignetError('invalid_transaction');
  let release: { acceptedClaims: string[]; permittedScopes: string[] };
  let issued: { code: string; redirectUrl: string };
  try {
    requireAuthenticated(txn);
    audit.factors = txn.authFactorTypes;
    release = await consentedRelease(ctx, txn, request);
    const { permittedScopes } = release;
    issued = await issueAuthorizationCode(
      ctx,
      {
        clientId: txn.clientId,
        redirectUri: txn.redirectUri,
        codeChallenge: txn.codeChallenge,
        nonce: txn.nonce,
        scopes: txn.scopes.filter((s) => !txn.authorizeScopes.includes(s) || permittedScopes.includes(s)),
        sub: txn.sub,
        subjectId: txn.subjectId,
        individualId: txn.individualId,
        kycToken: txn.kycToken,
        authTime: txn.authTime,
        acr: txn.acr,
        amr: txn.amr,
        authFactorTypes: txn.authFactorTypes,
        acceptedClaims: release.acceptedClaims,
        claims: txn.claims,
        claimsLocales: txn.claimsLocales,
      },
      txn.state,
    );
  } catch (e) {
    // No code was issued: put the transaction back as it was (the resident may retry).
    await ctx.transactions.put(key, txn, remainingTransactionTtl(ctx, txn));
    throw e;
  }
  const done: CodeIssuedTransaction = {
    ...txn,
    stage: 'code_issued',
    acceptedClaims: release.acceptedClaims,
    permittedScopes: release.permittedScopes,
  };
  await ctx.transactions.put(key, done, remainingTransactionTtl(ctx, txn));

  return {
    code: issued.code,
    state: txn.state ?? null,
    nonce: txn.nonce ?? null,
    redirectUri: txn.redirectUri,
    redirectUrl: issued.redirectUrl,
  };
}

export function authCode(ctx: ServerContext): StepHandler {
  return async (req, res, audit) => {
    const request = parseEnvelope(AuthCodeRequestSchema, req.body);
    const loaded = await requireUiTransaction(ctx, req, request.transactionId);
    audit.transactionId = loaded.transactionId;
    audit.clientId = loaded.clientId;
    sendEnvelope(res, await issueCodeWithConsent(ctx, loaded, request, audit));
  };
}
