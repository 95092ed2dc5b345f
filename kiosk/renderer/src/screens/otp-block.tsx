// The one-time code: where it was sent, the code field, and a resend button that opens when the
// countdown the server configures (resend.otp.delay.secs) has run out.
import type { ComponentChildren, RefObject } from 'preact';
import { useApp } from '../app-context.js';
import type { State } from '../flow/login-machine.js';
import type { MessageKey } from '../i18n/i18n.js';
import { useSecondsLeft } from './seconds-left.js';

type FactorState = Extract<State, { name: 'factor' }>;

export function OtpBlock(props: {
  state: FactorState;
  otp: string;
  setOtp(v: string): void;
  inputRef?: RefObject<HTMLInputElement>;
  invalid?: MessageKey;
  children?: ComponentChildren;
}) {
  const { t, machine, actions, demo } = useApp();
  const { state } = props;
  const delay = machine.details?.configs['resend.otp.delay.secs'] ?? 30;
  const secondsLeft = useSecondsLeft(state.otp ? state.otp.sentAt + delay * 1000 : undefined);
  if (!state.otp) {
    return <p class="hint otp-intro">{t('factor.OTP.intro')}</p>;
  }
  const destinations = state.otp.destinations;
  const outbox = `/v1/esignet/dev/outbox?individualId=${encodeURIComponent(state.individualId)}`;
  return (
    <div class="otp-sent">
      <p class="otp-destination" aria-live="polite" data-otp-destination>
        {destinations.length > 0
          ? t('factor.OTP.sentTo', { destinations: destinations.join(' · ') })
          : t('factor.OTP.sentToRecord')}
      </p>
      <div class="field">
        <label for="otp">{t('factor.OTP.label')}</label>
        <input
          id="otp"
          ref={props.inputRef}
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          spellcheck={false}
          dir="ltr"
          value={props.otp}
          aria-invalid={props.invalid ? 'true' : 'false'}
          aria-describedby="otp-error otp-demo"
          onInput={(e) => props.setOtp((e.currentTarget as HTMLInputElement).value.replace(/[^A-Za-z0-9]+/g, ''))}
        />
        <p class="field-error" id="otp-error" hidden={!props.invalid}>
          {props.invalid ? t(props.invalid) : ''}
        </p>
        {demo && (
          <p class="demo-hint" id="otp-demo">
            {t('factor.OTP.demo')}{' '}
            <a href={outbox} target="_blank" rel="noopener noreferrer">
              {outbox}
            </a>
          </p>
        )}
      </div>
      {props.children}
      <p class="resend">
        <button
          type="button"
          class="btn btn-link"
          disabled={secondsLeft > 0 || state.busy}
          onClick={() => void actions.sendOtp()}
        >
          {t('factor.OTP.resend')}
        </button>{' '}
        <span data-otp-timer>{secondsLeft > 0 ? t('factor.OTP.resendIn', { seconds: secondsLeft }) : ''}</span>
      </p>
    </div>
  );
}
