// "Verify at an assisted kiosk": the link code, large and as a QR, for the operator to type or
// scan; its time left and a new code once it expires; then the kiosk's progress, until the app
// moves on to consent when the kiosk has verified the resident.
import { formatLinkCode } from '@signet-kiosk/shared/esignet';
import { useApp } from '../app-context.js';
import type { State } from '../flow/login-machine.js';
import { lazyPart } from './lazy-part.js';
import { BackButton, CancelButton, FailureAlert, Heading, PrimaryButton, Spinner } from './parts.js';
import { useSecondsLeft } from './seconds-left.js';

/** The QR code (and its encoder) in its own chunk. */
const LinkQr = lazyPart(() => import('./link-qr.js').then((m) => m.LinkQr));

type AssistedState = Extract<State, { name: 'assisted' }>;

export function AssistedScreen({ state }: { state: AssistedState }) {
  const { t, actions } = useApp();
  const link = state.link;
  const stage = link?.stage;
  const secondsLeft = useSecondsLeft(stage === 'WAITING' ? link!.expiresAt : undefined);
  const shown = link ? formatLinkCode(link.code) : '';
  return (
    <section class="view assisted" data-link-stage={stage ?? 'NONE'}>
      <Heading>
        <span id="assisted-title">{t('assisted.title')}</span>
      </Heading>
      {!link && state.busy && <Spinner text={t('assisted.getting')} />}
      {link && stage !== 'LINKED' && (
        <>
          <p class="lead">{t('assisted.lead')}</p>
          <div class={stage === 'EXPIRED' ? 'link-code-box is-expired' : 'link-code-box'}>
            <p class="link-code-label" id="link-code-label">
              {t('assisted.codeLabel')}
            </p>
            {/* Latin letters and digits, read left to right in every language. */}
            <p class="link-code" id="link-code" dir="ltr" aria-describedby="link-code-label">
              {shown}
            </p>
            {stage === 'WAITING' && <LinkQr text={shown} label={t('assisted.qrLabel', { code: shown })} />}
          </div>
        </>
      )}
      <div class="link-status" aria-live="polite" id="link-status">
        {stage === 'WAITING' && (
          <>
            <p class="link-expiry" data-link-timer>
              {t('assisted.expiresIn', { seconds: secondsLeft })}
            </p>
            <p class="hint">
              <span class="dot-pulse" aria-hidden="true" /> {t('assisted.waiting')}
            </p>
          </>
        )}
        {stage === 'EXPIRED' && <p class="alert alert-info">{t('assisted.expired')}</p>}
        {stage === 'LINKED' && (
          <>
            <p class="linked" id="linked-text">
              {/* The kiosk's name may be in another script or direction than the sentence: isolated (FSI … PDI). */}
              {t('assisted.linked', { kiosk: `\u2068${link!.kioskName ?? ''}\u2069` })}
            </p>
            <p class="hint">{t('assisted.linkedHint')}</p>
          </>
        )}
      </div>
      <FailureAlert failure={state.failure} id="assisted-error" />
      {(stage === 'EXPIRED' || (!link && !state.busy)) && (
        <div class="actions">
          <PrimaryButton type="button" busy={state.busy} onClick={() => void actions.requestLinkCode()}>
            {t('assisted.newCode')}
          </PrimaryButton>
        </div>
      )}
      <div class="actions actions-split">
        <BackButton />
        <CancelButton disabled={state.busy} />
      </div>
    </section>
  );
}
