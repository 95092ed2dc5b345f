// The HTML pages: home (sign-in buttons), the signed-in result (verified ID token claims and
// userinfo) and errors. Everything interpolated is escaped by `html`; no scripts, no external
// resources, styles from /style.css only (see the CSP in routes.ts).
import { ACR } from './registration.js';
import { html, type SafeHtml } from '@signet-kiosk/server';
import type { LoginMethod } from './login-store.js';

export interface Site {
  issuer: string;
  clientId: string;
}

const ACR_LABELS: Record<string, string> = {
  [ACR.pin]: 'PIN (static code)',
  [ACR.otp]: 'one-time code (OTP)',
  [ACR.pwd]: 'password',
  [ACR.kbi]: 'knowledge questions',
  [ACR.bio]: 'fingerprint, iris or face (SBI device)',
};

/** The languages offered for claims_locales; the server maps en → eng, km → khm. */
export const CLAIMS_LOCALE_CHOICES: { label: string; value: string | undefined }[] = [
  { label: 'Resident’s preferred', value: undefined },
  { label: 'English', value: 'en' },
  { label: 'ខ្មែរ (Khmer)', value: 'km' },
  { label: 'English + ខ្មែរ', value: 'en km' },
];

function layout(site: Site, title: string, main: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · Signet demo relying party</title>
<link rel="stylesheet" href="/style.css">
<link rel="icon" href="/logo.svg" type="image/svg+xml">
</head>
<body>
<header><a class="brand" href="/"><img src="/logo.svg" alt="" width="32" height="32"> Signet demo relying party</a></header>
<main>
${main}
</main>
<footer>Client <code>${site.clientId}</code> · OpenID provider <code>${site.issuer}</code> · built on openid-client</footer>
</body>
</html>
`;
}

function loginHref(method: LoginMethod, claimsLocales: string | undefined): string {
  const q = new URLSearchParams({ method });
  if (claimsLocales) q.set('claims_locales', claimsLocales);
  return `/login?${q}`;
}

export function homePage(site: Site, claimsLocales: string | undefined): SafeHtml {
  const localeLinks = CLAIMS_LOCALE_CHOICES.map((c) => {
    const href = c.value ? `/?${new URLSearchParams({ claims_locales: c.value })}` : '/';
    return c.value === claimsLocales
      ? html`<li><strong aria-current="true">${c.label}</strong></li>`
      : html`<li><a href="${href}">${c.label}</a></li>`;
  });
  return layout(
    site,
    'Sign in',
    html`<section class="card">
<h1>Welcome</h1>
<p>This relying party signs residents in with Signet using the authorization code flow with PKCE, a nonce, <code>private_key_jwt</code> and the <code>claims</code> parameter (name essential; email and phone voluntary).</p>
<p>Choose how to prove who you are: each button asks Signet for one authentication context (<code>acr_values</code>); “any method” lets you choose on Signet’s page.</p>
<div class="buttons">
<a class="button" href="${loginHref('pin', claimsLocales)}">Sign in with Signet — PIN</a>
<a class="button" href="${loginHref('otp', claimsLocales)}">Sign in with Signet — one-time code</a>
<a class="button" href="${loginHref('pwd', claimsLocales)}">Sign in with Signet — password</a>
<a class="button" href="${loginHref('kbi', claimsLocales)}">Sign in with Signet — knowledge questions</a>
<a class="button" href="${loginHref('bio', claimsLocales)}">Sign in with Signet — fingerprint</a>
<a class="button secondary" href="${loginHref('any', claimsLocales)}">Sign in with Signet — any method</a>
</div>
<h2>Language of the claims</h2>
<ul class="choices">${localeLinks}</ul>
<h2>Demo resident</h2>
<table class="demo-resident">
<tr><th scope="row">ID</th><td><code>2804195602</code> (Dara Lim)</td></tr>
<tr><th scope="row">PIN</th><td><code>736204</code></td></tr>
<tr><th scope="row">one-time code</th><td>in the demo server’s dev outbox: <code>/v1/esignet/dev/outbox?individualId=2804195602</code></td></tr>
<tr><th scope="row">password</th><td><code>Angkor#Dara2026</code></td></tr>
<tr><th scope="row">knowledge questions</th><td>full name <code>Dara Lim</code>, date of birth <code>1985-09-30</code>, place of birth <code>Battambang</code></td></tr>
<tr><th scope="row">fingerprint</th><td>run <code>npm run simulator</code>: it presents Dara Lim’s finger</td></tr>
</table>
<p class="hint">The other demo residents are listed in the README.</p>
</section>`,
  );
}

export interface ResultView {
  method: LoginMethod;
  acrValues: string | undefined;
  claimsLocales: string | undefined;
  idToken: Record<string, unknown>;
  userinfo: Record<string, unknown>;
}

/** The envelope of a signed userinfo answer, shown apart from the resident's claims. */
const JWT_CLAIMS = new Set(['iss', 'aud', 'sub', 'iat', 'exp', 'nbf', 'jti']);

function time(epochSeconds: unknown): string {
  return typeof epochSeconds === 'number'
    ? `${new Date(epochSeconds * 1000).toISOString()} (${epochSeconds})`
    : String(epochSeconds ?? '—');
}

function value(v: unknown): SafeHtml {
  if (typeof v === 'number' || typeof v === 'boolean') return html`${String(v)}`;
  if (typeof v === 'string') return html`${v.length > 300 ? `${v.slice(0, 300)}… (${v.length} characters)` : v}`;
  return html`<pre>${JSON.stringify(v, null, 2)}</pre>`;
}

function row(name: string, v: unknown, note?: string): SafeHtml {
  // `name#khm`: the value is in that language.
  const lang = /#([a-z]{2,3})$/.exec(name)?.[1];
  return html`<tr><th scope="row"><code>${name}</code>${note ? html`<br><small>${note}</small>` : ''}</th><td${lang ? html` lang="${lang}"` : ''}>${value(v)}</td></tr>`;
}

export function resultPage(site: Site, view: ResultView): SafeHtml {
  const { idToken, userinfo } = view;
  const acr = typeof idToken.acr === 'string' ? idToken.acr : undefined;
  const acrOk = !view.acrValues || view.acrValues === acr;
  const amr = Array.isArray(idToken.amr) ? idToken.amr.join(', ') : idToken.amr;
  // With several claims_locales there is no plain `name`, only `name#eng`, `name#khm`, …
  const name = [
    userinfo.name,
    ...Object.entries(userinfo)
      .filter(([k]) => k.startsWith('name#'))
      .map(([, v]) => v),
  ].find((v) => typeof v === 'string');
  const residentClaims = Object.entries(userinfo).filter(([k]) => !JWT_CLAIMS.has(k));
  return layout(
    site,
    'Signed in',
    html`<section class="card">
<h1>Signed in${name ? html` as <span class="name">${name}</span>` : ''}</h1>
<p class="${acrOk ? 'ok' : 'warn'}">Method: ${ACR_LABELS[acr ?? ''] ?? acr ?? 'unknown'} (<code>${acr ?? 'no acr'}</code>)${
      view.acrValues
        ? acrOk
          ? ' — as requested.'
          : html` — <strong>not the requested <code>${view.acrValues}</code></strong>.`
        : ' — the resident chose.'
    }</p>
<p class="hint">Verified by openid-client: ID token signature (server JWKS), issuer, audience, expiry, nonce; state and PKCE on the callback; userinfo signature and subject.</p>
</section>
<section class="card">
<h2>ID token</h2>
<table>
${row('sub', idToken.sub, 'pairwise: differs at each relying party')}
${row('acr', idToken.acr)}
${row('amr', amr)}
${row('auth_time', time(idToken.auth_time))}
${row('iss', idToken.iss)}
${row('aud', idToken.aud)}
${row('iat', time(idToken.iat))}
${row('exp', time(idToken.exp))}
</table>
<details><summary>All ID token claims</summary><pre>${JSON.stringify(idToken, null, 2)}</pre></details>
</section>
<section class="card">
<h2>Userinfo${view.claimsLocales ? html` <small>(claims_locales <code>${view.claimsLocales}</code>)</small>` : ''}</h2>
<table>
${residentClaims.map(([k, v]) => row(k, v))}
</table>
${userinfo.iss ? html`<p class="hint">A JWT signed by <code>${userinfo.iss}</code> for <code>${userinfo.aud}</code>, issued ${time(userinfo.iat)}; its <code>sub</code> matches the ID token's.</p>` : ''}
</section>
<p><a class="button secondary" href="/">Sign in again</a></p>`,
  );
}

export function errorPage(
  site: Site,
  title: string,
  detail: string,
  hint = 'Start again from the home page.',
): SafeHtml {
  return layout(
    site,
    title,
    html`<section class="card error">
<h1>${title}</h1>
<p>${detail}</p>
<p class="hint">${hint}</p>
<p><a class="button secondary" href="/">Home</a></p>
</section>`,
  );
}
