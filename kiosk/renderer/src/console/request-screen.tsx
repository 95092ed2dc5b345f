// The resident's request as the operator sees it (relying party, requested claims, in the screen's
// language), the resident's ID, the device and modality for the capture; then the capture itself,
// with its elapsed time against the device's timeout and a cancel.
import { useEffect, useState } from 'preact/hooks';
import type { SbiDeviceView, SbiModality } from '@signet-kiosk/shared/kiosk';
import { hasMessage, Heading } from '../screens/parts.js';
import { pickLocalised } from '../i18n/languages.js';
import { DigitKeypad } from '../kiosk/keypad.js';
import { CaptureQuality } from './capture-quality.js';
import { useConsole } from './console-context.js';
import { ConsoleFailureAlert } from './console-failure.js';
import type { ConsoleFailure, ConsoleState } from './console-machine.js';

const MODALITIES: readonly SbiModality[] = ['Finger', 'Iris', 'Face'];

function RelyingPartyOf({ state }: { state: Extract<ConsoleState, { name: 'request' | 'capture' }> }) {
  const { t, lang } = useConsole();
  const link = state.linked.link;
  const [logoOk, setLogoOk] = useState(true);
  const name = pickLocalised(link.clientName, lang);
  const rp = name.text || t('rp.fallbackName');
  const logoUrl = /^https:\/\//.test(link.logoUrl) ? link.logoUrl : undefined;
  return (
    <header class="rp">
      <div class="rp-logo" aria-hidden="true">
        {logoUrl && logoOk ? (
          <img src={logoUrl} alt="" width={48} height={48} onError={() => setLogoOk(false)} />
        ) : (
          <span>{[...rp.trim()][0]?.toUpperCase() ?? '?'}</span>
        )}
      </div>
      <div class="rp-text">
        <p class="eyebrow">{t('console.request.for')}</p>
        <p class="rp-name" id="rp-name" lang={name.lang}>
          {rp}
        </p>
      </div>
    </header>
  );
}

function Claims({ claims, title }: { claims: readonly string[]; title: string }) {
  const { t } = useConsole();
  if (claims.length === 0) return null;
  return (
    <section class="claims">
      <h2 class="eyebrow">{title}</h2>
      <ul class="claim-list">
        {claims.map((c) => {
          const key = `claim.${c}`;
          return <li key={c}>{hasMessage(key) ? t(key) : c}</li>;
        })}
      </ul>
    </section>
  );
}

type DeviceList = { devices: SbiDeviceView[] } | { failure: ConsoleFailure } | undefined;

export function RequestScreen({ state }: { state: Extract<ConsoleState, { name: 'request' }> }) {
  const { t, dispatch, actions, kiosk } = useConsole();
  const [found, setFound] = useState<DeviceList>(undefined);
  const [deviceKey, setDeviceKey] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void kiosk.sbi.discover({}).then((reply) => {
      if (live) setFound(reply.ok ? { devices: reply.value } : { failure: { code: reply.error.code } });
    });
    return () => {
      live = false;
    };
  }, [kiosk]);
  const usable = found && 'devices' in found ? found.devices.filter((d) => d.trusted && d.status === 'Ready') : [];
  const modalities = MODALITIES.filter((m) => usable.some((d) => d.modality === m));
  const modality = state.modality && modalities.includes(state.modality) ? state.modality : modalities[0];
  const devices = usable.filter((d) => d.modality === modality);
  const chosen = devices.find((d) => d.key === deviceKey) ?? devices[0];
  const link = state.linked.link;
  return (
    <form
      class="form"
      data-screen="request"
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen && modality && state.linked.individualId) void actions.capture(chosen.key, modality);
      }}
    >
      <RelyingPartyOf state={state} />
      <Heading>{t('console.request.title')}</Heading>
      <Claims claims={link.essentialClaims} title={t('consent.required')} />
      <Claims claims={link.voluntaryClaims} title={t('consent.optional')} />
      {/* Against a relayed code: someone hands the resident a code from their own sign-in to be verified into. */}
      <p class="lead" data-notice="own-device">
        {t('console.request.ownDevice')}
      </p>
      <ConsoleFailureAlert failure={state.failure} />
      <div class="field">
        <label for="individual-id">{t('console.request.idLabel')}</label>
        <input
          id="individual-id"
          dir="ltr"
          inputMode="numeric"
          autocomplete="off"
          spellcheck={false}
          value={state.linked.individualId}
          onInput={(e) =>
            dispatch({ type: 'ID_TYPED', individualId: (e.currentTarget as HTMLInputElement).value.trim() })
          }
        />
      </div>
      <DigitKeypad
        value={state.linked.individualId}
        onChange={(individualId) => dispatch({ type: 'ID_TYPED', individualId })}
        maxLength={100}
        controls="individual-id"
        words={{ label: t('keypad.label'), clear: t('keypad.clear'), delete: t('keypad.delete') }}
      />
      {found === undefined ? (
        <p class="hint">{t('bio.searching')}</p>
      ) : 'failure' in found || modalities.length === 0 ? (
        <div class="alert" role="alert">
          {t('console.request.noDevice')}
        </div>
      ) : (
        <>
          <fieldset class="field console-choice">
            <legend>{t('console.request.modality')}</legend>
            {modalities.map((m) => (
              <label key={m} class="check">
                <input
                  type="radio"
                  name="modality"
                  value={m}
                  checked={m === modality}
                  onChange={() => dispatch({ type: 'MODALITY_CHOSEN', modality: m })}
                />
                <span>{t(`bio.${m}.device`)}</span>
              </label>
            ))}
          </fieldset>
          <fieldset class="field console-choice">
            <legend>{t('bio.choose')}</legend>
            {devices.map((d) => (
              <label key={d.key} class="check">
                <input
                  type="radio"
                  name="device"
                  value={d.key}
                  checked={d.key === chosen?.key}
                  onChange={() => setDeviceKey(d.key)}
                />
                <span dir="auto">
                  {[d.details.make, d.details.model].filter(Boolean).join(' ') || d.details.serialNo}
                  {d.subType ? ` (${d.subType})` : ''}
                </span>
              </label>
            ))}
          </fieldset>
        </>
      )}
      <div class="actions actions-split">
        <button type="button" class="btn btn-secondary" onClick={() => dispatch({ type: 'NEXT_RESIDENT' })}>
          {t('action.cancel')}
        </button>
        <button type="submit" class="btn btn-primary" disabled={!chosen || !state.linked.individualId}>
          {t('console.request.capture')}
        </button>
      </div>
    </form>
  );
}

export function CaptureScreen({ state }: { state: Extract<ConsoleState, { name: 'capture' }> }) {
  const { t, actions } = useConsole();
  const configs = state.linked.link.configs;
  const seconds = configs['sbi.timeout.CAPTURE'] || configs['sbi.capture.timeout'] || 30;
  const [elapsed, setElapsed] = useState(0);
  useEffect(() => {
    const started = Date.now();
    const timer = setInterval(() => setElapsed(Math.min(seconds, Math.floor((Date.now() - started) / 1000))), 500);
    return () => clearInterval(timer);
  }, [seconds]);
  return (
    <section class="form" data-screen="capture">
      <RelyingPartyOf state={state} />
      <Heading>{t(`bio.${state.modality}.place`)}</Heading>
      <p class="lead">{t('console.capture.lead')}</p>
      {state.quality ? (
        <div class="bio-status" aria-live="polite" data-capture-phase="submitting">
          <div class="bio-spinner" aria-hidden="true" />
          <p>{t('console.capture.sending')}</p>
        </div>
      ) : (
        <div class="bio-status" aria-live="polite" data-capture-phase="scanning">
          <div class="bio-spinner" aria-hidden="true" />
          <label class="bio-progress">
            <span>{t('bio.progress')}</span>
            <progress max={seconds} value={elapsed} />
          </label>
        </div>
      )}
      <CaptureQuality quality={state.quality} />
      {!state.quality && (
        <div class="actions">
          <button type="button" class="btn btn-secondary" onClick={() => void actions.cancelCapture()}>
            {t('bio.cancelScan')}
          </button>
        </div>
      )}
    </section>
  );
}
