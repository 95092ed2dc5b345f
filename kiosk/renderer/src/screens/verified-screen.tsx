// Whom a kiosk verified in this sign-in ("Verified at <kiosk>: ••••5602"), shown on the resident's own
// device before the sign-in completes: on the consent screen, and on its own screen (Continue or
// Cancel) when the client asks no consent (NOCAPTURE), so that someone else's verification is seen
// before the relying party receives it.
import { useApp } from '../app-context.js';
import type { State, VerifiedAtKiosk } from '../flow/login-machine.js';
import { CancelButton, FailureAlert, Heading, PrimaryButton } from './parts.js';

export function VerifiedAtNotice({ verified }: { verified: VerifiedAtKiosk }) {
  const { t } = useApp();
  return (
    <div class="alert alert-info verified-at">
      <p id="verified-at">
        {/* The kiosk's name isolated from the sentence's direction (FSI … PDI), the ID left to right (LRI … PDI). */}
        {t('consent.verifiedAt', {
          kiosk: `\u2068${verified.kioskName}\u2069`,
          id: `\u2066${verified.maskedIndividualId}\u2069`,
        })}
      </p>
      <p class="hint">{t('consent.verifiedAtHint')}</p>
    </div>
  );
}

export function VerifiedScreen({ state }: { state: Extract<State, { name: 'verified' }> }) {
  const { t, actions, rpName } = useApp();
  return (
    <section class="view">
      <Heading>
        <span id="verified-title">{t('page.titleFor', { rp: rpName.text })}</span>
      </Heading>
      <VerifiedAtNotice verified={state.verified} />
      <form
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void actions.consent([], []);
        }}
      >
        <p class="hint">{t('consent.nothing')}</p>
        <FailureAlert failure={state.failure} id="verified-error" />
        <div class="actions actions-split">
          <CancelButton disabled={state.busy} />
          <PrimaryButton busy={state.busy}>{t('action.continue')}</PrimaryButton>
        </div>
      </form>
    </section>
  );
}
