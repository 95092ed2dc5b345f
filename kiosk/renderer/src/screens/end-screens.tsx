// Where a sign-in ends: on the way back to the relying party, blocked (with the block's end and
// the ways out), or a fatal error with a way back to the relying party.
import { useApp } from '../app-context.js';
import type { State } from '../flow/login-machine.js';
import { CancelButton, Heading, failureText } from './parts.js';

export function LeavingScreen({ state }: { state: Extract<State, { name: 'leaving' }> }) {
  const { t, rpName } = useApp();
  const signedIn = state.reason === 'signed-in';
  return (
    <section class="view view-centered">
      <div class={signedIn ? 'status-icon status-ok' : 'status-icon status-neutral'} aria-hidden="true">
        {signedIn ? '✓' : '–'}
      </div>
      <Heading>
        <span id="leaving-title">
          {signedIn ? t('leaving.signedIn') : state.reason === 'cancelled' ? t('leaving.cancelled') : t('leaving.back')}
        </span>
      </Heading>
      <p>{t('leaving.takingBack', { rp: rpName.text })}</p>
    </section>
  );
}

export function BlockedScreen({ state }: { state: Extract<State, { name: 'blocked' }> }) {
  const { t, lang, actions, rpName } = useApp();
  const transactionSpent = state.failure.code === 'no_attempts_left';
  return (
    <section class="view">
      <div class="status-icon status-error" aria-hidden="true">
        !
      </div>
      <Heading>
        <span id="blocked-title">{t('blocked.title')}</span>
      </Heading>
      <p class="alert" role="alert" id="blocked-text">
        {failureText(t, lang, state.failure)}
      </p>
      <div class="actions actions-split">
        {!transactionSpent && (
          <button type="button" class="btn btn-secondary" onClick={() => actions.back()}>
            {t('blocked.otherId')}
          </button>
        )}
        {transactionSpent ? (
          <button type="button" class="btn btn-primary" onClick={() => void actions.cancel()}>
            {t('action.backTo', { rp: rpName.text })}
          </button>
        ) : (
          <CancelButton />
        )}
      </div>
    </section>
  );
}

export function FatalScreen({ state }: { state: Extract<State, { name: 'fatal' }> }) {
  const { t, lang, actions, machine, rpName } = useApp();
  return (
    <section class="view view-centered">
      <div class="status-icon status-error" aria-hidden="true">
        !
      </div>
      <Heading>
        <span id="fatal-title">{t('fatal.title')}</span>
      </Heading>
      <p id="error-text">{failureText(t, lang, state.failure)}</p>
      <p class="error-code" id="error-code">
        {t('fatal.code', { code: state.failure.code })}
      </p>
      {machine.details ? (
        <div class="actions">
          <button type="button" class="btn btn-primary" onClick={() => void actions.backToRelyingParty()}>
            {t('action.backTo', { rp: rpName.text })}
          </button>
        </div>
      ) : (
        <p class="hint">{t('fatal.goBack')}</p>
      )}
    </section>
  );
}
