// The kiosk's identity and registration: its id and name, whether the server has it registered and
// enabled, the thumbprint of its key (what an administrator compares by eye), where the key is kept,
// and the registration request as a QR code.
import { useEffect, useState } from 'preact/hooks';
import type { KioskIdentityView, KioskStatus } from '@signet-kiosk/shared/kiosk';
import { Heading } from '../screens/parts.js';
import { useConsole } from './console-context.js';
import { ConsoleFailureAlert } from './console-failure.js';
import type { ConsoleFailure } from './console-machine.js';

/** What the status line says: the server's answer, or that it gave none. */
type StatusShown = 'loading' | 'enabled' | 'disabled' | 'unregistered' | 'unavailable';

const shownOf = (status: KioskStatus): StatusShown =>
  !status.registered ? 'unregistered' : status.enabled ? 'enabled' : 'disabled';

const STATUS_MESSAGES = {
  loading: 'console.kiosk.statusLoading',
  enabled: 'console.kiosk.statusEnabled',
  disabled: 'console.kiosk.statusDisabled',
  unregistered: 'console.kiosk.statusUnregistered',
  unavailable: 'console.kiosk.statusUnavailable',
} as const satisfies Record<StatusShown, string>;

/** The server's view of this kiosk, asked once when the panel opens. */
function KioskStatusLine() {
  const { t, kiosk } = useConsole();
  const [shown, setShown] = useState<StatusShown>('loading');
  useEffect(() => {
    let live = true;
    void kiosk.kiosk.status({}).then((reply) => {
      if (live) setShown(reply.ok ? shownOf(reply.value) : 'unavailable');
    });
    return () => {
      live = false;
    };
  }, [kiosk]);
  return (
    <dd data-kiosk-status={shown}>
      <span role="status">{t(STATUS_MESSAGES[shown])}</span>
    </dd>
  );
}

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
        <dt>{t('console.kiosk.status')}</dt>
        <KioskStatusLine />
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
