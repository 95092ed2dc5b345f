// Biometrics through the one SbiClient door (window.kiosk.sbi, or the browser transport): trusted
// devices first with the best one pre-selected, untrusted ones marked "not approved" and never
// pre-selected, technical details behind a disclosure, the icon and words of each modality, progress
// while scanning, and errors in the resident's words. A device still busy (a cancelled scan cannot
// be stopped in SBI) is waited for with a visible countdown, then asked again. The form asks this
// block for a fresh capture on every attempt.
import type { MutableRef } from 'preact/hooks';
import { useEffect, useRef, useState } from 'preact/hooks';
import { esignetSbiTransactionId } from '@signet-kiosk/shared/sbi';
import { useApp } from '../app-context.js';
import type { MessageKey } from '../i18n/i18n.js';
import { SbiClientError, type SbiDeviceView, type SbiModality } from '../sbi/sbi-client.js';
import { FactorIcon } from './factor-icon.js';
import { useSecondsLeft } from './seconds-left.js';

/** Captures once and returns the BIO challenge, or null (the block shows why). */
export type BioCapture = () => Promise<string | null>;

type Phase = 'searching' | 'none' | 'ready' | 'waiting' | 'scanning' | 'error';

/** How many times a busy device is waited for and asked again before the resident is told. */
const BUSY_RETRIES = 3;

const MODALITY_NAME: Record<SbiModality, MessageKey> = {
  Finger: 'bio.Finger.device',
  Iris: 'bio.Iris.device',
  Face: 'bio.Face.device',
};
const MODALITY_PLACE: Record<SbiModality, MessageKey> = {
  Finger: 'bio.Finger.place',
  Iris: 'bio.Iris.place',
  Face: 'bio.Face.place',
};
const ERROR_TEXT: Record<string, MessageKey> = {
  no_device_service: 'bio.error.no_device_service',
  device_busy: 'bio.error.device_busy',
  capture_cancelled: 'bio.error.capture_cancelled',
  capture_timeout: 'bio.error.capture_timeout',
  capture_quality: 'bio.error.capture_quality',
  untrusted_capture: 'bio.error.untrusted_capture',
  device_error: 'bio.error.device_error',
};

export function BioBlock({ captureRef, busy }: { captureRef: MutableRef<BioCapture | null>; busy: boolean }) {
  const { t, sbi, machine } = useApp();
  const [phase, setPhase] = useState<Phase>('searching');
  const [devices, setDevices] = useState<SbiDeviceView[]>([]);
  const [chosen, setChosen] = useState<string | undefined>();
  const [error, setError] = useState<MessageKey | undefined>();
  const [progress, setProgress] = useState(0);
  const abort = useRef<AbortController | null>(null);
  const [searchRound, setSearchRound] = useState(0);
  /** A busy device may be asked again from then on (the transport says when). */
  const [retryAt, setRetryAt] = useState<number | undefined>();
  const retryIn = useSecondsLeft(retryAt);
  /** The same moment for the capture loop, which must not wait for a render to read it. */
  const retryAtRef = useRef<number | undefined>();
  const searchAgain = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const ctl = new AbortController();
    abort.current = ctl;
    setPhase('searching');
    setError(undefined);
    (async () => {
      const found = sbi ? await sbi.discover(ctl.signal) : [];
      if (ctl.signal.aborted) return;
      setDevices(found);
      const best = found.find((d) => d.trusted && d.status === 'Ready');
      setChosen(best?.key);
      setPhase(found.length > 0 ? 'ready' : 'none');
    })().catch(() => {
      if (!ctl.signal.aborted) setPhase('none');
    });
    return () => ctl.abort();
  }, [sbi, searchRound]);

  const device = devices.find((d) => d.key === chosen);
  const configs = machine.details?.configs;

  captureRef.current = async () => {
    if (!sbi || !device || !machine.details || !configs) {
      // Nothing found: say so and offer the search; found but none approved: ask for an approved one.
      setError(devices.length === 0 ? 'bio.error.no_device_service' : 'bio.error.choose_device');
      if (devices.length === 0) searchAgain.current?.focus();
      return null;
    }
    if (phase === 'scanning' || phase === 'waiting') return null;
    const ctl = new AbortController();
    abort.current = ctl;
    const seconds = configs['sbi.timeout.CAPTURE'] || configs['sbi.capture.timeout'] || 30;
    const count =
      device.modality === 'Face'
        ? 1
        : device.modality === 'Iris'
          ? configs['sbi.capture.count.iris']
          : configs['sbi.capture.count.finger'];
    setError(undefined);
    try {
      for (let attempt = 0; ; attempt++) {
        // The device said it is busy: wait, visibly, for the moment it gave, then ask again.
        const until = retryAtRef.current;
        if (until !== undefined && until > Date.now()) {
          setPhase('waiting');
          await delayUntil(until, ctl.signal);
        }
        retryAtRef.current = undefined;
        setRetryAt(undefined);
        const started = Date.now();
        setProgress(0);
        setPhase('scanning');
        const timer = window.setInterval(
          () => setProgress(Math.min(100, ((Date.now() - started) / (seconds * 10)) | 0)),
          250,
        );
        try {
          const { challenge } = await sbi.capture({
            deviceKey: device.key,
            transactionId: esignetSbiTransactionId(machine.details.transactionId),
            domainUri: location.origin,
            count: Math.max(1, count),
            timeoutMs: seconds * 1000,
            signal: ctl.signal,
          });
          setPhase('ready');
          return challenge;
        } catch (err) {
          if (!(err instanceof SbiClientError) || err.code !== 'device_busy' || attempt >= BUSY_RETRIES) throw err;
          const at = Date.now() + (err.retryAfterMs ?? 1000);
          retryAtRef.current = at;
          setRetryAt(at);
        } finally {
          clearInterval(timer);
        }
      }
    } catch (err) {
      setError(
        err instanceof SbiClientError ? (ERROR_TEXT[err.code] ?? 'bio.error.device_error') : 'bio.error.device_error',
      );
      setPhase('error');
      return null;
    } finally {
      setProgress(0);
    }
  };

  const title =
    phase === 'searching'
      ? t('bio.searching')
      : phase === 'none'
        ? t('bio.none')
        : phase === 'waiting'
          ? t('bio.waiting')
          : phase === 'scanning' && device
            ? t(MODALITY_PLACE[device.modality])
            : device
              ? t(MODALITY_NAME[device.modality])
              : t('bio.choose');

  return (
    <div class="factor bio" data-bio-phase={phase}>
      <div class="bio-status" aria-live="polite">
        <FactorIcon type={device?.modality ?? 'BIO'} />
        <div>
          <p class="notice-title" data-bio-title>
            {title}
          </p>
          {phase === 'none' && <p class="hint">{t('bio.noneHint')}</p>}
          {phase === 'waiting' && retryIn > 0 && (
            <p class="hint" data-bio-countdown>
              {t('bio.retryIn', { seconds: retryIn })}
            </p>
          )}
        </div>
      </div>
      {devices.length > 0 && (
        <fieldset class="bio-devices" disabled={phase === 'scanning' || phase === 'waiting' || busy}>
          <legend>{t('bio.devices')}</legend>
          {devices.map((d) => (
            <div class="device" key={d.key} data-trusted={String(d.trusted)}>
              <label class="check">
                <input
                  type="radio"
                  name="bio-device"
                  value={d.key}
                  checked={chosen === d.key}
                  disabled={!d.trusted || d.status !== 'Ready'}
                  onChange={() => setChosen(d.key)}
                />
                <FactorIcon type={d.modality} />
                <span>
                  {t(MODALITY_NAME[d.modality])}
                  {!d.trusted && <span class="tag tag-muted"> {t('bio.notApproved')}</span>}
                  {d.trusted && d.status !== 'Ready' && <span class="tag tag-muted"> {t('bio.notReady')}</span>}
                </span>
              </label>
              <details class="device-details">
                <summary>{t('bio.details')}</summary>
                <dl>
                  <dt>{t('bio.details.endpoint')}</dt>
                  <dd dir="ltr">{d.details.endpoint}</dd>
                  <dt>{t('bio.details.serial')}</dt>
                  <dd dir="ltr">{d.details.serialNo}</dd>
                  {d.details.certificateSubject && (
                    <>
                      <dt>{t('bio.details.certificate')}</dt>
                      <dd dir="ltr">{d.details.certificateSubject}</dd>
                    </>
                  )}
                  {d.issues.length > 0 && (
                    <>
                      <dt>{t('bio.details.issues')}</dt>
                      <dd dir="ltr">{d.issues.join(', ')}</dd>
                    </>
                  )}
                </dl>
              </details>
            </div>
          ))}
        </fieldset>
      )}
      {(phase === 'scanning' || phase === 'waiting') && (
        <div class="bio-progress">
          {phase === 'scanning' && <progress max={100} value={progress} aria-label={t('bio.progress')} />}
          <button type="button" class="btn btn-link" onClick={() => abort.current?.abort()}>
            {t('bio.cancelScan')}
          </button>
        </div>
      )}
      <div class="alert" role="alert" hidden={!error}>
        {error ? t(error) : ''}
      </div>
      <p class="resend">
        <button
          type="button"
          ref={searchAgain}
          class="btn btn-link"
          disabled={phase === 'scanning' || phase === 'waiting' || phase === 'searching'}
          onClick={() => setSearchRound(searchRound + 1)}
        >
          {t('bio.searchAgain')}
        </button>
      </p>
    </div>
  );
}

/** Resolves at `until` (ms since the epoch); a cancel rejects it as a cancelled capture. */
function delayUntil(until: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const cancelled = () =>
      reject(new SbiClientError('capture_cancelled', 'The wait for the busy device was cancelled.'));
    if (signal.aborted) return cancelled();
    const timer = window.setTimeout(resolve, Math.max(0, until - Date.now()));
    signal.addEventListener('abort', () => (clearTimeout(timer), cancelled()), { once: true });
  });
}
