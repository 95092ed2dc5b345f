// The start screen: the resident's ID number (UIN or VID).
import { useState } from 'preact/hooks';
import { useApp } from '../app-context.js';
import type { State } from '../flow/login-machine.js';
import { Keypad } from '../kiosk/keypad.js';
import { CancelButton, Heading, PrimaryButton, failureText } from './parts.js';

export function StartScreen({ state }: { state: Extract<State, { name: 'start' }> }) {
  const { t, lang, actions, kiosk } = useApp();
  const [individualId, setIndividualId] = useState(state.individualId);
  const failure = state.failure;
  return (
    <section class="view">
      <Heading>
        <span id="start-title">{t('start.title')}</span>
      </Heading>
      <form
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          actions.enterId(individualId);
        }}
      >
        <div class="field">
          <label for="individual-id">{t('start.idLabel')}</label>
          <input
            id="individual-id"
            name="individualId"
            type="text"
            inputMode="numeric"
            autoComplete="username"
            autoCapitalize="characters"
            spellcheck={false}
            maxLength={64}
            dir="ltr"
            value={individualId}
            aria-invalid={failure ? 'true' : 'false'}
            aria-describedby="individual-id-hint individual-id-error"
            onInput={(e) => setIndividualId((e.currentTarget as HTMLInputElement).value)}
          />
          <p class="hint" id="individual-id-hint">
            {t('start.idHint')}
          </p>
          <p class="field-error" id="individual-id-error" hidden={!failure}>
            {failure ? failureText(t, lang, failure) : ''}
          </p>
        </div>
        {kiosk && <Keypad value={individualId} onChange={setIndividualId} maxLength={64} controls="individual-id" />}
        <div class="actions actions-split">
          <CancelButton />
          <PrimaryButton>{t('action.continue')}</PrimaryButton>
        </div>
      </form>
    </section>
  );
}
