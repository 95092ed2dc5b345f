// The `configs` of the oauth-details answer: every setting eSignet's login UI (oidc-ui 1.8) reads,
// with values that fit this server and its ID system. The UI crashes or shows raw message keys
// when a key it expects is missing, so every key of eSignet's defaults is always sent.
import { CHALLENGE_FORMATS, type KbiForm, type UiConfigs } from '@signet-kiosk/shared/esignet';
import { ESIGNET_SBI_TRANSACTION_ID_LENGTH } from '@signet-kiosk/shared/sbi';
import type { ServerContext } from '../context.js';
import type { LoginFormHints } from '../plugin/authenticator.js';

/** The KBI form's field that holds the individual ID (the UI sends it as `individualId`). */
export const KBI_INDIVIDUAL_ID_FIELD = 'individualId';

/** For an ID system that publishes no hints: what the API itself accepts, and no KBI form. */
const DEFAULT_HINTS: LoginFormHints = { individualId: { regex: '^.{1,100}$', maxLength: 100 }, kbiFields: [] };

/**
 * The KBI questions as the form eSignet 1.8 hands its UI's JSON form builder (its
 * KBIFormHelperService.migrateKBIFieldDetails shape), the individual ID first.
 */
export function kbiForm(hints: LoginFormHints): KbiForm | null {
  if (hints.kbiFields.length === 0) return null;
  const individualId: KbiForm['schema'][number] = {
    id: KBI_INDIVIDUAL_ID_FIELD,
    controlType: 'textbox',
    labelName: { eng: 'ID number' },
    required: true,
    validators: [{ type: 'regex', validator: hints.individualId.regex }],
  };
  const questions = hints.kbiFields.map((f): KbiForm['schema'][number] => ({
    id: f.id,
    controlType: f.type === 'date' ? 'date' : 'textbox',
    labelName: { eng: f.label ?? f.id },
    required: true,
    validators: f.regex ? [{ type: 'regex', validator: f.regex }] : [],
    ...(f.type === 'date' ? { type: 'date' as const, format: f.format ?? 'yyyy-MM-dd' } : {}),
  }));
  return { schema: [individualId, ...questions], language: { mandatory: ['eng'], langCodeMap: { eng: 'en' } } };
}

function buildUiConfigs(ctx: ServerContext): UiConfigs {
  const hints = ctx.authenticator.loginFormHints?.() ?? DEFAULT_HINTS;
  const channels = ctx.authenticator.supportedOtpChannels().join(',');
  const resendDelay = 30;
  const captureTimeout = 30;
  const transactionTtl = ctx.config.ttl.transaction;
  return {
    'sbi.env': ctx.config.biometrics.envs[0] ?? 'Production',
    'sbi.port.range': '4501-4600',
    'sbi.timeout.DISC': 30,
    'sbi.timeout.DINFO': 30,
    'sbi.timeout.CAPTURE': captureTimeout,
    'sbi.capture.timeout': captureTimeout,
    'sbi.capture.count.face': 1,
    'sbi.capture.count.finger': 1,
    'sbi.capture.count.iris': 1,
    'sbi.capture.score.face': 70,
    'sbi.capture.score.finger': 70,
    'sbi.capture.score.iris': 70,
    'sbi.bio.subtypes.finger': 'UNKNOWN',
    'sbi.bio.subtypes.iris': 'UNKNOWN',
    'auth.txnid.length': ESIGNET_SBI_TRANSACTION_ID_LENGTH,
    'send-otp.channels': channels,
    'send.otp.channels': channels,
    'resend-otp.delay-in-secs': resendDelay,
    'resend.otp.delay.secs': resendDelay,
    'otp.length': 6,
    'password.regex': CHALLENGE_FORMATS.PWD.pattern.source,
    'password.max-length': 30,
    'username.regex': hints.individualId.regex,
    'username.prefix': '',
    'username.postfix': '',
    'username.max-length': hints.individualId.maxLength,
    'username.input-type': 'text',
    'login-id.options': [
      {
        id: 'vid',
        svg: 'vid_icon',
        prefixes: '',
        postfix: '',
        maxLength: hints.individualId.maxLength,
        regex: hints.individualId.regex,
      },
    ],
    'auth.factor.kbi.individual-id-field': KBI_INDIVIDUAL_ID_FIELD,
    'auth.factor.kbi.field-details': kbiForm(hints),
    'captcha.enable': '',
    'captcha.sitekey': '',
    'preauth-screen-timeout-in-secs': transactionTtl,
    'consent.screen.timeout-in-secs': transactionTtl,
    'consent.screen.timeout-buffer-in-secs': 5,
    'linked-transaction-expire-in-secs': transactionTtl,
    'error.banner.close-timer': 10,
    // No wallet sign-in (WLA) is offered, but the UI reads the first wallet's logo on every page.
    'wallet.config': [
      {
        'wallet.name': 'Wallet',
        'wallet.logo-url': '/images/qr_code.png',
        'wallet.download-uri': '#',
        'wallet.deep-link-uri': '',
        'wallet.footer': false,
      },
    ],
    'wallet.qr-code-buffer-in-secs': 10,
    // No sign-up, password reset or identity verification service stands beside this server.
    'signup.config': { 'signup.banner': false, 'signup.url': '' },
    'forgot-password.config': { 'forgot-password': false, 'forgot-password.url': '' },
    'eKYC-steps.config': '',
    issuer: ctx.config.issuer,
  };
}

const built = new WeakMap<ServerContext, UiConfigs>();

/** The configs for this server, built once (configuration and plugin do not change while it runs). */
export function uiConfigs(ctx: ServerContext): UiConfigs {
  let configs = built.get(ctx);
  if (!configs) built.set(ctx, (configs = buildUiConfigs(ctx)));
  return configs;
}
