// Demo mode only: a Notifier that keeps the latest OTP messages in memory, and the route
// `GET /v1/esignet/dev/outbox?individualId=…` that shows them (the app registers it only when demo is on).
import { Router } from 'express';
import { z } from 'zod';
import { EsignetError, sendEnvelope, sendEnvelopeError } from '@signet-kiosk/server/plugin';
import { IndividualIdSchema } from './identity-data.js';
import { maskAddress, type Notifier, type OtpMessage } from './notifier.js';

export const DEV_OUTBOX_PATH = '/v1/esignet/dev/outbox';

const PER_INDIVIDUAL = 10;
const MAX_INDIVIDUALS = 1000;

export class DevOutbox implements Notifier {
  private readonly messages = new Map<string, OtpMessage[]>();

  async send(message: OtpMessage): Promise<void> {
    const list = this.messages.get(message.individualId) ?? [];
    this.messages.delete(message.individualId);
    this.messages.set(message.individualId, [...list, message].slice(-PER_INDIVIDUAL));
    // Forget the least recently messaged individuals so the outbox cannot grow without bound.
    for (const id of this.messages.keys()) {
      if (this.messages.size <= MAX_INDIVIDUALS) break;
      this.messages.delete(id);
    }
  }

  /** The latest messages in the order sent, the newest last. */
  latest(individualId: string): OtpMessage[] {
    return this.messages.get(individualId) ?? [];
  }
}

const OutboxQuerySchema = z.object({ individualId: IndividualIdSchema });

/** The outbox route, answered in the eSignet envelope. */
export function devOutboxRouter(outbox: DevOutbox): Router {
  const router = Router();
  router.get(DEV_OUTBOX_PATH, (req, res) => {
    const query = OutboxQuerySchema.safeParse(req.query);
    if (!query.success) {
      sendEnvelopeError(
        res,
        new EsignetError('invalid_input', 'Query parameter individualId is missing or malformed.'),
      );
      return;
    }
    res.set('Cache-Control', 'no-store');
    sendEnvelope(res, {
      individualId: query.data.individualId,
      messages: outbox.latest(query.data.individualId).map((m) => ({
        channel: m.channel,
        to: maskAddress(m.channel, m.to),
        otp: m.otp,
        text: m.text,
        sentAt: new Date(m.sentAt).toISOString(),
        expiresAt: new Date(m.expiresAt).toISOString(),
      })),
    });
  });
  return router;
}
