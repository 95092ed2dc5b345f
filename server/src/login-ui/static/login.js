// The login page's one module: drives the eSignet UI transaction API (/v1/esignet) exactly as
// eSignet's oidc-ui does — csrf token, v3/oauth-details (+ its hash header), send-otp,
// v3/authenticate, claim-details, auth-code — then follows the server-built redirectUrl.
// No framework, no build step, no external resources (the CSP forbids them). Biometrics (BIO) use
// a local SBI device service, as eSignet's UI does, or the kiosk's window.kiosk.sbi.

import { SBI_TRANSACTION_ID_LENGTH, sbiTransactionId } from './sbi-transaction-id.js';

const API = '/v1/esignet';
const AUTHZ = `${API}/authorization`;
const FACTOR_NAMES = { PIN: 'PIN', PWD: 'Password', OTP: 'One-time code', KBI: 'Security questions', BIO: 'Biometrics', WLA: 'Wallet', IDT: 'ID token' };
/** Factors this page can collect (BIO with a local SBI device service or the kiosk's); WLA/IDT need another app. */
const BROWSER_FACTORS = new Set(['PIN', 'PWD', 'OTP', 'KBI', 'BIO']);
const CHALLENGE_FORMAT = { PIN: 'number', PWD: 'alpha-numeric', OTP: 'alpha-numeric', KBI: 'base64url-encoded-json', BIO: 'encoded-json' };
/** The reference ID system's questions (mock-identity kbi.ts), used when configs carry none. */
const DEFAULT_KBI_FIELDS = [
  { id: 'fullName', type: 'text', format: '' },
  { id: 'dob', type: 'date', format: 'yyyy-MM-dd' },
  { id: 'birthPlace', type: 'text', format: '' },
];
const KBI_LABELS = { fullName: 'Full name', dob: 'Date of birth', birthPlace: 'Place of birth', phone: 'Phone number', email: 'Email address' };
const CLAIM_LABELS = {
  name: 'Full name', given_name: 'Given name', family_name: 'Family name', middle_name: 'Middle name', nickname: 'Nickname',
  preferred_username: 'Username', profile: 'Profile page', picture: 'Photo', website: 'Website', gender: 'Gender',
  birthdate: 'Date of birth', zoneinfo: 'Time zone', locale: 'Language', updated_at: 'Last update of your record',
  email: 'Email address', email_verified: 'Whether your email address is verified',
  phone_number: 'Phone number', phone_number_verified: 'Whether your phone number is verified', address: 'Address',
  individual_id: 'ID number',
};

// ---- DOM helpers -------------------------------------------------------------------------------

const $ = (id) => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing element #${id}`);
  return el;
};
const show = (el, visible = true) => { el.hidden = !visible; };

function setBusy(button, busy, label) {
  button.disabled = busy;
  button.classList.toggle('is-busy', busy);
  button.setAttribute('aria-busy', String(busy));
  if (label !== undefined) button.querySelector('.btn-label').textContent = label;
}

function setFieldError(input, message) {
  const err = document.getElementById(`${input.id}-error`);
  input.setAttribute('aria-invalid', message ? 'true' : 'false');
  if (err) {
    err.textContent = message ?? '';
    show(err, !!message);
  }
}

function setAlert(el, message) {
  el.textContent = message ?? '';
  show(el, !!message);
}

const VIEWS = ['view-loading', 'view-login', 'view-consent', 'view-done', 'view-error'];
function showView(id, { focus = true } = {}) {
  for (const v of VIEWS) show($(v), v === id);
  $('main').setAttribute('aria-busy', String(id === 'view-loading'));
  if (focus) {
    const target = $(id).querySelector('h2, [data-autofocus]') ?? $('main');
    if (!target.hasAttribute('tabindex') && target.tagName === 'H2') target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: false });
  }
}

// ---- Errors ------------------------------------------------------------------------------------

/** An error the resident cannot fix on this page (HTTP 4xx/5xx, network, broken transaction). */
class FatalError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function showFatal(err) {
  const fatal = err instanceof FatalError ? err : new FatalError('unexpected', 'The page ran into an unexpected problem.');
  if (!(err instanceof FatalError)) console.error(err);
  $('error-text').textContent = fatal.message;
  const code = $('error-code');
  code.textContent = `Error code: ${fatal.code}`;
  show(code, !!fatal.code);
  stopOtpTimer();
  showView('view-error');
}

// ---- The API -----------------------------------------------------------------------------------

/**
 * Errors that end the sign-in on this page: the session or the request itself is broken, so
 * nothing the resident types can fix it. The API answers every error as HTTP 200 (eSignet's UI
 * needs that), so the code, not the status, decides.
 */
const FATAL_ERRORS = new Set([
  'invalid_transaction', 'invalid_oauth_details_hash', 'invalid_transaction_state', 'invalid_csrf_token',
  'request_time_skew', 'invalid_input', 'invalid_request', 'payload_too_large', 'unsupported_media_type',
  'not_found', 'unknown_error',
]);

/** The server's own code for an error: `reason` when `errorCode` is the coarser one eSignet's UI translates. */
const codeOf = (error) => (typeof error?.reason === 'string' ? error.reason : error?.errorCode) ?? 'error';
const messageOf = (errors) => errors.map((e) => e.errorMessage ?? codeOf(e)).join(' ');

const session = {
  /** CSRF token from GET /csrf/token, sent as X-XSRF-TOKEN on every POST. */
  csrf: '',
  /** oauth-details-key / oauth-details-hash headers, set once the transaction is open. */
  transactionId: '',
  detailsHash: '',
  details: null,
};

/**
 * Calls the transaction API. Resolves to the envelope `{response, errors}`, errors[] holding only
 * what the resident can act on (a wrong credential); an error that ends the sign-in
 * (FATAL_ERRORS), an HTTP error status, a network failure or a body that is not JSON is fatal.
 */
async function api(method, path, request) {
  const headers = { Accept: 'application/json' };
  let body;
  if (method === 'POST') {
    headers['Content-Type'] = 'application/json';
    headers['X-XSRF-TOKEN'] = session.csrf;
    body = JSON.stringify({ requestTime: new Date().toISOString(), request });
  }
  if (session.transactionId) {
    headers['oauth-details-key'] = session.transactionId;
    headers['oauth-details-hash'] = session.detailsHash;
  }
  let res;
  try {
    res = await fetch(path, { method, headers, body, credentials: 'same-origin', cache: 'no-store', redirect: 'error' });
  } catch {
    throw new FatalError('network_error', 'We could not reach the sign-in service. Check your connection and try again.');
  }
  let json = null;
  try {
    json = await res.json();
  } catch {
    json = null;
  }
  const first = Array.isArray(json?.errors) ? json.errors[0] : undefined;
  if (!res.ok) {
    throw new FatalError(first ? codeOf(first) : `http_${res.status}`, first?.errorMessage ?? `The sign-in service answered with an error (HTTP ${res.status}).`);
  }
  if (!json || typeof json !== 'object') throw new FatalError('invalid_response', 'The sign-in service sent an answer this page does not understand.');
  const errors = Array.isArray(json.errors) ? json.errors : [];
  const fatal = errors.find((e) => FATAL_ERRORS.has(codeOf(e)));
  if (fatal) throw new FatalError(codeOf(fatal), fatal.errorMessage ?? 'The sign-in service refused the request.');
  return { response: json.response ?? null, errors };
}

/** Like api(), but errors[] are fatal too: for the steps where the resident has nothing to correct. */
async function apiOrFail(method, path, request) {
  const { response, errors } = await api(method, path, request);
  if (errors.length > 0) throw new FatalError(codeOf(errors[0]), errors[0].errorMessage ?? 'The sign-in service refused the request.');
  if (!response || typeof response !== 'object') throw new FatalError('invalid_response', 'The sign-in service sent an empty answer.');
  return response;
}

async function fetchCsrfToken() {
  let res;
  try {
    res = await fetch(`${API}/csrf/token`, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } });
  } catch {
    throw new FatalError('network_error', 'We could not reach the sign-in service. Check your connection and try again.');
  }
  const json = await res.json().catch(() => null);
  if (!res.ok || typeof json?.token !== 'string') {
    // Refusals (e.g. too many requests) come as HTTP 200 with errors[], as on the rest of the API.
    const refusal = Array.isArray(json?.errors) ? json.errors[0] : undefined;
    throw new FatalError(refusal ? codeOf(refusal) : 'invalid_csrf_token', refusal?.errorMessage ?? 'The sign-in service did not hand out a security token. Reload the page to try again.');
  }
  session.csrf = json.token;
}

/** base64url(SHA-256(text)), unpadded. */
async function sha256Base64url(text) {
  if (!globalThis.crypto?.subtle) throw new FatalError('insecure_context', 'This page must be opened over HTTPS.');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return bytesToBase64url(new Uint8Array(digest));
}

function bytesToBase64url(bytes) {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const textToBase64url = (text) => bytesToBase64url(new TextEncoder().encode(text));

// ---- Step 2: open the transaction --------------------------------------------------------------

/** The oauth-details request, built from the validated authorization parameters /authorize put in our URL. */
function oauthDetailsRequest(params) {
  const get = (k) => params.get(k) ?? undefined;
  let claims = get('claims');
  if (claims !== undefined) {
    try {
      claims = JSON.parse(claims);
    } catch {
      // Left as the raw string: the server rejects it with its own message.
    }
  }
  const maxAge = get('max_age');
  return {
    clientId: get('client_id'),
    scope: get('scope'),
    responseType: get('response_type'),
    redirectUri: get('redirect_uri'),
    display: get('display'),
    prompt: get('prompt'),
    nonce: get('nonce'),
    state: get('state'),
    acrValues: get('acr_values'),
    maxAge: maxAge !== undefined && /^\d{1,9}$/.test(maxAge) ? Number(maxAge) : maxAge,
    claims,
    claimsLocales: get('claims_locales'),
    uiLocales: get('ui_locales'),
    codeChallenge: get('code_challenge'),
    codeChallengeMethod: get('code_challenge_method'),
    idTokenHint: get('id_token_hint'),
  };
}

async function openTransaction(params) {
  const { response, errors } = await api('POST', `${AUTHZ}/v3/oauth-details`, oauthDetailsRequest(params));
  if (errors.length > 0) throw new FatalError(codeOf(errors[0]), errors[0].errorMessage ?? 'The sign-in request was refused.');
  if (!response || typeof response.transactionId !== 'string') throw new FatalError('invalid_response', 'The sign-in service did not open a sign-in session.');
  // The hash is over the response exactly as this page serialises it, as eSignet's UI does.
  session.detailsHash = await sha256Base64url(JSON.stringify(response));
  session.transactionId = response.transactionId;
  session.details = response;
  return response;
}

// ---- Relying party header ----------------------------------------------------------------------

/** Languages the resident asked for, most preferred first (ui_locales, then the browser's). */
function preferredLanguages(params) {
  const fromUrl = (params.get('ui_locales') ?? '').split(' ').filter(Boolean);
  return [...fromUrl, ...(navigator.languages ?? [])];
}

// ISO 639-1 → 639-3, as the reference ID system maps them (mock-identity/languages.ts): client
// names are keyed by eSignet's 3-letter codes (`khm`), ui_locales and browsers use BCP 47 (`km`).
const ISO639_1_TO_3 = {
  ar: 'ara', bn: 'ben', de: 'deu', en: 'eng', es: 'spa', fil: 'fil', fr: 'fra', hi: 'hin', id: 'ind',
  km: 'khm', kn: 'kan', lo: 'lao', ms: 'msa', my: 'mya', pt: 'por', ru: 'rus', si: 'sin', sw: 'swa',
  ta: 'tam', th: 'tha', tl: 'tgl', ur: 'urd', vi: 'vie', zh: 'zho',
};
const ISO639_3_TO_1 = Object.fromEntries(Object.entries(ISO639_1_TO_3).map(([two, three]) => [three, two]));

function toIso639_3(tag) {
  const primary = String(tag).trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return ISO639_1_TO_3[primary] ?? (/^[a-z]{3}$/.test(primary) ? primary : undefined);
}

/**
 * Picks the client name for the resident's language: the exact tag, else the same language in the
 * other ISO 639 form (km ~ khm), else "@none". Returns the text and its BCP 47 tag when known.
 */
function pickLocalised(map, languages) {
  if (typeof map === 'string') return { text: map, lang: undefined };
  if (!map || typeof map !== 'object') return { text: '', lang: undefined };
  const keys = Object.keys(map).filter((k) => k !== '@none' && typeof map[k] === 'string' && map[k]);
  for (const lang of languages) {
    const exact = keys.find((k) => k.toLowerCase() === String(lang).toLowerCase());
    const iso3 = toIso639_3(lang);
    const key = exact ?? (iso3 ? keys.find((k) => toIso639_3(k) === iso3) : undefined);
    if (key) {
      const k3 = toIso639_3(key);
      return { text: map[key], lang: k3 ? ISO639_3_TO_1[k3] ?? k3 : undefined };
    }
  }
  if (typeof map['@none'] === 'string' && map['@none']) return { text: map['@none'], lang: undefined };
  return keys[0] ? { text: map[keys[0]], lang: undefined } : { text: '', lang: undefined };
}

function renderClient(details, params) {
  const picked = pickLocalised(details.clientName, preferredLanguages(params));
  const name = picked.text || 'the application';
  session.clientName = name;
  $('rp-name').textContent = name;
  // Screen readers pronounce the name in its own language.
  if (picked.lang) $('rp-name').lang = picked.lang;
  document.title = `Sign in to ${name}`;
  const initial = $('rp-initial');
  initial.textContent = [...name.trim()][0]?.toUpperCase() ?? '?';
  const logo = $('rp-logo');
  const logoUrl = typeof details.logoUrl === 'string' ? safeUrl(details.logoUrl, ['https:']) ?? safeSameOrigin(details.logoUrl) : undefined;
  if (logoUrl) {
    logo.addEventListener('load', () => { show(logo); show(initial, false); }, { once: true });
    logo.addEventListener('error', () => { show(logo, false); show(initial); }, { once: true });
    logo.alt = `${name} logo`;
    logo.src = logoUrl;
  }
  show($('rp'));
}

function safeUrl(raw, protocols) {
  try {
    const u = new URL(raw);
    return protocols.includes(u.protocol) ? u.href : undefined;
  } catch {
    return undefined;
  }
}

function safeSameOrigin(raw) {
  try {
    const u = new URL(raw, location.href);
    return u.origin === location.origin ? u.href : undefined;
  } catch {
    return undefined;
  }
}

// ---- Step 3: the factor choices ----------------------------------------------------------------

/** Normalises authFactors: outer = alternatives, inner = factors all required together. */
function alternativesOf(details) {
  const outer = Array.isArray(details.authFactors) ? details.authFactors : [];
  return outer
    .map((set) => (Array.isArray(set) ? set : [set]).filter((f) => f && typeof f.type === 'string'))
    .filter((set) => set.length > 0);
}

const isBrowserUsable = (set) => set.every((f) => BROWSER_FACTORS.has(f.type));
const alternativeLabel = (set) => set.map((f) => FACTOR_NAMES[f.type] ?? f.type).join(' + ');

/** configs may carry a list as an array or as a comma-separated string. */
function configList(value) {
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string' && v);
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter(Boolean);
  return undefined;
}

function config(name) {
  const configs = session.details?.configs;
  return configs && typeof configs === 'object' ? configs[name] : undefined;
}

const login = {
  alternatives: [],
  selected: -1,
  otp: { sent: false, individualId: '', timer: 0, deadline: 0 },
};

function renderMethods(params) {
  login.alternatives = alternativesOf(session.details);
  if (login.alternatives.length === 0) throw new FatalError('invalid_acr', 'This application asks for a way of signing in that is not available.');
  const list = $('method-list');
  list.replaceChildren();
  login.alternatives.forEach((set, index) => {
    const id = `method-${index}`;
    const label = document.createElement('label');
    label.className = 'method';
    label.htmlFor = id;
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = 'method';
    input.id = id;
    input.value = String(index);
    input.addEventListener('change', () => selectAlternative(index, { focus: false }));
    const text = document.createElement('span');
    text.className = 'method-name';
    text.textContent = alternativeLabel(set);
    label.append(input, text);
    if (!isBrowserUsable(set)) {
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = 'Elsewhere';
      label.append(badge);
    }
    list.append(label);
  });
  show($('methods'), login.alternatives.length > 1);

  const hint = params.get('login_hint');
  if (hint && /^[A-Za-z0-9-]{1,64}$/.test(hint)) $('individual-id').value = hint;

  const first = login.alternatives.findIndex(isBrowserUsable);
  selectAlternative(first >= 0 ? first : 0, { focus: false });
}

function selectAlternative(index, { focus = true } = {}) {
  login.selected = index;
  const set = login.alternatives[index];
  const radio = document.getElementById(`method-${index}`);
  if (radio) radio.checked = true;
  resetOtp();
  stopBio();
  setAlert($('login-error'), '');
  const blocks = $('factor-blocks');
  blocks.replaceChildren();
  const usable = isBrowserUsable(set);
  if (usable) {
    for (const factor of set) blocks.append(renderFactor(factor));
  } else {
    blocks.append(cloneTemplate('tpl-unsupported'));
  }
  show($('id-field'), usable);
  show($('login-actions'), usable);
  updateSubmitLabel();
  if (focus && usable) $('individual-id').focus();
}

function cloneTemplate(id) {
  const tpl = $(id);
  return tpl.content.firstElementChild.cloneNode(true);
}

function renderFactor(factor) {
  const block = cloneTemplate(`tpl-${factor.type}`);
  if (factor.type === 'PWD') {
    const toggle = block.querySelector('[data-toggle-visibility]');
    toggle.addEventListener('click', () => {
      const input = document.getElementById('password');
      const reveal = input.type === 'password';
      input.type = reveal ? 'text' : 'password';
      toggle.textContent = reveal ? 'Hide' : 'Show';
      toggle.setAttribute('aria-pressed', String(reveal));
    });
  }
  if (factor.type === 'OTP') {
    block.querySelector('[data-otp-resend]').addEventListener('click', () => void sendOtp({ resend: true }));
  }
  if (factor.type === 'KBI') renderKbiFields(block.querySelector('[data-kbi-fields]'));
  if (factor.type === 'BIO') renderBioBlock(block);
  return block;
}

function kbiFields() {
  const configured = config('auth.factor.kbi.field-details');
  let fields = configured;
  if (typeof fields === 'string') {
    try {
      fields = JSON.parse(fields);
    } catch {
      fields = undefined;
    }
  }
  // eSignet 1.8 sends a JSON form builder's form ({schema: [{id, controlType, labelName}]});
  // earlier versions a list of {id, type, format}.
  if (fields && typeof fields === 'object' && Array.isArray(fields.schema)) {
    fields = fields.schema.map((f) => ({ id: f?.id, type: f?.controlType === 'date' || f?.type === 'date' ? 'date' : 'text', label: f?.labelName?.eng }));
  }
  const idField = config('auth.factor.kbi.individual-id-field') || 'individualId';
  if (!Array.isArray(fields)) return DEFAULT_KBI_FIELDS;
  const usable = fields.filter((f) => f && typeof f.id === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(f.id) && f.id !== idField);
  return usable.length > 0 ? usable : DEFAULT_KBI_FIELDS;
}

function renderKbiFields(container) {
  for (const field of kbiFields()) {
    const id = `kbi-${field.id}`;
    const wrap = document.createElement('div');
    wrap.className = 'field';
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = typeof field.label === 'string' ? field.label : KBI_LABELS[field.id] ?? humanise(field.id);
    const input = document.createElement('input');
    input.id = id;
    input.name = field.id;
    input.type = field.type === 'date' ? 'date' : 'text';
    input.required = true;
    input.maxLength = 256;
    input.autocomplete = field.type === 'date' ? 'bday' : field.id === 'fullName' ? 'name' : 'off';
    input.dataset.kbiField = field.id;
    input.setAttribute('aria-describedby', `${id}-error`);
    const error = document.createElement('p');
    error.className = 'field-error';
    error.id = `${id}-error`;
    error.hidden = true;
    wrap.append(label, input, error);
    container.append(wrap);
  }
}

const humanise = (id) => id.replace(/[_.-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());

const selectedSet = () => login.alternatives[login.selected] ?? [];
const needsOtp = () => selectedSet().some((f) => f.type === 'OTP');

function updateSubmitLabel() {
  const button = $('login-submit');
  const bioKind = bioFactor() ? BIO_KINDS[bio.chosen?.kind] : undefined;
  button.querySelector('.btn-label').textContent =
    needsOtp() && !login.otp.sent ? 'Get one-time code'
      : needsOtp() && selectedSet().length === 1 ? 'Verify'
        : bioKind ? bioKind.action
          : bioFactor() ? 'Scan and sign in'
            : 'Sign in';
}

// ---- OTP ---------------------------------------------------------------------------------------

function resetOtp() {
  stopOtpTimer();
  login.otp.sent = false;
  login.otp.individualId = '';
}

function stopOtpTimer() {
  if (login.otp.timer) clearInterval(login.otp.timer);
  login.otp.timer = 0;
}

function otpChannels() {
  return configList(config('send-otp.channels')) ?? configList(config('send.otp.channels')) ?? ['email', 'phone'];
}

function startResendTimer() {
  const raw = Number(config('resend.otp.delay.secs'));
  const delay = Number.isFinite(raw) && raw >= 0 && raw <= 600 ? raw : 30;
  const resend = document.querySelector('[data-otp-resend]');
  const label = document.querySelector('[data-otp-timer]');
  stopOtpTimer();
  login.otp.deadline = Date.now() + delay * 1000;
  const tick = () => {
    const left = Math.ceil((login.otp.deadline - Date.now()) / 1000);
    if (left <= 0) {
      stopOtpTimer();
      if (resend) resend.disabled = false;
      if (label) label.textContent = '';
      return;
    }
    if (resend) resend.disabled = true;
    if (label) label.textContent = `You can ask for a new code in ${left} s.`;
  };
  tick();
  if (delay > 0) login.otp.timer = setInterval(tick, 1000);
}

async function sendOtp({ resend = false } = {}) {
  const idInput = $('individual-id');
  const individualId = idInput.value.trim();
  if (!validateIndividualId(idInput)) return;
  const submit = $('login-submit');
  const resendButton = document.querySelector('[data-otp-resend]');
  setAlert($('login-error'), '');
  setBusy(resend ? resendButton : submit, true);
  try {
    const { response, errors } = await api('POST', `${AUTHZ}/send-otp`, {
      transactionId: session.transactionId,
      individualId,
      otpChannels: otpChannels(),
    });
    if (errors.length > 0) {
      setAlert($('login-error'), messageOf(errors));
      return;
    }
    login.otp.sent = true;
    login.otp.individualId = individualId;
    const destinations = [response?.maskedEmail, response?.maskedMobile].filter((d) => typeof d === 'string' && d);
    const where = document.querySelector('[data-otp-destination]');
    where.textContent = destinations.length > 0 ? `We sent a 6-digit code to ${destinations.join(' and ')}.` : 'We sent a 6-digit code to the contact details registered with your ID.';
    show(document.querySelector('[data-otp-intro]'), false);
    show(document.querySelector('[data-otp-sent]'));
    const demo = document.querySelector('[data-otp-demo]');
    if (document.body.dataset.demo === 'true' && demo) {
      const outbox = `${API}/dev/outbox?individualId=${encodeURIComponent(individualId)}`;
      const link = document.createElement('a');
      link.href = outbox;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      link.textContent = outbox;
      demo.replaceChildren('Demo: read the code at ', link);
      show(demo);
    }
    startResendTimer();
    updateSubmitLabel();
    const otp = document.getElementById('otp');
    otp.value = '';
    setFieldError(otp, null);
    otp.focus();
  } catch (err) {
    showFatal(err);
  } finally {
    setBusy(resend ? resendButton : submit, false);
    if (resend && login.otp.timer) resendButton.disabled = true;
  }
}

// ---- Biometrics: local SBI device services ----------------------------------------------------
//
// As eSignet's login UI does with a local SBI (MDS 0.9.5) device service: discover the devices on
// 127.0.0.1 (MOSIPDISC on every port of configs['sbi.port.range'], in parallel), read their info
// (MOSIPDINFO), CAPTURE for the transaction's SBI transaction id, and send the device-signed
// biometrics[] (without their error objects) as the BIO challenge, base64 JSON, format
// encoded-json. Inside the kiosk, `window.kiosk.sbi` (the preload API) does discovery and capture
// through the kiosk's SBI bridge instead: discover() → devices ({key, type, subType, subIds,
// status, purpose, deviceId, digitalId?, endpoint?}), capture(key, options) → {biometrics}.
//
// domainUri: no configs key carries the server's expected domainUri, so the page sends its own
// origin (the server's default is its issuer, which is this origin when the page is served there).

const BIO_KINDS = {
  Finger: { device: 'Fingerprint scanner', action: 'Scan fingerprint', place: 'Place your finger on the scanner', nothing: 'No finger was detected on the scanner.' },
  Iris: { device: 'Iris scanner', action: 'Scan iris', place: 'Look into the iris scanner', nothing: 'No eye was detected by the scanner.' },
  Face: { device: 'Face camera', action: 'Scan face', place: 'Look at the camera', nothing: 'No face was detected by the camera.' },
};
const DEFAULT_PORT_RANGE = [4501, 4600];
const DISCOVERY_TIMEOUT_CAP_MS = 3000;

/** The SBI error codes (MDS 0.9.5 and the MOSIP mock's 7xx/8xx), in words a resident can act on. */
function sbiErrorMessage(code, info, kind) {
  const k = BIO_KINDS[kind] ?? BIO_KINDS.Finger;
  const messages = {
    100: 'This device is not registered, so it cannot be used to sign in. Use another device.',
    101: `${k.nothing} ${k.place}, hold still, then try again.`,
    102: 'The device could not read your biometric. Try again.',
    103: 'The device reports that it has been tampered with. It cannot be used to sign in.',
    104: 'The device could not reach its management server. Try again later.',
    105: 'The capture was the wrong way round. Adjust your position and try again.',
    106: 'The device was not found. Check that it is connected, then search again.',
    107: 'The device’s security key has expired. It cannot be used until it is renewed.',
    108: 'The device lacks the key it needs for this site. It cannot be used here.',
    109: 'The device cannot capture as many biometrics as requested.',
    110: 'The device is not ready. Wait a moment, then try again.',
    111: 'The device is busy with another scan. Wait a moment, then try again.',
    112: 'The device refused this sign-in’s reference. Reload the page and try again.',
    115: `The device is registered for another environment than this service (${config('sbi.env') ?? 'expected'}).`,
    202: 'No device is connected to the device service. Connect it, then search again.',
    701: 'The scan timed out before a good capture was made. Try again.',
    801: 'The scan timed out before a good capture was made. Try again.',
    703: 'Another scan is already in progress on this device. Wait a moment, then try again.',
    803: 'Another scan is already in progress on this device. Wait a moment, then try again.',
  };
  const known = messages[Number(code)];
  if (known) return known;
  const detail = typeof info === 'string' && info.trim() ? `: ${info.trim().slice(0, 120)}` : '';
  return `The device reported an error (code ${code}${detail}). Try again.`;
}

/** An error to show in the biometric block (not fatal: the resident can retry). */
class BioError extends Error {}

const bio = {
  /** Devices found, Auth purpose, with .usable for the Ready ones. */
  devices: [],
  chosen: null,
  /** Aborts whatever discovery or capture is running. */
  abort: null,
  searching: false,
  progressTimer: 0,
};

const bioBlock = () => document.querySelector('[data-factor="BIO"]');
const kioskSbi = () => (globalThis.window?.kiosk?.sbi && typeof window.kiosk.sbi.capture === 'function' ? window.kiosk.sbi : undefined);
const configNumber = (name, fallback, min, max) => {
  const n = Number(config(name));
  return Number.isFinite(n) && n >= min && n <= max ? n : fallback;
};

function bioFactor() {
  return selectedSet().find((f) => f.type === 'BIO');
}

/** Modalities the factor allows (its subTypes naming Finger/Iris/Face), or all. */
function allowedKinds() {
  const subTypes = Array.isArray(bioFactor()?.subTypes) ? bioFactor().subTypes : [];
  const named = Object.keys(BIO_KINDS).filter((k) => subTypes.some((s) => String(s).toLowerCase() === k.toLowerCase()));
  return named.length > 0 ? named : Object.keys(BIO_KINDS);
}

function setBioStatus(state, title, text) {
  const block = bioBlock();
  if (!block) return;
  block.querySelector('.bio-status').dataset.bioState = state;
  block.querySelector('[data-bio-title]').textContent = title;
  block.querySelector('[data-bio-text]').textContent = text ?? '';
}

function setBioError(message) {
  const el = document.getElementById('bio-error');
  if (el) setAlert(el, message);
}

function stopBio() {
  bio.abort?.abort(new DOMException('The resident cancelled.', 'AbortError'));
  bio.abort = null;
  bio.searching = false;
  stopBioProgress();
}

function portRange() {
  const m = /^\s*(\d{1,5})\s*-\s*(\d{1,5})\s*$/.exec(String(config('sbi.port.range') ?? ''));
  if (!m) return DEFAULT_PORT_RANGE;
  const [min, max] = [Number(m[1]), Number(m[2])];
  return min >= 1 && max <= 65535 && min <= max && max - min <= 1000 ? [min, max] : DEFAULT_PORT_RANGE;
}

/** One SBI call: a custom verb, a JSON body, a timeout and the caller's abort. */
async function sbiFetch(url, method, body, timeoutMs, signal) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(new DOMException('The device did not answer in time.', 'TimeoutError')), timeoutMs);
  const onAbort = () => ctl.abort(signal.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const res = await fetch(url, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      signal: ctl.signal,
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'error',
      referrerPolicy: 'no-referrer',
    });
    return await res.json();
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** The payload of a JWS, or of a bare base64url JSON (unsigned digitalId / deviceInfo). */
function decodeJsonPart(value) {
  if (typeof value !== 'string' || !value) return undefined;
  const parts = value.split('.');
  const part = parts.length === 3 ? parts[1] : parts.length === 1 ? parts[0] : undefined;
  if (!part) return undefined;
  try {
    const bin = atob(part.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, ''));
    const json = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
    return json && typeof json === 'object' ? json : undefined;
  } catch {
    return undefined;
  }
}

const asText = (v) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const kindOf = (type) => Object.keys(BIO_KINDS).find((k) => k.toLowerCase() === String(type ?? '').toLowerCase());

/** A discovery entry → the page's device (undefined when it is not a usable shape). */
function deviceFromDiscovery(port, entry) {
  if (!entry || typeof entry !== 'object') return undefined;
  const digitalId = decodeJsonPart(entry.digitalId) ?? {};
  const kind = kindOf(digitalId.type) ?? kindOf(Array.isArray(entry.deviceSubType) ? undefined : entry.type);
  const subIds = (Array.isArray(entry.deviceSubId) ? entry.deviceSubId : [entry.deviceSubId]).map(asText).filter(Boolean);
  return {
    key: `127.0.0.1:${port}#${asText(entry.deviceId) || asText(digitalId.serialNo)}`,
    url: `http://127.0.0.1:${port}`,
    port,
    deviceId: asText(entry.deviceId),
    kind,
    subType: asText(digitalId.deviceSubType),
    make: asText(digitalId.make),
    model: asText(digitalId.model),
    serialNo: asText(digitalId.serialNo),
    status: asText(entry.deviceStatus) || 'Ready',
    purpose: asText(entry.purpose),
    certification: asText(entry.certification),
    subIds: subIds.length > 0 ? subIds : ['0'],
    env: undefined,
  };
}

/** MOSIPDINFO on one device service: adds env and the signed digitalId's make/model when they decode. */
async function addDeviceInfo(url, devices, timeoutMs, signal) {
  let info;
  try {
    info = await sbiFetch(`${url}/info`, 'MOSIPDINFO', undefined, timeoutMs, signal);
  } catch {
    return;
  }
  for (const item of Array.isArray(info) ? info : []) {
    const payload = decodeJsonPart(item?.deviceInfo);
    if (!payload) continue;
    const device = devices.find((d) => d.deviceId && d.deviceId === asText(payload.deviceId));
    if (!device) continue;
    device.env = asText(payload.env) || undefined;
    const digitalId = decodeJsonPart(payload.digitalId);
    if (digitalId) {
      device.make = asText(digitalId.make) || device.make;
      device.model = asText(digitalId.model) || device.model;
    }
  }
}

/** Every Auth device of every SBI service on the configured ports. */
async function discoverBrowserDevices(signal) {
  const [min, max] = portRange();
  const timeoutMs = Math.min(configNumber('sbi.timeout.DISC', 3, 1, 600) * 1000, DISCOVERY_TIMEOUT_CAP_MS);
  const ports = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  const perPort = await Promise.all(
    ports.map(async (port) => {
      let answer;
      try {
        answer = await sbiFetch(`http://127.0.0.1:${port}/device`, 'MOSIPDISC', { type: 'Biometric Device' }, timeoutMs, signal);
      } catch {
        return [];
      }
      const devices = (Array.isArray(answer) ? answer : []).map((e) => deviceFromDiscovery(port, e)).filter((d) => d && d.kind && /^auth$/i.test(d.purpose));
      if (devices.length > 0) await addDeviceInfo(`http://127.0.0.1:${port}`, devices, Math.min(configNumber('sbi.timeout.DINFO', 3, 1, 600) * 1000, DISCOVERY_TIMEOUT_CAP_MS), signal);
      return devices;
    }),
  );
  if (signal.aborted) throw signal.reason;
  return perPort.flat();
}

/** The kiosk's devices, as its preload API lists them. */
async function discoverKioskDevices(sbi) {
  const list = await sbi.discover();
  return (Array.isArray(list) ? list : [])
    .map((d) => ({
      key: asText(d?.key),
      url: asText(d?.endpoint),
      port: d?.port,
      deviceId: asText(d?.deviceId),
      kind: kindOf(d?.type),
      subType: asText(d?.subType),
      make: asText(d?.digitalId?.make),
      model: asText(d?.digitalId?.model),
      serialNo: asText(d?.serialNo),
      status: asText(d?.status) || 'Ready',
      purpose: asText(d?.purpose),
      subIds: Array.isArray(d?.subIds) && d.subIds.length > 0 ? d.subIds.map(asText) : ['0'],
      env: asText(d?.env) || undefined,
      kiosk: true,
    }))
    .filter((d) => d.key && d.kind && /^auth$/i.test(d.purpose));
}

function deviceUsable(device) {
  const env = config('sbi.env');
  return device.status === 'Ready' && (!device.env || device.env === 'None' || !env || device.env === env);
}

function deviceNote(device) {
  if (device.status !== 'Ready') return device.status === 'Busy' ? 'Busy' : device.status || 'Not ready';
  if (!deviceUsable(device)) return `For ${device.env}`;
  return 'Ready';
}

async function discoverDevices({ announce = true } = {}) {
  stopBio();
  const ctl = new AbortController();
  bio.abort = ctl;
  bio.searching = true;
  bio.devices = [];
  bio.chosen = null;
  setBioError('');
  const block = bioBlock();
  if (!block) return;
  show(block.querySelector('[data-bio-devices]'), false);
  block.querySelector('[data-bio-rescan]').disabled = true;
  const kinds = allowedKinds();
  const what = kinds.length === 3 ? 'a fingerprint, iris or face scanner' : kinds.map((k) => BIO_KINDS[k].device.toLowerCase()).join(' or ');
  setBioStatus('searching', 'Looking for a biometric device…', `Checking this computer for ${what}.`);
  updateSubmitLabel();
  try {
    const sbi = kioskSbi();
    const found = sbi ? await discoverKioskDevices(sbi) : await discoverBrowserDevices(ctl.signal);
    if (ctl.signal.aborted) return;
    bio.devices = found.filter((d) => kinds.includes(d.kind)).map((d) => ({ ...d, usable: deviceUsable(d) }));
    renderDevices(announce);
  } catch (err) {
    if (ctl.signal.aborted) return;
    console.warn('biometric device discovery failed', err);
    setBioStatus('error', 'Could not look for devices', err instanceof Error && err.message ? err.message : 'The search for biometric devices failed.');
  } finally {
    if (bio.abort === ctl) {
      bio.abort = null;
      bio.searching = false;
    }
    if (block.isConnected) block.querySelector('[data-bio-rescan]').disabled = false;
    updateSubmitLabel();
  }
}

function deviceName(d) {
  return [d.make, d.model].filter(Boolean).join(' ') || d.serialNo || `Device ${d.deviceId}`;
}

function renderDevices(announce) {
  const block = bioBlock();
  const list = block.querySelector('[data-bio-device-list]');
  list.replaceChildren();
  if (bio.devices.length === 0) {
    const [min, max] = portRange();
    setBioStatus(
      'error',
      'No biometric device found',
      kioskSbi()
        ? 'No fingerprint, iris or face scanner is connected to this kiosk. Ask the staff for help, then search again.'
        : `No fingerprint, iris or face scanner answered on this computer (ports ${min}–${max}). Connect a certified scanner, make sure its device service is running, then search again — or sign in at an assisted kiosk.`,
    );
    show(block.querySelector('[data-bio-devices]'), false);
    if (announce) block.querySelector('[data-bio-rescan]').focus();
    return;
  }
  bio.devices.forEach((d, i) => {
    const id = `bio-device-${i}`;
    const label = document.createElement('label');
    label.className = 'method bio-device';
    label.htmlFor = id;
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = 'bio-device';
    input.id = id;
    input.value = d.key;
    input.disabled = !d.usable;
    input.addEventListener('change', () => chooseDevice(d));
    const name = document.createElement('span');
    name.className = 'method-name';
    const title = document.createElement('span');
    title.textContent = BIO_KINDS[d.kind].device;
    const detail = document.createElement('span');
    detail.className = 'bio-device-detail';
    detail.textContent = d.kiosk ? deviceName(d) : `${deviceName(d)} · 127.0.0.1:${d.port}`;
    name.append(title, detail);
    const badge = document.createElement('span');
    badge.className = `badge ${d.usable ? 'badge-ok' : 'badge-warn'}`;
    badge.textContent = deviceNote(d);
    label.append(input, name, badge);
    list.append(label);
  });
  show(block.querySelector('[data-bio-devices]'));
  const first = bio.devices.find((d) => d.usable && d.kind === 'Finger') ?? bio.devices.find((d) => d.usable);
  if (first) {
    chooseDevice(first);
  } else {
    const busy = bio.devices.some((d) => d.status === 'Busy');
    setBioStatus('error', busy ? 'The device is busy' : 'No device is ready', busy ? sbiErrorMessage(111) : 'The biometric devices found are not ready or not registered for this service. Wait a moment, then search again.');
  }
}

function chooseDevice(device) {
  bio.chosen = device;
  const input = [...document.querySelectorAll('input[name="bio-device"]')].find((i) => i.value === device.key);
  if (input) input.checked = true;
  setBioError('');
  setBioStatus('ready', `${BIO_KINDS[device.kind].place} when you are ready`, `Enter your ID number, then choose “${BIO_KINDS[device.kind].action}”.`);
  updateSubmitLabel();
}

function startBioProgress(seconds) {
  const block = bioBlock();
  const bar = block.querySelector('progress');
  const started = Date.now();
  bar.max = seconds;
  bar.value = 0;
  show(block.querySelector('[data-bio-progress]'));
  stopBioProgress({ hide: false });
  bio.progressTimer = setInterval(() => {
    bar.value = Math.min(seconds, (Date.now() - started) / 1000);
  }, 200);
}

function stopBioProgress({ hide = true } = {}) {
  if (bio.progressTimer) clearInterval(bio.progressTimer);
  bio.progressTimer = 0;
  const block = bioBlock();
  if (hide && block) show(block.querySelector('[data-bio-progress]'), false);
}

/** The CAPTURE request eSignet's UI sends for the chosen device and this transaction. */
function captureRequest(device, captureSeconds) {
  const factor = bioFactor() ?? {};
  const kind = device.kind;
  const configured = configNumber(`sbi.capture.count.${kind.toLowerCase()}`, 1, 1, kind === 'Finger' ? 10 : kind === 'Iris' ? 2 : 1);
  const count = Number.isInteger(factor.count) && factor.count >= 1 && factor.count <= configured ? factor.count : configured;
  const subId = kind === 'Iris' && count >= 2 && device.subIds.includes('3') ? '3' : device.subIds.find((s) => s !== '3') ?? device.subIds[0] ?? '0';
  const subtypes = configList(config(`sbi.bio.subtypes.${kind.toLowerCase()}`)) ?? ['UNKNOWN'];
  return {
    env: String(config('sbi.env') ?? 'Production'),
    purpose: 'Auth',
    specVersion: '0.9.5',
    timeout: String(captureSeconds * 1000),
    captureTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    domainUri: location.origin,
    transactionId: sbiTransactionId(session.transactionId, configNumber('auth.txnid.length', SBI_TRANSACTION_ID_LENGTH, 4, 50)),
    bio: [{
      type: kind,
      count: String(count),
      bioSubType: kind === 'Face' ? [] : subtypes.slice(0, count),
      requestedScore: String(configNumber(`sbi.capture.score.${kind.toLowerCase()}`, 70, 0, 100)),
      deviceId: device.deviceId,
      deviceSubId: subId,
      previousHash: '',
    }],
    customOpts: null,
  };
}

/** Checks a capture's biometrics[] and returns the BIO challenge (base64 of the list without error). */
function challengeFrom(biometrics, kind) {
  if (!Array.isArray(biometrics) || biometrics.length === 0) throw new BioError('The device sent an answer this page does not understand. Try again.');
  const items = [];
  for (const b of biometrics) {
    if (!b || typeof b !== 'object') throw new BioError('The device sent an answer this page does not understand. Try again.');
    const { error, ...rest } = b;
    const code = asText(error?.errorCode) || '0';
    if (code !== '0') throw new BioError(sbiErrorMessage(code, error?.errorInfo, kind));
    if (typeof rest.data !== 'string' || !rest.data) throw new BioError('The device sent a capture without its signed data. Try again.');
    items.push(rest);
  }
  const bytes = new TextEncoder().encode(JSON.stringify(items));
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** Scans with the chosen device; resolves to the BIO challenge, or null (the reason is shown). */
async function captureChallenge() {
  const device = bio.chosen;
  if (!device) {
    if (!bio.searching) await discoverDevices({ announce: false });
    if (!bio.chosen) {
      const block = bioBlock();
      setBioError(
        bio.searching ? 'Still looking for devices. Wait a moment, then try again.'
          : bio.devices.length === 0 ? 'No biometric device found. Connect a scanner, then search again.'
            : 'Choose a device that is ready.',
      );
      block?.querySelector('[data-bio-rescan]')?.focus();
      return null;
    }
    return captureChallenge();
  }
  const kind = device.kind;
  const captureSeconds = configNumber('sbi.capture.timeout', 30, 1, 300);
  const httpSeconds = Math.max(configNumber('sbi.timeout.CAPTURE', 30, 1, 600), captureSeconds + 5);
  const request = captureRequest(device, captureSeconds);
  const ctl = new AbortController();
  stopBio();
  bio.abort = ctl;
  setBioError('');
  setBioStatus('scanning', BIO_KINDS[kind].place, `Hold still until the scan finishes (up to ${captureSeconds} seconds).`);
  startBioProgress(captureSeconds);
  for (const radio of document.querySelectorAll('input[name="bio-device"]')) radio.disabled = true;
  const rescan = bioBlock()?.querySelector('[data-bio-rescan]');
  if (rescan) rescan.disabled = true;
  try {
    const sbi = device.kiosk ? kioskSbi() : undefined;
    let biometrics;
    if (sbi) {
      const result = await sbi.capture(device.key, {
        transactionId: request.transactionId, domainUri: request.domainUri, env: request.env, timeoutMs: captureSeconds * 1000,
        deviceSubId: request.bio[0].deviceSubId, count: Number(request.bio[0].count), bioSubType: request.bio[0].bioSubType,
        requestedScore: Number(request.bio[0].requestedScore),
      });
      biometrics = result?.biometrics;
    } else {
      const answer = await sbiFetch(`${device.url}/capture`, 'CAPTURE', request, httpSeconds * 1000, ctl.signal);
      biometrics = answer?.biometrics;
    }
    const challenge = challengeFrom(biometrics, kind);
    setBioStatus('checking', 'Scan complete', 'Checking with the national ID system…');
    return challenge;
  } catch (err) {
    let message;
    if (err instanceof BioError) message = err.message;
    else if (ctl.signal.aborted) message = 'Scan cancelled.';
    else if (err?.name === 'TimeoutError') message = `The device did not finish the scan within ${httpSeconds} seconds. Try again.`;
    else if (err instanceof Error && err.message && device.kiosk) message = err.message;
    else message = 'The connection to the device was lost. Check that its device service is running, then search again.';
    // The reason is in the alert below; the status says what to do next.
    setBioStatus('error', 'The scan did not work', `${BIO_KINDS[kind].place}, then choose “${BIO_KINDS[kind].action}” to try again.`);
    setBioError(message);
    // Back on the scan button (enabled again once this attempt ends) for another try.
    setTimeout(() => $('login-submit').focus(), 0);
    return null;
  } finally {
    if (bio.abort === ctl) bio.abort = null;
    stopBioProgress();
    if (rescan) rescan.disabled = false;
    for (const radio of document.querySelectorAll('input[name="bio-device"]')) {
      const d = bio.devices.find((x) => x.key === radio.value);
      radio.disabled = !d?.usable;
    }
  }
}

/** After the server refused a capture: back to "ready" so the resident can scan again. */
function bioReadyAgain() {
  if (!bio.chosen) return;
  const kind = BIO_KINDS[bio.chosen.kind];
  setBioStatus('error', 'Not signed in', `Check your ID number. ${kind.place}, then choose “${kind.action}” to try again.`);
}

function renderBioBlock(block) {
  block.querySelector('[data-bio-rescan]').addEventListener('click', () => void discoverDevices());
  block.querySelector('[data-bio-cancel]').addEventListener('click', () => stopBio());
  // Discovery starts once the block is in the page.
  queueMicrotask(() => void discoverDevices({ announce: false }));
}

// ---- Step 4: authenticate ----------------------------------------------------------------------

function validateIndividualId(input) {
  const value = input.value.trim();
  const message = value ? null : 'Enter your ID number.';
  setFieldError(input, message);
  if (message) input.focus();
  return !message;
}

/** Reads and checks the chosen factors' fields; returns the challengeList or null (errors shown). */
function collectChallenges() {
  const challenges = [];
  let firstInvalid = null;
  const check = (input, ok, message) => {
    setFieldError(input, ok ? null : message);
    if (!ok && !firstInvalid) firstInvalid = input;
  };
  for (const factor of selectedSet()) {
    if (factor.type === 'PIN') {
      const input = $('pin');
      check(input, /^[0-9]{6}$/.test(input.value), 'Enter your 6-digit PIN.');
      challenges.push({ authFactorType: 'PIN', challenge: input.value, format: CHALLENGE_FORMAT.PIN });
    } else if (factor.type === 'PWD') {
      const input = $('password');
      check(input, /^[\x20-\x7e]{8,30}$/.test(input.value), 'Enter your password (8 to 30 characters).');
      challenges.push({ authFactorType: 'PWD', challenge: input.value, format: CHALLENGE_FORMAT.PWD });
    } else if (factor.type === 'OTP') {
      const input = $('otp');
      const code = input.value.trim();
      check(input, /^[A-Za-z0-9]{6}$/.test(code), 'Enter the 6-character code we sent you.');
      challenges.push({ authFactorType: 'OTP', challenge: code, format: CHALLENGE_FORMAT.OTP });
    } else if (factor.type === 'KBI') {
      const answers = {};
      for (const input of document.querySelectorAll('[data-kbi-field]')) {
        const value = input.value.trim();
        check(input, value.length > 0, 'Answer this question.');
        answers[input.dataset.kbiField] = value;
      }
      challenges.push({ authFactorType: 'KBI', challenge: textToBase64url(JSON.stringify(answers)), format: CHALLENGE_FORMAT.KBI });
    }
  }
  if (firstInvalid) {
    firstInvalid.focus();
    return null;
  }
  return challenges;
}

/** After a refused attempt, secrets are cleared so the next try starts clean. */
function clearSecrets() {
  for (const id of ['pin', 'password', 'otp']) {
    const input = document.getElementById(id);
    if (input) input.value = '';
  }
}

async function onLoginSubmit(event) {
  event.preventDefault();
  const submit = $('login-submit');
  if (submit.disabled) return;
  const idInput = $('individual-id');
  if (!validateIndividualId(idInput)) return;
  const individualId = idInput.value.trim();
  if (needsOtp() && (!login.otp.sent || login.otp.individualId !== individualId)) {
    if (login.otp.sent) {
      // The ID changed after a code was sent: the code belongs to the other ID.
      resetOtp();
      selectAlternative(login.selected, { focus: false });
      idInput.value = individualId;
    }
    await sendOtp();
    return;
  }
  const challengeList = collectChallenges();
  if (!challengeList) return;
  setAlert($('login-error'), '');
  setBusy(submit, true);
  try {
    if (bioFactor()) {
      // A fresh capture for every attempt: the server refuses a capture it has seen before.
      const challenge = await captureChallenge();
      // Not scanned: captureChallenge showed why and moved focus.
      if (!challenge) return;
      challengeList.push({ authFactorType: 'BIO', challenge, format: CHALLENGE_FORMAT.BIO });
    }
    const { response, errors } = await api('POST', `${AUTHZ}/v3/authenticate`, { transactionId: session.transactionId, individualId, challengeList });
    if (errors.length > 0) {
      clearSecrets();
      const message = messageOf(errors);
      setAlert($('login-error'), message);
      if (bioFactor()) bioReadyAgain();
      const retry = document.getElementById('pin') ?? document.getElementById('password') ?? document.getElementById('otp') ?? (bioFactor() ? submit : idInput);
      // The submit button is still disabled here; focus it once it is enabled again.
      if (retry === submit) queueMicrotask(() => submit.focus());
      else retry.focus();
      return;
    }
    stopOtpTimer();
    await afterAuthentication(response);
  } catch (err) {
    showFatal(err);
  } finally {
    setBusy(submit, false);
  }
}

// ---- Step 5: consent ---------------------------------------------------------------------------

async function afterAuthentication(response) {
  if (response?.consentAction === 'NOCAPTURE') {
    await issueCode([], []);
    return;
  }
  $('loading-text').textContent = 'Loading the information requested…';
  showView('view-loading', { focus: false });
  const claimDetails = await apiOrFail('GET', `${AUTHZ}/claim-details`);
  if (claimDetails.consentAction === 'NOCAPTURE') {
    await issueCode([], []);
    return;
  }
  renderConsent(claimDetails);
}

const strings = (v) => (Array.isArray(v) ? v.filter((s) => typeof s === 'string') : []);

function claimRow(name, { locked, status }) {
  const li = document.createElement('li');
  const label = document.createElement('label');
  label.className = 'check';
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.value = name;
  input.checked = locked;
  input.disabled = locked;
  const text = document.createElement('span');
  text.textContent = CLAIM_LABELS[name] ?? humanise(name);
  label.append(input, text);
  if (status && status.available === false) {
    const na = document.createElement('span');
    na.className = 'tag tag-muted';
    na.textContent = 'Not on record';
    label.append(na);
  }
  li.append(label);
  return li;
}

function renderConsent(claimDetails) {
  const d = session.details;
  const essential = strings(claimDetails.essentialClaims ?? d.essentialClaims);
  const voluntary = strings(claimDetails.voluntaryClaims ?? d.voluntaryClaims).filter((c) => !essential.includes(c));
  const scopes = strings(d.authorizeScopes);
  const statusOf = new Map();
  for (const s of Array.isArray(claimDetails.claimStatus) ? claimDetails.claimStatus : []) if (s && typeof s.claim === 'string') statusOf.set(s.claim, s);

  $('consent-lead').textContent = `${session.clientName} is asking for the information below from your ID record.`;
  $('essential-list').replaceChildren(...essential.map((c) => claimRow(c, { locked: true, status: statusOf.get(c) })));
  $('voluntary-list').replaceChildren(...voluntary.map((c) => claimRow(c, { locked: false, status: statusOf.get(c) })));
  $('scope-list').replaceChildren(...scopes.map((s) => claimRow(s, { locked: false })));
  show($('essential-group'), essential.length > 0);
  show($('voluntary-group'), voluntary.length > 0);
  show($('scope-group'), scopes.length > 0);
  show($('consent-nothing'), essential.length + voluntary.length + scopes.length === 0);
  setAlert($('consent-error'), '');

  const all = $('voluntary-all');
  all.checked = false;
  all.indeterminate = false;
  showView('view-consent');
}

function syncSelectAll() {
  const boxes = [...$('voluntary-list').querySelectorAll('input[type=checkbox]')];
  const on = boxes.filter((b) => b.checked).length;
  const all = $('voluntary-all');
  all.checked = boxes.length > 0 && on === boxes.length;
  all.indeterminate = on > 0 && on < boxes.length;
}

const checkedValues = (list) => [...list.querySelectorAll('input[type=checkbox]:checked')].map((b) => b.value);

async function onConsentSubmit(event) {
  event.preventDefault();
  const allow = $('consent-allow');
  if (allow.disabled) return;
  const accepted = [...strings(session.details.essentialClaims), ...checkedValues($('essential-list')), ...checkedValues($('voluntary-list'))];
  setBusy(allow, true);
  $('consent-cancel').disabled = true;
  try {
    await issueCode([...new Set(accepted)], checkedValues($('scope-list')));
  } catch (err) {
    showFatal(err);
  } finally {
    setBusy(allow, false);
    $('consent-cancel').disabled = false;
  }
}

async function onConsentCancel() {
  // The way back with error=access_denied is built by the server, like every URL back.
  const button = $('consent-cancel');
  if (button.disabled) return;
  setBusy(button, true);
  $('consent-allow').disabled = true;
  try {
    const response = await apiOrFail('POST', `${AUTHZ}/cancel`, { transactionId: session.transactionId, reason: 'consent' });
    const target = typeof response.redirectUrl === 'string' ? safeUrl(response.redirectUrl, ['https:', 'http:']) : undefined;
    if (!target) throw new FatalError('invalid_response', 'The sign-in service did not say where to return to.');
    showDone('cancelled', 'You cancelled', `Nothing was shared with ${session.clientName}. Taking you back…`);
    location.assign(target);
  } catch (err) {
    showFatal(err);
  } finally {
    setBusy(button, false);
    $('consent-allow').disabled = false;
  }
}

// ---- Step 6: the authorization code and the way back ------------------------------------------

async function issueCode(acceptedClaims, permittedAuthorizeScopes) {
  const { response, errors } = await api('POST', `${AUTHZ}/auth-code`, { transactionId: session.transactionId, acceptedClaims, permittedAuthorizeScopes });
  if (errors.length > 0) {
    const message = messageOf(errors);
    if (!$('view-consent').hidden) {
      setAlert($('consent-error'), message);
      return;
    }
    throw new FatalError(codeOf(errors[0]), message);
  }
  // Only the server builds the URL back (code, state, iss); this page only follows it.
  const target = typeof response?.redirectUrl === 'string' ? safeUrl(response.redirectUrl, ['https:', 'http:']) : undefined;
  if (!target) throw new FatalError('invalid_response', 'The sign-in service did not say where to return to.');
  showDone('ok', 'You are signed in', `Taking you back to ${session.clientName}…`);
  location.assign(target);
}

function showDone(kind, title, text) {
  const icon = $('done-icon');
  icon.className = `status-icon ${kind === 'ok' ? 'status-ok' : 'status-neutral'}`;
  icon.textContent = kind === 'ok' ? '✓' : '–';
  $('done-title').textContent = title;
  $('done-text').textContent = text;
  showView('view-done');
}

// ---- Start -------------------------------------------------------------------------------------

async function start() {
  const params = new URLSearchParams(location.search);
  if (!params.get('client_id')) {
    throw new FatalError('invalid_request', 'This page opens from an application’s “Sign in” button. It was opened without a sign-in request.');
  }
  await fetchCsrfToken();
  const details = await openTransaction(params);
  renderClient(details, params);
  renderMethods(params);
  showView('view-login', { focus: false });
  const firstEmpty = [...document.querySelectorAll('#login-form input')].find((i) => !i.closest('[hidden]') && !i.value);
  firstEmpty?.focus();
}

function wire() {
  $('login-form').addEventListener('submit', (e) => void onLoginSubmit(e));
  $('consent-form').addEventListener('submit', (e) => void onConsentSubmit(e));
  $('consent-cancel').addEventListener('click', onConsentCancel);
  $('voluntary-all').addEventListener('change', (e) => {
    for (const box of $('voluntary-list').querySelectorAll('input[type=checkbox]')) box.checked = e.target.checked;
  });
  $('voluntary-list').addEventListener('change', syncSelectAll);
  // Digits only in numeric code fields, whatever the keyboard.
  $('factor-blocks').addEventListener('input', (e) => {
    const t = e.target;
    if (t instanceof HTMLInputElement && (t.id === 'pin' || t.id === 'otp')) {
      const cleaned = t.id === 'pin' ? t.value.replace(/\D+/g, '') : t.value.replace(/[^A-Za-z0-9]+/g, '');
      if (cleaned !== t.value) t.value = cleaned;
      if (t.getAttribute('aria-invalid') === 'true') setFieldError(t, null);
    }
  });
  $('individual-id').addEventListener('input', (e) => {
    if (e.target.getAttribute('aria-invalid') === 'true') setFieldError(e.target, null);
  });
}

wire();
start().catch(showFatal);
