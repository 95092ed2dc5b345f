// How an OTP reaches the resident: the Notifier interface, and the default outside demo mode,
// which only logs that a message went out (channel and masked address, never the code).
import type { Logger } from 'pino';
import { maskEmail, maskPhone } from './masking.js';

export type OtpChannel = 'email' | 'phone';

export interface OtpMessage {
  individualId: string;
  channel: OtpChannel;
  /** The email address or phone number, in clear: only a notifier that really delivers should read it. */
  to: string;
  otp: string;
  /** The human text, code included. */
  text: string;
  sentAt: number;
  expiresAt: number;
}

export interface Notifier {
  send(message: OtpMessage): Promise<void>;
}

export function maskAddress(channel: OtpChannel, to: string): string {
  return channel === 'email' ? maskEmail(to) : maskPhone(to);
}

/** Logs delivery without the code or the full address; a real deployment plugs in an SMS/email gateway. */
export class LogNotifier implements Notifier {
  constructor(private readonly logger: Logger) {}

  async send(message: OtpMessage): Promise<void> {
    this.logger.info(
      {
        channel: message.channel,
        to: maskAddress(message.channel, message.to),
        expiresAt: new Date(message.expiresAt).toISOString(),
      },
      'OTP message sent',
    );
  }
}
