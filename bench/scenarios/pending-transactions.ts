// Memory per pending sign-in: transactions opened through `v3/oauth-details` (as the login UI
// does) and left pending, measured by the transaction store's own estimate and by the server's
// RSS and V8 heap (after a full GC), in a server process that does nothing else.
import http from 'node:http';
import type { BenchChild } from '../harness/child-process.js';
import { keepAliveTransport } from '../harness/keep-alive-transport.js';
import { pkcePair, relyingParty } from '../harness/token-request.js';
import { EsignetUiDriver } from '../../test/support/esignet-ui-driver.js';

export interface PendingTransactionFigures {
  transactions: number;
  /** Δ MemoryKvStore.stats().bytes / transactions (UTF-16 estimate of keys and JSON values + 64 B per entry). */
  storeBytesPerTransaction: number;
  /** Δ entries / transactions: how many store entries one pending sign-in holds. */
  storeEntriesPerTransaction: number;
  /** Δ RSS / transactions, after a full GC. */
  rssBytesPerTransaction: number;
  /** Δ V8 heapUsed / transactions, after a full GC. */
  heapBytesPerTransaction: number;
  /** Δ V8 heapTotal (the heap V8 has reserved, used or not) / transactions, after a full GC. */
  heapReservedBytesPerTransaction: number;
  failures: number;
}

async function openTransactions(
  driver: EsignetUiDriver,
  loginUrl: string,
  count: number,
  parallel: number,
): Promise<number> {
  let failures = 0;
  let left = count;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (left-- > 0) {
        const r = await driver.oauthDetailsFrom(loginUrl);
        if (!r.response) failures++;
      }
    }),
  );
  return failures;
}

export async function benchPendingTransactions(child: BenchChild, count: number): Promise<PendingTransactionFigures> {
  const rp = await relyingParty(await child.call({ type: 'register-client' }));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const driver = new EsignetUiDriver(child.url, keepAliveTransport(agent));
  const authorizeUrl = `${child.url}/authorize?${new URLSearchParams({
    client_id: rp.clientId,
    redirect_uri: rp.redirectUri,
    response_type: 'code',
    scope: 'openid profile email',
    code_challenge: pkcePair().challenge,
    code_challenge_method: 'S256',
    nonce: 'n-0123456789abcdefghijkl',
    state: 's-0123456789abcdefghijkl',
    claims: JSON.stringify({
      userinfo: { name: { essential: true }, phone_number: null },
      id_token: { acr: { essential: true } },
    }),
  })}`;
  const measured = await (async () => {
    const { location } = await driver.authorize(authorizeUrl);
    if (!location) throw new Error('authorize did not redirect to the login UI');
    await openTransactions(driver, location, 500, 8); // warm-up: JIT, store growth, sockets
    const before = await child.call({ type: 'stats', gc: true });
    const failures = await openTransactions(driver, location, count, 8);
    const after = await child.call({ type: 'stats', gc: true });
    return { before, after, failures };
  })().finally(() => agent.destroy());
  const { before, after, failures } = measured;
  if (!before.transactions || !after.transactions)
    throw new Error('the transaction store reports no stats (not the in-memory store?)');
  const per = (a: number, b: number) => Math.round((a - b) / count);
  return {
    transactions: count,
    storeBytesPerTransaction: per(after.transactions.bytes, before.transactions.bytes),
    storeEntriesPerTransaction: (after.transactions.entries - before.transactions.entries) / count,
    rssBytesPerTransaction: per(after.rss, before.rss),
    heapBytesPerTransaction: per(after.heapUsed, before.heapUsed),
    heapReservedBytesPerTransaction: per(after.heapTotal, before.heapTotal),
    failures,
  };
}
