// `GET /`: what this server is, for whoever opens its address — residents are sent to the
// application they want to use; integrators get the issuer, discovery, the keys and the health
// check; in demo mode, how to try a sign-in. In English: it is mostly read by integrators.
import { html } from '../http/html.js';
import { ACTUATOR_HEALTH_PATH } from '../esignet/actuator-health.js';
import { ENDPOINT_PATHS } from '../oidc/discovery.js';
import { renderPage } from './layout.js';

export const DISCOVERY_PATH = '/.well-known/openid-configuration';
/** Where `npm run demo:rp` serves the demo relying party unless told otherwise (DEMO_RP_PORT). */
export const DEMO_RELYING_PARTY_URL = 'http://127.0.0.1:8090/';

export interface HomeView {
  issuer: string;
  demo: boolean;
}

export function renderHomePage({ issuer, demo }: HomeView): string {
  const demoCard = demo
    ? html`<section class="card" aria-labelledby="demo-title">
<h2 id="demo-title">Demo mode</h2>
<p>This server runs in demo mode, with demo residents. To try a sign-in, run <code>npm run demo:rp</code> beside it and open the demo relying party at <a href="${DEMO_RELYING_PARTY_URL}">${DEMO_RELYING_PARTY_URL}</a> (its default address); the demo residents and their PINs and passwords are listed in the README.</p>
<p>One-time codes are not sent anywhere in demo mode: read them from the dev outbox, <code>/v1/esignet/dev/outbox?individualId=…</code>.</p>
</section>`
    : '';
  return renderPage({
    language: 'en',
    title: 'Sign-in service',
    main: html`<section class="card" aria-labelledby="home-title">
<h1 id="home-title">Signet sign-in service</h1>
<p>This server signs residents in to applications with their national digital identity. It is an OpenID Connect provider in front of the national ID system: residents prove who they are with a PIN, a one-time code, a password, knowledge questions or biometrics, and choose what each application may know about them.</p>
<p class="notice">Residents: to sign in, start from the application you want to use. Its “Sign in with Signet” button brings you to the sign-in page.</p>
</section>
<section class="card" aria-labelledby="integrators-title">
<h2 id="integrators-title">For application developers</h2>
<ul>
<li>Issuer: <code>${issuer}</code></li>
<li><a href="${DISCOVERY_PATH}">OpenID Provider configuration</a> (discovery): every endpoint, algorithm and setting a client library needs</li>
<li><a href="${ENDPOINT_PATHS.jwks}">Signing keys</a> (JWKS)</li>
<li><a href="${ACTUATOR_HEALTH_PATH}">Health</a>: <code>{"status":"UP"}</code> while the server runs</li>
</ul>
<p>Applications are registered by the operator through the client-management API. They use the authorization code flow with PKCE and authenticate with <code>private_key_jwt</code>.</p>
</section>
${demoCard}`,
  });
}
