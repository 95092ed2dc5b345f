// The operator enters the resident's link code: typed on the on-screen letter keypad or a keyboard,
// pasted, or typed by a keyboard-wedge QR scanner (which ends with Enter); kept as the server reads it.
import { LINK_CODE_ALPHABET, formatLinkCode } from '@signet-kiosk/shared/esignet';
import { Heading } from '../screens/parts.js';
import { useConsole } from './console-context.js';
import { codeComplete, type ConsoleState } from './console-machine.js';
import { ConsoleFailureAlert } from './console-failure.js';

/** How the field shows the code so far: `ABCD-EFGH` once past four characters. */
const shown = (code: string): string => (code.length > 4 ? formatLinkCode(code) : code);

export function CodeScreen({ state }: { state: Extract<ConsoleState, { name: 'code' }> }) {
  const { t, dispatch, actions } = useConsole();
  const type = (typed: string) => dispatch({ type: 'CODE_TYPED', typed });
  const complete = codeComplete(state.typed);
  return (
    <form
      class="form"
      data-screen="code"
      onSubmit={(e) => {
        e.preventDefault();
        if (complete && !state.busy) void actions.openLink();
      }}
    >
      <Heading>{t('console.code.title')}</Heading>
      <p class="lead">{t('console.code.lead')}</p>
      <div class="field">
        <label for="link-code">{t('console.code.label')}</label>
        <input
          id="link-code"
          class="link-code-input"
          dir="ltr"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          inputMode="text"
          aria-describedby="link-code-hint"
          aria-invalid={state.failure ? 'true' : 'false'}
          value={shown(state.typed)}
          onInput={(e) => type((e.currentTarget as HTMLInputElement).value)}
          disabled={state.busy}
          autoFocus
        />
        <p class="hint" id="link-code-hint">
          {t('console.code.hint')}
        </p>
      </div>
      <ConsoleFailureAlert failure={state.failure} />
      <div class="keypad letter-keypad" role="group" aria-label={t('keypad.label')} dir="ltr">
        {[...LINK_CODE_ALPHABET].map((c) => (
          <button
            type="button"
            key={c}
            class="key"
            aria-controls="link-code"
            disabled={state.busy || complete}
            onClick={() => type(state.typed + c)}
          >
            {c}
          </button>
        ))}
        <button type="button" class="key key-action" aria-controls="link-code" onClick={() => type('')}>
          {t('keypad.clear')}
        </button>
        <button
          type="button"
          class="key key-action"
          aria-controls="link-code"
          aria-label={t('keypad.delete')}
          onClick={() => type(state.typed.slice(0, -1))}
        >
          <span aria-hidden="true">⌫</span>
        </button>
      </div>
      <div class="actions">
        <button
          type="submit"
          class={state.busy ? 'btn btn-primary is-busy' : 'btn btn-primary'}
          disabled={!complete || state.busy}
          aria-busy={state.busy ? 'true' : 'false'}
        >
          <span class="btn-label">{t('console.code.open')}</span>
        </button>
      </div>
    </form>
  );
}
