// Every IPC message of the page goes through here: sender checked (SenderPolicy), request parsed with
// its channel's schema from the shared contract, handler run, reply checked against its schema too.
// The same router serves Electron's ipcMain and a test page's exposed function.
import { z } from 'zod';
import {
  KIOSK_INVOKE_CHANNELS,
  KioskIpcErrorCodeSchema,
  type KioskInvokeChannel,
  type KioskReply,
} from '@signet-kiosk/shared/kiosk';
import { KIOSK_ERRORS, KioskError } from '../errors.js';
import type { IpcSender, SenderPolicy } from './sender-policy.js';

type RequestOf<C extends KioskInvokeChannel> = z.output<(typeof KIOSK_INVOKE_CHANNELS)[C]['request']>;
type ValueOf<C extends KioskInvokeChannel> = Extract<KioskReply<C>, { ok: true }>['value'];

/** One handler per channel: takes the parsed request, returns the value or throws a KioskError. */
export type KioskIpcHandlers = {
  [C in KioskInvokeChannel]: (request: RequestOf<C>, sender: IpcSender) => Promise<ValueOf<C>>;
};

export interface IpcLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

const isChannel = (name: string): name is KioskInvokeChannel => Object.hasOwn(KIOSK_INVOKE_CHANNELS, name);

export class IpcRouter {
  constructor(
    private readonly handlers: KioskIpcHandlers,
    private readonly senders: SenderPolicy,
    private readonly log: IpcLog = { warn: () => undefined },
  ) {}

  /** The channels to register (ipcMain.handle each). */
  get channels(): KioskInvokeChannel[] {
    return Object.keys(KIOSK_INVOKE_CHANNELS) as KioskInvokeChannel[];
  }

  /**
   * Answers one message. A refused sender or an unknown channel throws (the caller's invoke fails,
   * the page learns nothing); a malformed request is answered `invalid_request`.
   * @example await router.handle('sbi:discover', sender, {}) // { ok: true, value: [...] }
   */
  async handle(channel: string, sender: IpcSender, payload: unknown): Promise<KioskReply<KioskInvokeChannel>> {
    const refusal = this.senders.refusal(sender);
    if (refusal) {
      this.log.warn({ channel, refusal }, 'IPC message refused');
      throw new KioskError('sender_refused', `(${refusal})`);
    }
    if (!isChannel(channel)) throw new KioskError('invalid_request', `(no channel ${JSON.stringify(channel)})`);
    return this.answer(channel, sender, payload);
  }

  private async answer<C extends KioskInvokeChannel>(
    channel: C,
    sender: IpcSender,
    payload: unknown,
  ): Promise<KioskReply<C>> {
    const contract = KIOSK_INVOKE_CHANNELS[channel];
    const request = contract.request.safeParse(payload);
    if (!request.success) {
      return this.checked(channel, {
        ok: false,
        error: {
          code: 'invalid_request',
          message: `${KIOSK_ERRORS.invalid_request}\n${z.prettifyError(request.error)}`,
        },
      });
    }
    const handler = this.handlers[channel] as (r: unknown, s: IpcSender) => Promise<unknown>;
    try {
      return this.checked(channel, { ok: true, value: await handler(request.data, sender) });
    } catch (err) {
      const code = err instanceof KioskError ? KioskIpcErrorCodeSchema.safeParse(err.code) : undefined;
      if (!(err instanceof KioskError) || !code?.success) throw err;
      return this.checked(channel, {
        ok: false,
        error: {
          code: code.data,
          message: err.message,
          ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}),
          ...(err.serverCode !== undefined ? { serverCode: err.serverCode } : {}),
          ...(err.attemptsLeft !== undefined ? { attemptsLeft: err.attemptsLeft } : {}),
        },
      });
    }
  }

  /** The reply as its schema has it; a handler that answers off-contract is a bug, and fails loudly. */
  private checked<C extends KioskInvokeChannel>(channel: C, reply: unknown): KioskReply<C> {
    return KIOSK_INVOKE_CHANNELS[channel].reply.parse(reply) as KioskReply<C>;
  }
}
