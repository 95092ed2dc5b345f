// Picks the console's screen for the panel and the machine's state, and holds the small screens:
// sign-in (and the lock screen), the result of a capture, and the failure text every screen shows.
import { Heading } from '../screens/parts.js';
import { CaptureQuality } from './capture-quality.js';
import { useConsole } from './console-context.js';
import { ConsoleFailureAlert } from './console-failure.js';
import { isFinal, type ConsoleState } from './console-machine.js';
import { CodeScreen } from './code-screen.js';
import { DeviceBoard } from './device-board.js';
import { KioskPanel } from './kiosk-panel.js';
import { CaptureScreen, RequestScreen } from './request-screen.js';

function SignInScreen({ state }: { state: Extract<ConsoleState, { name: 'signed-out' | 'locked' }> }) {
  const { t, actions } = useConsole();
  const locked = state.name === 'locked';
  return (
    <section class="form" data-screen={state.name}>
      <Heading>{locked ? t('console.locked.title') : t('console.signIn.title')}</Heading>
      <p class="lead">{locked ? t('console.locked.lead') : t('console.signIn.lead')}</p>
      {locked && state.operator.name && (
        <p class="hint" dir="auto" data-locked-operator>
          {t('console.locked.operator', { name: state.operator.name })}
        </p>
      )}
      <ConsoleFailureAlert failure={state.failure} />
      <div class="actions">
        <button
          type="button"
          class={state.busy ? 'btn btn-primary is-busy' : 'btn btn-primary'}
          disabled={state.busy}
          aria-busy={state.busy ? 'true' : 'false'}
          onClick={() => void actions.signIn()}
        >
          <span class="btn-label">{locked ? t('console.locked.signInAgain') : t('console.signIn.action')}</span>
        </button>
      </div>
    </section>
  );
}

function ResultScreen({ state }: { state: Extract<ConsoleState, { name: 'result' }> }) {
  const { t, dispatch } = useConsole();
  const failure = state.failure;
  return (
    <section class="form" data-screen="result" data-outcome={failure ? 'failed' : 'authenticated'}>
      <Heading>{failure ? t('console.result.failedTitle') : t('console.result.successTitle')}</Heading>
      {failure ? <ConsoleFailureAlert failure={failure} /> : <p class="lead">{t('console.result.successLead')}</p>}
      <CaptureQuality quality={state.quality} />
      <div class="actions">
        {failure && !isFinal(failure) && (
          <button type="button" class="btn btn-primary" onClick={() => dispatch({ type: 'RETRY' })}>
            {t('console.result.retry')}
          </button>
        )}
        <button
          type="button"
          class={failure && !isFinal(failure) ? 'btn btn-secondary' : 'btn btn-primary'}
          onClick={() => dispatch({ type: 'NEXT_RESIDENT' })}
        >
          {t('console.result.next')}
        </button>
      </div>
    </section>
  );
}

export function ConsoleScreen() {
  const { machine } = useConsole();
  if (machine.panel === 'devices') return <DeviceBoard />;
  if (machine.panel === 'kiosk') return <KioskPanel />;
  const s = machine.state;
  switch (s.name) {
    case 'starting':
      return <section class="form" data-screen="starting" aria-busy="true" />;
    case 'signed-out':
    case 'locked':
      return <SignInScreen state={s} />;
    case 'code':
      return <CodeScreen state={s} />;
    case 'request':
      return <RequestScreen state={s} />;
    case 'capture':
      return <CaptureScreen state={s} />;
    case 'result':
      return <ResultScreen state={s} />;
  }
}
