// The login app's entry: chooses the first language (ui_locales, then the browser's), loads its
// catalogue, takes the biometric door (the kiosk's window.kiosk.sbi, else the browser transport to
// local device services) and renders the app into #app. Inside the kiosk (window.kiosk present), the
// page's `#/console` (app://kiosk/#/console, or the stand-in's page with it) is the operator console,
// and the end of a resident's sign-in (handed on to the relying party, or left idle) is told to the
// kiosk, which clears its window for the next resident.
// First: it sends oauth-details while the modules after it are still being evaluated.
import { earlyOauthDetails } from './api/early-oauth-details.js';
// Second: zod's settings, before any module builds or parses a schema.
import './zod-settings.js';
import { render } from 'preact';
import { KIOSK_CONSOLE_FRAGMENT, type KioskApi, type KioskPageSettings } from '@signet-kiosk/shared/kiosk';
import { App, openTransaction } from './app.js';
import { TransactionApi } from './api/transaction-api.js';
import { AVAILABLE_LANGUAGES, createTranslator, loadCatalogue } from './i18n/i18n.js';
import { chooseLanguage } from './i18n/languages.js';
import { residentDone } from './kiosk/resident-done.js';
import { lazySbiClientForPage } from './sbi/lazy-sbi-client.js';
import './styles/app.css';

declare global {
  interface Window {
    /** The kiosk's preload API (@signet-kiosk/shared/kiosk); absent in ordinary browsers. */
    kiosk?: Partial<KioskApi> & KioskPageSettings;
  }
}

async function startConsole(kiosk: KioskApi) {
  const lang = chooseLanguage(null, navigator.languages ?? [], AVAILABLE_LANGUAGES);
  // Its own chunk: residents' browsers never load the operator console.
  const [{ ConsoleApp }, catalogue] = await Promise.all([import('./console/console-app.js'), loadCatalogue(lang)]);
  render(
    <ConsoleApp kiosk={kiosk} translator={createTranslator(lang, catalogue)} languages={AVAILABLE_LANGUAGES} />,
    document.getElementById('app')!,
  );
}

/** The whole preload API, when this page runs in the kiosk with the operator and link channels. */
function fullKioskApi(): KioskApi | undefined {
  const k = window.kiosk;
  return k?.sbi && k.kiosk && k.operator && k.link ? (k as KioskApi) : undefined;
}

async function main() {
  const kioskApi = fullKioskApi();
  if (location.hash === KIOSK_CONSOLE_FRAGMENT && kioskApi) return startConsole(kioskApi);
  const params = new URLSearchParams(location.search);
  // The API first: its two round trips run while the words load and the app renders.
  const api = new TransactionApi();
  api.useCsrfToken(document.body.dataset.csrf);
  const opening = openTransaction(api, params, earlyOauthDetails);
  // Handled by the app; this keeps a failure before it renders from being reported as unhandled.
  opening.catch(() => undefined);
  const lang = chooseLanguage(params.get('ui_locales'), navigator.languages ?? [], AVAILABLE_LANGUAGES);
  const catalogue = await loadCatalogue(lang);
  // Nothing is asked of devices until the biometric screen opens (discovery scans 4501–4600). A
  // port with nothing behind it is refused at once; a device service that signs its answers on a
  // busy kiosk may take seconds, so it gets 5 s (the transport's default, 2 s, lost them under load).
  const sbi = lazySbiClientForPage({ discoveryTimeoutMs: 5000 });
  const kiosk = !!window.kiosk || matchMedia('(orientation: portrait) and (min-height: 1200px)').matches;
  const idle = Number(document.body.dataset.idleSeconds);
  render(
    <App
      api={api}
      opening={opening}
      params={params}
      translator={createTranslator(lang, catalogue)}
      languages={AVAILABLE_LANGUAGES}
      kiosk={kiosk}
      demo={document.body.dataset.demo === 'true'}
      sbi={sbi}
      idleSeconds={window.kiosk?.idleSeconds ?? (kiosk && Number.isFinite(idle) ? idle : 0)}
      onIdle={() => void residentDone(window.kiosk, 'idle')}
      navigate={(url) => void residentDone(window.kiosk, 'left').then(() => location.assign(url))}
    />,
    document.getElementById('app')!,
  );
}

void main();
