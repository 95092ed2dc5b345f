// Link codes in a real server's transaction store: the alphabet, single use under a race, the
// live-code limit, and progress moving only from the states it may leave.
import { LINK_CODE_ALPHABET, LINK_CODE_LENGTH } from '@signet-kiosk/shared/esignet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EsignetError } from '../errors.js';
import { authorizationRequest, registerClient, UiApiClient } from '../esignet/testing/ui-api-client.js';
import { loadTransaction, type Transaction } from '../oidc/transaction.js';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import {
  advanceLink,
  issueLinkCode,
  linkChannel,
  linkWithCode,
  MAX_LIVE_LINK_CODES,
  newLinkCode,
  readLink,
} from './link-state.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function newTransaction(): Promise<Transaction> {
  const client = await registerClient(server);
  const ui = new UiApiClient(server.url);
  const r = await ui.oauthDetails(authorizationRequest(client));
  expect(r.errors).toEqual([]);
  return (await loadTransaction(server.ctx, ui.transactionId!))!;
}

const linker = (n: number) => ({ kioskId: `kiosk-${n}`, kioskName: `Kiosk ${n}`, operator: `operator-${n}` });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (e) {
    if (e instanceof EsignetError) return e.errorCode;
    throw e;
  }
}

describe('link codes', () => {
  it('are LINK_CODE_LENGTH characters of LINK_CODE_ALPHABET, and differ', () => {
    const codes = Array.from({ length: 2000 }, () => newLinkCode());
    for (const code of codes) expect(code).toMatch(new RegExp(`^[${LINK_CODE_ALPHABET}]{${LINK_CODE_LENGTH}}$`));
    expect(new Set(codes).size).toBe(codes.length);
    // Every letter of the alphabet turns up: the draw covers it all.
    expect(new Set(codes.join('')).size).toBe(LINK_CODE_ALPHABET.length);
  });

  it('link exactly one of ten kiosks racing on one code; the others get invalid_link_code', async () => {
    const txn = await newTransaction();
    const { code } = await issueLinkCode(server.ctx, txn);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => codeOf(linkWithCode(server.ctx, code, linker(i)))),
    );
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'invalid_link_code')).toHaveLength(9);
    expect((await readLink(server.ctx, txn.transactionId, code))!.progress.state).toBe('LINKED');
  });

  it('link a transaction once: a second live code of a linked transaction is refused, and no new one is issued', async () => {
    const txn = await newTransaction();
    const first = await issueLinkCode(server.ctx, txn);
    const second = await issueLinkCode(server.ctx, txn);
    await linkWithCode(server.ctx, first.code, linker(1));
    expect(await codeOf(linkWithCode(server.ctx, second.code, linker(2)))).toBe('invalid_link_code');
    expect(await codeOf(issueLinkCode(server.ctx, txn))).toBe('invalid_transaction_state');
  });

  it(`keep at most ${MAX_LIVE_LINK_CODES} live when many are asked for at once`, async () => {
    const txn = await newTransaction();
    const issued = await Promise.all(Array.from({ length: 6 }, () => issueLinkCode(server.ctx, txn)));
    const states = await Promise.all(
      issued.map(async ({ code }) => (await readLink(server.ctx, txn.transactionId, code))!.progress.state),
    );
    expect(states.filter((s) => s === 'WAITING')).toHaveLength(MAX_LIVE_LINK_CODES);
    expect(states.filter((s) => s === 'EXPIRED')).toHaveLength(6 - MAX_LIVE_LINK_CODES);
  });
});

describe('advanceLink', () => {
  it('moves only from the states it is given, one step per seq, and announces each step', async () => {
    const txn = await newTransaction();
    const { code } = await issueLinkCode(server.ctx, txn);
    expect(
      await advanceLink(server.ctx, txn.transactionId, code, ['LINKED'], () => ({ progress: { state: 'EXPIRED' } })),
    ).toBeUndefined();
    const seen: number[] = [];
    const stop = await server.ctx.linkNotifications.subscribe(linkChannel(txn.transactionId, code), (e) =>
      seen.push(e.seq),
    );
    const moved = await Promise.all(
      Array.from({ length: 5 }, () =>
        advanceLink(server.ctx, txn.transactionId, code, ['WAITING'], () => ({ progress: { state: 'EXPIRED' } })),
      ),
    );
    stop();
    // Of five racing moves from WAITING, one moved it; the others found it EXPIRED.
    expect(moved.filter((m) => m !== undefined)).toHaveLength(1);
    expect(seen).toEqual([2]);
  });
});
