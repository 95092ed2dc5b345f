// Consent: the claims the relying party asks for, essential ones locked on, optional ones to
// choose, permissions; Allow issues the code, Cancel declines (access_denied). After a kiosk
// verified the resident, first whom it verified (the masked ID), so that someone else's
// verification in this sign-in is seen before anything is shared.
import { useState } from 'preact/hooks';
import { useApp } from '../app-context.js';
import type { State } from '../flow/login-machine.js';
import { CancelButton, FailureAlert, Heading, PrimaryButton, hasMessage } from './parts.js';
import { VerifiedAtNotice } from './verified-screen.js';

type ConsentState = Extract<State, { name: 'consent' }>;

const humanise = (id: string) =>
  id
    .replace(/[_.-]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/^./, (c) => c.toUpperCase());

export function ConsentScreen({ state }: { state: ConsentState }) {
  const { t, actions, rpName } = useApp();
  const claims = state.claims;
  const essential = claims.essentialClaims;
  const voluntary = claims.voluntaryClaims.filter((c) => !essential.includes(c));
  const scopes = claims.authorizeScopes;
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [chosenScopes, setChosenScopes] = useState<Set<string>>(new Set());
  const available = new Map(claims.claimStatus.map((s) => [s.claim, s.available]));
  const claimName = (c: string) => (hasMessage(`claim.${c}`) ? t(`claim.${c}` as 'claim.name') : humanise(c));
  const toggle = (set: Set<string>, value: string, on: boolean) => {
    const next = new Set(set);
    if (on) next.add(value);
    else next.delete(value);
    return next;
  };
  const row = (name: string, checked: boolean, locked: boolean, onChange?: (on: boolean) => void) => (
    <li key={name}>
      <label class="check">
        <input
          type="checkbox"
          value={name}
          checked={checked}
          disabled={locked || state.busy}
          onChange={(e) => onChange?.((e.currentTarget as HTMLInputElement).checked)}
        />
        <span>{claimName(name)}</span>
        {available.get(name) === false && <span class="tag tag-muted">{t('consent.notOnRecord')}</span>}
      </label>
    </li>
  );
  const allOn = voluntary.length > 0 && voluntary.every((c) => chosen.has(c));
  return (
    <section class="view">
      <Heading>
        <span id="consent-title">{t('consent.title')}</span>
      </Heading>
      <p class="lead">{t('consent.lead', { rp: rpName.text })}</p>
      {state.verified && <VerifiedAtNotice verified={state.verified} />}
      <form
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void actions.consent([...new Set([...essential, ...chosen])], [...chosenScopes]);
        }}
      >
        {essential.length > 0 && (
          <fieldset class="claims">
            <legend>{t('consent.required')}</legend>
            <p class="hint">{t('consent.requiredHint')}</p>
            <ul class="claim-list">{essential.map((c) => row(c, true, true))}</ul>
          </fieldset>
        )}
        {voluntary.length > 0 && (
          <fieldset class="claims">
            <legend>{t('consent.optional')}</legend>
            <p class="hint">{t('consent.optionalHint')}</p>
            <label class="check check-all">
              <input
                type="checkbox"
                checked={allOn}
                disabled={state.busy}
                onChange={(e) =>
                  setChosen((e.currentTarget as HTMLInputElement).checked ? new Set(voluntary) : new Set())
                }
              />
              <span>{t('consent.shareAll')}</span>
            </label>
            <ul class="claim-list">
              {voluntary.map((c) => row(c, chosen.has(c), false, (on) => setChosen(toggle(chosen, c, on))))}
            </ul>
          </fieldset>
        )}
        {scopes.length > 0 && (
          <fieldset class="claims">
            <legend>{t('consent.permissions')}</legend>
            <ul class="claim-list">
              {scopes.map((s) =>
                row(s, chosenScopes.has(s), false, (on) => setChosenScopes(toggle(chosenScopes, s, on))),
              )}
            </ul>
          </fieldset>
        )}
        {essential.length + voluntary.length + scopes.length === 0 && <p class="hint">{t('consent.nothing')}</p>}
        <FailureAlert failure={state.failure} id="consent-error" />
        <div class="actions actions-split">
          <CancelButton disabled={state.busy} />
          <PrimaryButton busy={state.busy}>{t('consent.allow')}</PrimaryButton>
        </div>
      </form>
    </section>
  );
}
