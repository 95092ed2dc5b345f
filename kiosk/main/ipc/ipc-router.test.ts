// The IPC router answers only the kiosk window's main frame on an allowed origin, parses every
// request with its channel's schema before a handler sees it, and never sends a reply off-contract.
import { describe, expect, it } from 'vitest';
import { KioskError } from '../errors.js';
import { IpcRouter, type KioskIpcHandlers } from './ipc-router.js';
import { originOf, SenderPolicy, type IpcSender } from './sender-policy.js';

const SERVER = 'https://id.signet.test';
const WINDOW = 3;
const page = (url: string, over: Partial<IpcSender> = {}): IpcSender => ({
  webContentsId: WINDOW,
  frame: { url, isMainFrame: true },
  ...over,
});
const LOGIN = page(`${SERVER}/login?transaction=abc`);
/** The operator console: the kiosk's own page, the only sender of the operator's channels. */
const CONSOLE = page('app://kiosk/index.html');
const GOOD_CAPTURE = {
  captureId: 'AAAAAAAAAAAAAAAAAAAAAA',
  deviceKey: 'http://127.0.0.1:4501#SIM-FNG-0001',
  transactionId: 'tx-1',
  domainUri: SERVER,
  count: 1,
  timeoutMs: 10_000,
};

function routerWith(over: Partial<KioskIpcHandlers> = {}) {
  const calls: { channel: string; request: unknown }[] = [];
  const record =
    <T>(channel: string, value: T) =>
    async (request: unknown) => {
      calls.push({ channel, request });
      return value;
    };
  const handlers: KioskIpcHandlers = {
    'sbi:discover': record('sbi:discover', []),
    'sbi:capture': record('sbi:capture', { challenge: 'W3t9XQ' }),
    'sbi:cancel-capture': record('sbi:cancel-capture', { cancelled: false }),
    'kiosk:identity': () => Promise.reject(new KioskError('identity_unavailable', '(no key)')),
    'kiosk:status': record('kiosk:status', { registered: false }),
    'operator:sign-in': record('operator:sign-in', { authorizeOrigin: SERVER }),
    'operator:session': record('operator:session', { signedIn: false }),
    'operator:sign-out': record('operator:sign-out', { signedIn: false }),
    'link:open': () => Promise.reject(new KioskError('operator_signed_out')),
    'link:submit': () =>
      Promise.reject(new KioskError('server_refused', '(auth_failed)', { serverCode: 'auth_failed', attemptsLeft: 2 })),
    'resident:done': record('resident:done', { cleared: true }),
    ...over,
  };
  const router = new IpcRouter(handlers, new SenderPolicy(() => WINDOW, [SERVER, 'app://kiosk']));
  return { router, calls };
}

describe('the sender check', () => {
  it.each([
    ['another web contents', page(`${SERVER}/login`, { webContentsId: 4 })],
    ['an iframe of the login page', { webContentsId: WINDOW, frame: { url: `${SERVER}/login`, isMainFrame: false } }],
    ['a relying party page in the kiosk window', page('https://rp.example.org/start')],
    ['a look-alike origin', page('https://id.signet.test.evil.example/login')],
    ['another port of the server host', page('https://id.signet.test:8443/login')],
    ['another app:// host', page('app://evil/index.html')],
    ['a file: page', page('file:///etc/passwd')],
    ['a frame that has gone', { webContentsId: WINDOW, frame: null }],
  ])('refuses %s, and no handler runs', async (_, sender) => {
    const { router, calls } = routerWith();
    await expect(router.handle('sbi:capture', sender, GOOD_CAPTURE)).rejects.toMatchObject({ code: 'sender_refused' });
    expect(calls).toEqual([]);
  });

  it("answers the kiosk window's main frame on the server and on app://kiosk", async () => {
    const { router, calls } = routerWith();
    expect(await router.handle('sbi:discover', LOGIN, {})).toEqual({ ok: true, value: [] });
    expect(await router.handle('sbi:discover', page('app://kiosk/index.html'), {})).toEqual({ ok: true, value: [] });
    expect(calls).toHaveLength(2);
  });

  it.each([
    ['operator:sign-in', {}],
    ['operator:session', {}],
    ['link:open', { linkCode: 'ABCD-EFGH' }],
    ['kiosk:identity', {}],
  ])("answers %s only to the kiosk's own pages, not to the login app on the server", async (channel, payload) => {
    const { router, calls } = routerWith();
    await expect(router.handle(channel, LOGIN, payload)).rejects.toMatchObject({ code: 'sender_refused' });
    expect(calls).toEqual([]);
    // From app://kiosk the handler runs (and answers, here a value or its refusal as a value).
    await expect(router.handle(channel, page('app://kiosk/index.html'), payload)).resolves.toHaveProperty('ok');
  });

  it("answers resident:done to the login app on the server, never to a relying party's page", async () => {
    const { router, calls } = routerWith();
    expect(await router.handle('resident:done', LOGIN, { reason: 'left' })).toEqual({
      ok: true,
      value: { cleared: true },
    });
    await expect(
      router.handle('resident:done', page('https://rp.example.org/start'), { reason: 'idle' }),
    ).rejects.toMatchObject({ code: 'sender_refused' });
    expect(await router.handle('resident:done', LOGIN, { reason: 'bored' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(calls).toEqual([{ channel: 'resident:done', request: { reason: 'left' } }]);
  });

  it('reads the origin of custom schemes by host, not as the WHATWG "null"', () => {
    expect(originOf('app://kiosk/a/b')).toBe('app://kiosk');
    expect(originOf('app://evil/a')).toBe('app://evil');
    expect(originOf('not a url')).toBeUndefined();
  });
});

describe('request parsing', () => {
  it.each([
    ['no payload', undefined],
    ['a string', 'capture please'],
    ['a missing field', { ...GOOD_CAPTURE, domainUri: undefined }],
    ['an unknown field', { ...GOOD_CAPTURE, signal: {} }],
    ['a short capture id', { ...GOOD_CAPTURE, captureId: 'abc' }],
    ['a domainUri that is no URL', { ...GOOD_CAPTURE, domainUri: 'id.signet.test' }],
    ['too many fingers', { ...GOOD_CAPTURE, count: 11 }],
    ['a timeout of hours', { ...GOOD_CAPTURE, timeoutMs: 7_200_000 }],
    ['a fractional count', { ...GOOD_CAPTURE, count: 1.5 }],
  ])('answers invalid_request to a capture with %s, and the handler never runs', async (_, payload) => {
    const { router, calls } = routerWith();
    const reply = await router.handle('sbi:capture', LOGIN, payload);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(calls).toEqual([]);
  });

  it('passes a well-formed request to its handler, parsed', async () => {
    const { router, calls } = routerWith();
    expect(await router.handle('sbi:capture', LOGIN, GOOD_CAPTURE)).toEqual({
      ok: true,
      value: { challenge: 'W3t9XQ' },
    });
    expect(calls).toEqual([{ channel: 'sbi:capture', request: GOOD_CAPTURE }]);
  });

  it('refuses arguments to a channel that takes none', async () => {
    const { router } = routerWith();
    expect(await router.handle('sbi:discover', LOGIN, { ports: [1, 65535] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  });

  it('throws for a channel that is not in the contract', async () => {
    const { router } = routerWith();
    await expect(router.handle('shell:exec', LOGIN, {})).rejects.toMatchObject({ code: 'invalid_request' });
  });
});

describe('replies', () => {
  it("answers a handler's KioskError as a typed error value", async () => {
    const { router } = routerWith({
      'sbi:capture': () => Promise.reject(new KioskError('device_busy', '(capturing)', { retryAfterMs: 800 })),
    });
    expect(await router.handle('sbi:capture', LOGIN, GOOD_CAPTURE)).toEqual({
      ok: false,
      error: { code: 'device_busy', message: expect.stringContaining('busy'), retryAfterMs: 800 },
    });
    expect(await router.handle('kiosk:identity', CONSOLE, {})).toMatchObject({
      ok: false,
      error: { code: 'identity_unavailable' },
    });
  });

  it('fails loudly, sending nothing, when a handler answers off-contract or throws something else', async () => {
    const offContract = routerWith({ 'sbi:capture': async () => ({ challenge: '' }) }).router;
    await expect(offContract.handle('sbi:capture', LOGIN, GOOD_CAPTURE)).rejects.toThrow();
    const crashing = routerWith({ 'sbi:discover': () => Promise.reject(new TypeError('bug')) }).router;
    await expect(crashing.handle('sbi:discover', LOGIN, {})).rejects.toThrow('bug');
  });

  it('lists every channel of the contract to register', () => {
    expect(routerWith().router.channels.sort()).toEqual([
      'kiosk:identity',
      'kiosk:status',
      'link:open',
      'link:submit',
      'operator:session',
      'operator:sign-in',
      'operator:sign-out',
      'resident:done',
      'sbi:cancel-capture',
      'sbi:capture',
      'sbi:discover',
    ]);
  });
});

describe('the operator and link channels', () => {
  const SUBMIT = { linkTransactionId: 'ltx-1', individualId: '8267411072', captureIds: ['AAAAAAAAAAAAAAAAAAAAAA'] };

  it.each([
    ['operator:sign-in', {}],
    ['operator:session', {}],
    ['operator:sign-out', {}],
    ['link:open', { linkCode: 'ABCD-EFGH' }],
    ['link:submit', SUBMIT],
  ])('refuses %s from a relying party page and from an iframe, and no handler runs', async (channel, payload) => {
    const { router, calls } = routerWith();
    await expect(router.handle(channel, page('https://rp.example.org/start'), payload)).rejects.toMatchObject({
      code: 'sender_refused',
    });
    await expect(
      router.handle(channel, { webContentsId: WINDOW, frame: { url: `${SERVER}/login`, isMainFrame: false } }, payload),
    ).rejects.toMatchObject({ code: 'sender_refused' });
    expect(calls).toEqual([]);
  });

  it.each([
    ['operator:sign-in', { redirectUri: 'https://evil.example/cb' }],
    ['operator:sign-out', 'now'],
    ['link:open', {}],
    ['link:open', { linkCode: 'x'.repeat(41) }],
    ['link:open', { linkCode: 'ABCD-EFGH', accessToken: 't' }],
    ['link:submit', { ...SUBMIT, captureIds: [] }],
    ['link:submit', { ...SUBMIT, captureIds: ['short'] }],
    ['link:submit', { ...SUBMIT, challenge: 'W3t9XQ' }],
    ['link:submit', { ...SUBMIT, individualId: '' }],
    ['link:submit', { ...SUBMIT, captureIds: Array(6).fill('AAAAAAAAAAAAAAAAAAAAAA') }],
  ])('answers invalid_request to %s with %j, and no handler runs', async (channel, payload) => {
    const { router, calls } = routerWith();
    expect(await router.handle(channel, CONSOLE, payload)).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(calls).toEqual([]);
  });

  it("carries the server's code and the attempts left of a refusal", async () => {
    const { router } = routerWith();
    expect(await router.handle('link:submit', page('app://kiosk/operator.html'), SUBMIT)).toEqual({
      ok: false,
      error: { code: 'server_refused', message: expect.any(String), serverCode: 'auth_failed', attemptsLeft: 2 },
    });
  });
});
