// The device board: every biometric device the kiosk's main process finds (SBI discovery through the
// bridge), with its modality, status, trust verdict and the reasons for it, certificate expiry,
// serial number, port and SBI versions; refreshed when the main process reports a device change.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { TRUST_ISSUES, type TrustIssueCode } from '@signet-kiosk/shared/sbi';
import type { SbiDeviceView } from '@signet-kiosk/shared/kiosk';
import { formatDateTime } from '../i18n/date-time.js';
import { Heading, hasMessage } from '../screens/parts.js';
import { useConsole } from './console-context.js';
import { ConsoleFailureAlert } from './console-failure.js';
import type { ConsoleFailure } from './console-machine.js';

/** The port of a device service's endpoint (`http://127.0.0.1:4501`), or the endpoint when it has none. */
function portOf(endpoint: string): string {
  try {
    return new URL(endpoint).port || endpoint;
  } catch {
    return endpoint;
  }
}

function TrustReasons({ issues }: { issues: readonly string[] }) {
  const { t } = useConsole();
  const reasons = [
    ...new Set(
      issues.map((code) => {
        const category = Object.hasOwn(TRUST_ISSUES, code) ? TRUST_ISSUES[code as TrustIssueCode].category : undefined;
        const key = `console.trust.${category}`;
        return category && hasMessage(key) ? t(key) : t('console.trust.other', { code });
      }),
    ),
  ];
  return (
    <ul class="trust-reasons">
      {reasons.map((r) => (
        <li key={r}>{r}</li>
      ))}
    </ul>
  );
}

function DeviceCard({ device }: { device: SbiDeviceView }) {
  const { t, lang } = useConsole();
  const d = device.details;
  const expiry = d.certificateValidTo ? new Date(d.certificateValidTo) : undefined;
  return (
    <article class="console-device" data-device={d.serialNo} data-trusted={String(device.trusted)}>
      <h2>
        {t(`bio.${device.modality}.device`)}
        {device.subType ? <span dir="ltr"> ({device.subType})</span> : null}
      </h2>
      <dl>
        <dt>{t('console.devices.status')}</dt>
        <dd data-status>
          {t(
            `console.devices.status.${device.status === 'Not Ready' ? 'NotReady' : device.status === 'Not Registered' ? 'NotRegistered' : device.status}`,
          )}
        </dd>
        <dt>{t('console.devices.trust')}</dt>
        <dd data-verdict>
          <span class={device.trusted ? 'tag badge-ok' : 'tag badge-warn'}>
            {device.trusted ? t('console.devices.approved') : t('bio.notApproved')}
          </span>
          {!device.trusted && <TrustReasons issues={device.issues} />}
        </dd>
        <dt>{t('console.devices.certificateExpiry')}</dt>
        <dd data-expiry>
          {expiry && !Number.isNaN(expiry.getTime())
            ? formatDateTime(t, lang, expiry) + ` ${expiry.getFullYear()}`
            : '—'}
        </dd>
        <dt>{t('bio.details.serial')}</dt>
        <dd dir="ltr">{d.serialNo}</dd>
        <dt>{t('console.devices.port')}</dt>
        <dd dir="ltr" data-port>
          {portOf(d.endpoint)}
        </dd>
        <dt>{t('console.devices.specVersion')}</dt>
        <dd dir="ltr" data-spec>
          {d.specVersions?.join(', ') || '—'}
        </dd>
        {(d.make || d.model) && (
          <>
            <dt>{t('console.devices.model')}</dt>
            <dd dir="auto">{[d.provider, d.make, d.model].filter(Boolean).join(' · ')}</dd>
          </>
        )}
      </dl>
    </article>
  );
}

export function DeviceBoard() {
  const { t, kiosk } = useConsole();
  const [devices, setDevices] = useState<SbiDeviceView[] | undefined>(undefined);
  const [failure, setFailure] = useState<ConsoleFailure | undefined>(undefined);
  const [busy, setBusy] = useState(true);
  const search = useCallback(async () => {
    setBusy(true);
    const reply = await kiosk.sbi.discover({});
    setBusy(false);
    setDevices(reply.ok ? reply.value : []);
    setFailure(reply.ok ? undefined : { code: reply.error.code });
  }, [kiosk]);
  useEffect(() => {
    void search();
    return kiosk.sbi.onDeviceEvent(() => void search());
  }, [kiosk, search]);
  return (
    <section class="form" data-screen="devices" aria-busy={busy ? 'true' : 'false'}>
      <Heading>{t('console.devices.title')}</Heading>
      {devices === undefined ? <p class="hint">{t('bio.searching')}</p> : null}
      <ConsoleFailureAlert failure={failure} />
      <div class="console-devices">
        {devices?.map((d) => (
          <DeviceCard key={d.key} device={d} />
        ))}
      </div>
      <div class="actions">
        <button type="button" class="btn btn-secondary" disabled={busy} onClick={() => void search()}>
          {t('bio.searchAgain')}
        </button>
      </div>
    </section>
  );
}
