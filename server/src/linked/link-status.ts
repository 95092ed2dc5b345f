// `POST link-status` (resident's browser), eSignet's long poll: answers LINKED as soon as a kiosk
// has entered the code (also when it has gone further since), `response_timeout` after
// longPollSeconds without, invalid_link_code once the code has expired unused.
import { LinkStatusRequestSchema, type LinkStatusResponse } from '@signet-kiosk/shared/esignet';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import type { StepHandler } from '../esignet/audited-step.js';
import { requireUiTransaction } from '../esignet/ui-transaction.js';
import { parseEnvelope, sendEnvelope } from '../http/esignet-envelope.js';
import { waitForLink } from './link-watch.js';

export function linkStatus(ctx: ServerContext): StepHandler {
  return async (req, res, audit) => {
    const request = parseEnvelope(LinkStatusRequestSchema, req.body);
    const txn = await requireUiTransaction(ctx, req, request.transactionId);
    audit.transactionId = txn.transactionId;
    audit.clientId = txn.clientId;
    const { record, progress } = await waitForLink(ctx, txn, request.linkCode, res, (p) => p.state !== 'WAITING');
    if (progress.state === 'EXPIRED') throw new EsignetError('invalid_link_code', 'The link code has expired.');
    if (record.linkedDateTime === undefined) throw new EsignetError('response_timeout');
    audit.kioskId = record.kioskId;
    audit.operator = record.operator;
    const response: LinkStatusResponse = {
      transactionId: txn.transactionId,
      linkStatus: 'LINKED',
      linkedDateTime: record.linkedDateTime,
    };
    sendEnvelope(res, response);
  };
}
