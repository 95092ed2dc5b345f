// Signet's progress of a link code for the resident's browser: `GET …/progress` as server-sent
// events (one LinkProgress JSON per event, heartbeat comments, closed after EXPIRED or
// AUTHENTICATED or when the browser goes), and `POST …/progress`, the long poll for browsers or
// networks where the stream fails.
import { z } from 'zod';
import {
  LinkCodeSchema,
  LinkProgressPollRequestSchema,
  LinkProgressSchema,
  type LinkProgress,
} from '@signet-kiosk/shared/esignet';
import type { ServerContext } from '../context.js';
import type { StepHandler } from '../esignet/audited-step.js';
import { requireUiTransaction } from '../esignet/ui-transaction.js';
import { invalidInput, parseEnvelope, sendEnvelope } from '../http/esignet-envelope.js';
import { requireBrowserTransaction, waitForLink, watchLink } from './link-watch.js';

/** The stream's query: the same two names as link-status's body. */
const ProgressQuerySchema = z.object({ transactionId: z.string().min(1).max(100), linkCode: LinkCodeSchema });

/** After these the progress cannot change: the stream ends. */
const FINAL_STATES: ReadonlySet<LinkProgress['state']> = new Set(['EXPIRED', 'AUTHENTICATED']);

/** `GET /v1/signet/linked-authorization/progress?transactionId=…&linkCode=…` */
export function linkProgressStream(ctx: ServerContext): StepHandler {
  return async (req, res, audit) => {
    const query = ProgressQuerySchema.safeParse(req.query);
    if (!query.success) throw invalidInput(query.error);
    const txn = await requireBrowserTransaction(ctx, req, query.data.transactionId);
    audit.transactionId = txn.transactionId;
    audit.clientId = txn.clientId;
    const send = (progress: LinkProgress, seq: number) => {
      if (res.writableEnded) return;
      res.write(`id: ${seq}\ndata: ${JSON.stringify(LinkProgressSchema.parse(progress))}\n\n`);
      if (FINAL_STATES.has(progress.state)) res.end();
    };
    const watch = await watchLink(ctx, txn, query.data.linkCode, res, (record, progress) => send(progress, record.seq));
    audit.kioskId = watch.record.kioskId;
    audit.operator = watch.record.operator;
    // Gone while the link was read (watchLink has stopped itself): no stream, no heartbeat.
    if (res.closed || res.destroyed) return;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      // Proxies such as nginx would otherwise hold the events back in their buffer.
      'x-accel-buffering': 'no',
    });
    // Comments keep idle proxies and load balancers from closing the stream.
    const heartbeat = setInterval(
      // Guarded: a write after end would be an error event on the response.
      () => void (res.writableEnded || res.write(': heartbeat\n\n')),
      ctx.config.linkedAuthorization.heartbeatSeconds * 1000,
    );
    res.on('close', () => {
      clearInterval(heartbeat);
      watch.stop();
    });
    send(watch.progress, watch.record.seq);
  };
}

/** `POST /v1/signet/linked-authorization/progress` {transactionId, linkCode, after}: the next state after `after`, or the same one after longPollSeconds. */
export function linkProgressPoll(ctx: ServerContext): StepHandler {
  return async (req, res, audit) => {
    const request = parseEnvelope(LinkProgressPollRequestSchema, req.body);
    const txn = await requireUiTransaction(ctx, req, request.transactionId);
    audit.transactionId = txn.transactionId;
    audit.clientId = txn.clientId;
    let changes = 0;
    const { record, progress } = await waitForLink(
      ctx,
      txn,
      request.linkCode,
      res,
      // A first look unlike `after`, or any change while waiting (FAILED may follow FAILED).
      (p) => changes++ > 0 || p.state !== request.after,
    );
    audit.kioskId = record.kioskId;
    audit.operator = record.operator;
    sendEnvelope(res, LinkProgressSchema.parse(progress));
  };
}
