// The kiosk's identity and registration: its id and name, the thumbprint of its key (what an
// administrator compares by eye), where the key is kept, and the registration request as a QR code.
import { useEffect, useState } from 'preact/hooks';
import type { KioskIdentityView } from '@signet-kiosk/shared/kiosk';
import { Heading } from '../screens/parts.js';
import { useConsole } from './console-context.js';
import { ConsoleFailureAlert } from './console-failure.js';
import type { ConsoleFailure } from './console-machine.js';

export function KioskPanel() {
  const { t, kiosk } = useConsole();
  const [identity, setIdentity] = useState<KioskIdentityView | { failure: ConsoleFailure } | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void kiosk.kiosk.identity({}).then((reply) => {
      if (live) setIdentity(reply.ok ? reply.value : { failure: { code: reply.error.code } });
    });
    return () => {
      live = false;
    };
  }, [kiosk]);
  if (!identity) return <p class="hint">{t('console.kiosk.loading')}</p>;
  if ('failure' in identity) return <ConsoleFailureAlert failure={identity.failure} />;
  // The SVG comes from the main process (our own QR encoder), shown as an image: never inserted as markup.
  const qr = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(identity.registrationQrSvg)}`;
  return (
    <section class="form" data-screen="kiosk">
      <Heading>{t('console.kiosk.title')}</Heading>
      <dl class="console-identity">
        <dt>{t('console.kiosk.id')}</dt>
        <dd dir="ltr" data-kiosk-id>
          {identity.kioskId}
        </dd>
        <dt>{t('console.kiosk.name')}</dt>
        <dd dir="auto">{identity.name}</dd>
        <dt>{t('console.kiosk.thumbprint')}</dt>
        <dd dir="ltr" class="thumbprint" data-thumbprint>
          {identity.keyThumbprint}
        </dd>
        <dt>{t('console.kiosk.keyProtection')}</dt>
        <dd>{t(identity.keyProtection === 'os-keystore' ? 'console.kiosk.osKeystore' : 'console.kiosk.plainFile')}</dd>
      </dl>
      <h2 class="eyebrow">{t('console.kiosk.registration')}</h2>
      <p class="hint">{t('console.kiosk.registrationHint')}</p>
      <img class="registration-qr" src={qr} alt={t('console.kiosk.registrationQr')} width={240} height={240} />
    </section>
  );
}
