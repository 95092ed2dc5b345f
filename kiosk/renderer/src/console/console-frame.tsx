// The frame around every console screen: the brand, who is signed in (and signing out), the
// language switch, and the panels (the resident's link, the device board, the kiosk).
import type { ComponentChildren } from 'preact';
import { nativeName } from '../i18n/languages.js';
import { Brand } from '../screens/brand.js';
import { useConsole } from './console-context.js';
import type { Panel } from './console-machine.js';

const PANELS: readonly Panel[] = ['link', 'devices', 'kiosk'];

export function ConsoleFrame({ children }: { children: ComponentChildren }) {
  const { t, lang, languages, machine, dispatch, actions } = useConsole();
  const s = machine.state;
  const signedIn = s.name !== 'signed-out' && s.name !== 'locked' && s.name !== 'starting';
  return (
    <div class="page console">
      <header class="topbar">
        <Brand name={t('brand.name')} tagline={t('console.tagline')} />
        <label class="lang-switch">
          <span class="lang-label">{t('language.label')}</span>
          <select value={lang} onChange={(e) => void actions.setLanguage((e.currentTarget as HTMLSelectElement).value)}>
            {languages.map((l) => (
              <option key={l} value={l} lang={l}>
                {nativeName(l)}
              </option>
            ))}
          </select>
        </label>
      </header>
      <nav class="console-nav" aria-label={t('console.nav.label')}>
        {PANELS.map((panel) => (
          <button
            key={panel}
            type="button"
            class="console-tab"
            aria-current={machine.panel === panel ? 'page' : undefined}
            data-panel={panel}
            onClick={() => dispatch({ type: 'PANEL', panel })}
          >
            {t(`console.nav.${panel}`)}
          </button>
        ))}
        {signedIn && (
          <p class="console-operator" data-operator>
            {/* Without a name in the ID token, the subject (pairwise, opaque) would tell the operator nothing. */}
            <span>
              {s.operator.name
                ? t('console.operator.signedInAs', { name: s.operator.name })
                : t('console.operator.signedIn')}
            </span>{' '}
            <button type="button" class="btn btn-link" onClick={() => void actions.signOut()}>
              {t('console.operator.signOut')}
            </button>
          </p>
        )}
      </nav>
      <main id="main" class="card" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
