// The sign-in form for the chosen alternative: the fields of each of its factors (PIN, password,
// one-time code, knowledge questions, biometrics), checked here before they are sent.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { AuthFactorType, Challenge } from '@signet-kiosk/shared/esignet';
import { useApp } from '../app-context.js';
import { challengeFormat, challengeValid } from '../flow/factors.js';
import type { State } from '../flow/login-machine.js';
import type { MessageKey } from '../i18n/i18n.js';
import { Keypad } from '../kiosk/keypad.js';
import type { BioCapture } from './bio-block.js';
import { lazyPart } from './lazy-part.js';
import { kbiChallenge, KbiFields, kbiFieldsOf, type KbiAnswers } from './kbi-fields.js';
import { OtpBlock } from './otp-block.js';
import { BackButton, CancelButton, FailureAlert, Heading, PrimaryButton } from './parts.js';

/** The biometric part, with the SBI client's code behind it, in its own chunk. */
export const BioBlock = lazyPart(() => import('./bio-block.js').then((m) => m.BioBlock));

type FactorState = Extract<State, { name: 'factor' }>;

const TITLE: Partial<Record<AuthFactorType, MessageKey>> = {
  PIN: 'factor.PIN.title',
  PWD: 'factor.PWD.title',
  OTP: 'factor.OTP.title',
  KBI: 'factor.KBI.title',
  BIO: 'factor.BIO.title',
};

export function FactorScreen({ state }: { state: FactorState }) {
  const { t, machine, actions, kiosk } = useApp();
  const set = machine.alternatives[state.alternative] ?? [];
  const has = (f: AuthFactorType) => set.includes(f);
  const [pin, setPin] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const [otp, setOtp] = useState('');
  const kbiFields = kbiFieldsOf(machine.details?.configs);
  const [kbi, setKbi] = useState<KbiAnswers>({});
  const [invalid, setInvalid] = useState<Record<string, MessageKey>>({});
  const bioCapture = useRef<BioCapture | null>(null);
  const firstSecret = useRef<HTMLInputElement>(null);

  // After a refusal the secrets are cleared, so the next try starts clean (before the browser paints
  // the message: never a refusal on screen beside the refused secret).
  useLayoutEffect(() => {
    if (!state.failure) return;
    setPin('');
    setPassword('');
    setOtp('');
    firstSecret.current?.focus();
  }, [state.failure]);

  const needsOtpFirst = has('OTP') && !state.otp;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (state.busy) return;
    if (needsOtpFirst) {
      await actions.sendOtp();
      return;
    }
    const problems: Record<string, MessageKey> = {};
    const challenges: Challenge[] = [];
    const add = (type: AuthFactorType, challenge: string) =>
      challenges.push({ authFactorType: type, challenge, format: challengeFormat(type) });
    if (has('PIN')) {
      if (!challengeValid('PIN', pin)) problems.pin = 'factor.PIN.invalid';
      add('PIN', pin);
    }
    if (has('PWD')) {
      if (!challengeValid('PWD', password)) problems.password = 'factor.PWD.invalid';
      add('PWD', password);
    }
    if (has('OTP')) {
      if (!challengeValid('OTP', otp.trim())) problems.otp = 'factor.OTP.invalid';
      add('OTP', otp.trim());
    }
    if (has('KBI')) {
      for (const f of kbiFields) if (!(kbi[f.id] ?? '').trim()) problems[`kbi-${f.id}`] = 'factor.KBI.required';
      add('KBI', kbiChallenge(kbiFields, kbi));
    }
    setInvalid(problems);
    const firstProblem = Object.keys(problems)[0];
    if (firstProblem) {
      document.getElementById(firstProblem)?.focus();
      return;
    }
    if (has('BIO')) {
      // A fresh capture for every attempt: the server refuses a capture it has seen before.
      const challenge = await bioCapture.current?.();
      if (!challenge) return;
      add('BIO', challenge);
    }
    await actions.authenticate(challenges);
  };

  const title = set.length === 1 && TITLE[set[0]!] ? t(TITLE[set[0]!]!) : t('factor.multi.title');
  const primaryLabel = needsOtpFirst
    ? t('factor.OTP.send')
    : has('BIO')
      ? t('factor.BIO.scan')
      : has('OTP') && set.length === 1
        ? t('action.verify')
        : t('action.signIn');
  const fieldError = (id: string) => (
    <p class="field-error" id={`${id}-error`} hidden={!invalid[id]}>
      {invalid[id] ? t(invalid[id]) : ''}
    </p>
  );

  return (
    <section class="view">
      <Heading>
        <span id="factor-title">{title}</span>
      </Heading>
      <p class="signing-in-as">
        {t('factor.signingInAs')} <bdi dir="ltr">{state.individualId}</bdi>
      </p>
      <form class="form" noValidate onSubmit={(e) => void submit(e)}>
        {has('PIN') && (
          <div class="field">
            <label for="pin">{t('factor.PIN.label')}</label>
            <input
              id="pin"
              ref={firstSecret}
              type="password"
              inputMode="numeric"
              autoComplete="off"
              maxLength={6}
              dir="ltr"
              value={pin}
              aria-invalid={invalid.pin ? 'true' : 'false'}
              aria-describedby="pin-hint pin-error"
              onInput={(e) => setPin((e.currentTarget as HTMLInputElement).value.replace(/\D+/g, ''))}
            />
            <p class="hint" id="pin-hint">
              {t('factor.PIN.hint6')}
            </p>
            {fieldError('pin')}
            {kiosk && <Keypad value={pin} onChange={setPin} maxLength={6} controls="pin" />}
          </div>
        )}
        {has('PWD') && (
          <div class="field">
            <label for="password">{t('factor.PWD.label')}</label>
            <div class="input-with-button">
              <input
                id="password"
                ref={has('PIN') ? undefined : firstSecret}
                type={showPassword ? 'text' : 'password'}
                autoComplete="current-password"
                maxLength={30}
                dir="ltr"
                value={password}
                aria-invalid={invalid.password ? 'true' : 'false'}
                aria-describedby="password-error"
                onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)}
              />
              <button
                type="button"
                class="btn-inline"
                aria-controls="password"
                aria-pressed={showPassword ? 'true' : 'false'}
                onClick={() => setShowPassword(!showPassword)}
              >
                {showPassword ? t('factor.PWD.hide') : t('factor.PWD.show')}
              </button>
            </div>
            {fieldError('password')}
          </div>
        )}
        {has('OTP') && (
          <OtpBlock
            state={state}
            otp={otp}
            setOtp={setOtp}
            inputRef={has('PIN') || has('PWD') ? undefined : firstSecret}
            invalid={invalid.otp}
          >
            {kiosk && state.otp && <Keypad value={otp} onChange={setOtp} maxLength={6} controls="otp" />}
          </OtpBlock>
        )}
        {has('KBI') && <KbiFields fields={kbiFields} answers={kbi} onChange={setKbi} invalid={invalid} />}
        {has('BIO') && <BioBlock captureRef={bioCapture} busy={state.busy} />}
        <FailureAlert failure={state.failure} id="login-error" />
        <div class="actions">
          <PrimaryButton busy={state.busy}>{primaryLabel}</PrimaryButton>
        </div>
        <div class="actions actions-split">
          <BackButton />
          <CancelButton disabled={state.busy} />
        </div>
      </form>
    </section>
  );
}
