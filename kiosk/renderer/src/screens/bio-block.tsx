// Biometrics through the one SbiClient door (window.kiosk.sbi, or the browser transport): trusted
// devices first with the best one pre-selected, untrusted ones marked "not approved" and never
// pre-selected, technical details behind a disclosure, progress while scanning, and errors in the
// resident's words. The form asks this block for a fresh capture on every attempt.
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

type Phase = 'searching' | 'none' | 'ready' | 'scanning' | 'error';

const MODALITY_NAME: Record<SbiModality, MessageKey> = { Finger: 'bio.Finger.device', Iris: 'bio.Iris.device', Face: 'bio.Face.device' };
const MODALITY_PLACE: Record<SbiModality, MessageKey> = { Finger: 'bio.Finger.place', Iris: 'bio.Iris.place', Face: 'bio.Face.place' };
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
      setError('bio.error.choose_device');
      return null;
    }
    // The device said it is busy: the scan waits for the moment it gave, visibly.
    if (retryIn > 0) return null;
    const ctl = new AbortController();
    abort.current = ctl;
    const seconds = configs['sbi.timeout.CAPTURE'] || configs['sbi.capture.timeout'] || 30;
    const started = Date.now();
    const timer = window.setInterval(() => setProgress(Math.min(100, ((Date.now() - started) / (seconds * 10)) | 0)), 250);
    setPhase('scanning');
    setError(undefined);
    try {
      const count = device.modality === 'Face' ? 1 : device.modality === 'Iris' ? configs['sbi.capture.count.iris'] : configs['sbi.capture.count.finger'];
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
      setError(err instanceof SbiClientError ? (ERROR_TEXT[err.code] ?? 'bio.error.device_error') : 'bio.error.device_error');
      if (err instanceof SbiClientError && err.code === 'device_busy' && err.retryAfterMs) setRetryAt(Date.now() + err.retryAfterMs);
      setPhase('error');
      return null;
    } finally {
      clearInterval(timer);
      setProgress(0);
    }
  };

  return (
    <div class="factor bio" data-bio-phase={phase}>
      <div class="bio-status" aria-live="polite">
        <FactorIcon type={device?.modality ?? 'Finger'} />
        <div>
          <p class="notice-title" data-bio-title>
            {phase === 'searching' ? t('bio.searching') : phase === 'none' ? t('bio.none') : phase === 'scanning' && device ? t(MODALITY_PLACE[device.modality]) : device ? t(MODALITY_NAME[device.modality]) : t('bio.choose')}
          </p>
          {phase === 'none' && <p class="hint">{t('bio.noneHint')}</p>}
        </div>
      </div>
      {devices.length > 0 && (
        <fieldset class="bio-devices" disabled={phase === 'scanning' || busy}>
          <legend>{t('bio.devices')}</legend>
          {devices.map((d) => (
            <div class="device" key={d.key}>
              <label class="check">
                <input type="radio" name="bio-device" value={d.key} checked={chosen === d.key} disabled={!d.trusted || d.status !== 'Ready'} onChange={() => setChosen(d.key)} />
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
                </dl>
              </details>
            </div>
          ))}
        </fieldset>
      )}
      {phase === 'scanning' && (
        <div class="bio-progress">
          <progress max={100} value={progress} aria-label={t('bio.progress')} />
          <button type="button" class="btn btn-link" onClick={() => abort.current?.abort()}>
            {t('bio.cancelScan')}
          </button>
        </div>
      )}
      <div class="alert" role="alert" hidden={!error}>
        {error ? t(error) : ''}
        {retryIn > 0 ? ` ${t('bio.retryIn', { seconds: retryIn })}` : ''}
      </div>
      <p class="resend">
        <button type="button" class="btn btn-link" disabled={phase === 'scanning' || phase === 'searching'} onClick={() => setSearchRound(searchRound + 1)}>
          {t('bio.searchAgain')}
        </button>
      </p>
    </div>
  );
}
