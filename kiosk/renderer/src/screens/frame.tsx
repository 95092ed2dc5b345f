// The frame around every screen: the brand, the language switch, the relying party's name and
// logo, and the footer. The card holds the current screen.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useApp } from '../app-context.js';
import { nativeName } from '../i18n/languages.js';
import { Brand } from './brand.js';

function LanguageSwitch() {
  const { t, lang, languages, actions } = useApp();
  return (
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
  );
}

function RelyingParty() {
  const { t, machine, rpName } = useApp();
  const [logoOk, setLogoOk] = useState(true);
  const logo = machine.details?.logoUrl;
  const logoUrl = logo && /^https:\/\//.test(logo) ? logo : undefined;
  if (!machine.details) return null;
  return (
    <header class="rp">
      <div class="rp-logo" aria-hidden="true">
        {logoUrl && logoOk ? (
          <img src={logoUrl} alt="" width={48} height={48} onError={() => setLogoOk(false)} />
        ) : (
          <span>{[...rpName.text.trim()][0]?.toUpperCase() ?? '?'}</span>
        )}
      </div>
      <div class="rp-text">
        <p class="eyebrow">{t('rp.signInTo')}</p>
        <p class="rp-name" id="rp-name" lang={rpName.lang}>
          {rpName.text}
        </p>
      </div>
    </header>
  );
}

export function Frame({ children }: { children: ComponentChildren }) {
  const { t, kiosk } = useApp();
  return (
    <div class={kiosk ? 'page kiosk' : 'page'}>
      <header class="topbar">
        <Brand name={t('brand.name')} tagline={t('brand.tagline')} />
        <LanguageSwitch />
      </header>
      <main id="main" class="card" tabIndex={-1}>
        <RelyingParty />
        {children}
      </main>
      <footer class="footer">
        <p>{t('footer.privacy')}</p>
      </footer>
    </div>
  );
}
