// `POST send-otp`: asks the ID system to send an OTP to the individual, at most
// limits.otpSendsPerTransaction times per transaction.
import { SendOtpRequestSchema, type SendOtpResponse } from '@signet-kiosk/shared/esignet';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import { parseEnvelope, sendEnvelope } from '../http/esignet-envelope.js';
import { countOtpSend, countOtpSendToIndividual, requireNotBlocked } from './attempt-limits.js';
import type { StepHandler } from './audited-step.js';
import { requestSource } from './request-source.js';
import { requireStage, requireUiTransaction } from './ui-transaction.js';

export function sendOtp(ctx: ServerContext): StepHandler {
  return async (req, res, audit) => {
    const request = parseEnvelope(SendOtpRequestSchema, req.body);
    const txn = await requireUiTransaction(ctx, req, request.transactionId);
    audit.transactionId = txn.transactionId;
    audit.clientId = txn.clientId;
    audit.factors = ['OTP'];
    requireStage(txn, 'created', 'An OTP can only be sent before authentication.');
    if (!txn.authFactors.some((set) => set.some((f) => f.type === 'OTP')))
      throw new EsignetError('auth_factor_mismatch', 'This application does not offer sign-in with an OTP.');
    const supported = new Set(ctx.authenticator.supportedOtpChannels());
    if (!request.otpChannels.every((c) => supported.has(c))) throw new EsignetError('invalid_otp_channel');
    await requireNotBlocked(ctx, { individualId: request.individualId, source: requestSource(req) });
    await countOtpSend(ctx, txn.transactionId);
    await countOtpSendToIndividual(ctx, request.individualId);
    const result = await ctx.authenticator.sendOtp({
      transactionId: txn.transactionId,
      individualId: request.individualId,
      otpChannels: request.otpChannels,
    });
    if (!result.ok) throw new EsignetError(result.errorCode, result.message);
    const response: SendOtpResponse = {
      transactionId: txn.transactionId,
      maskedEmail: result.maskedEmail ?? null,
      maskedMobile: result.maskedMobile ?? null,
    };
    sendEnvelope(res, response);
  };
}
