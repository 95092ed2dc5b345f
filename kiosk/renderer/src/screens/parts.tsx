// Pieces every screen uses: its focused heading, the failure alert (with attempts left and the
// block's end), the Cancel button and the busy primary button.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useApp } from '../app-context.js';
import type { Failure } from '../flow/login-machine.js';
import en from '../i18n/catalogues/en.json';
import { formatDateTime } from '../i18n/date-time.js';
import type { MessageKey, Translator } from '../i18n/i18n.js';

/** The screen's title; it takes the focus when the screen appears, so screen readers announce it. */
export function Heading({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: false });
  }, []);
  return (
    <h1 class="view-title" tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

export const hasMessage = (key: string): key is MessageKey => Object.hasOwn(en, key);

/** The resident's words for a failure: what happened, then what is left. */
export function failureText(t: Translator['t'], lang: string, failure: Failure): string {
  const key = `error.${failure.code}`;
  const parts = [
    hasMessage(key)
      ? t(key)
      : failure.code.startsWith('bio_')
        ? t('error.bio_capture')
        : t('error.generic', { code: failure.code }),
  ];
  if (failure.blockedUntil)
    parts.push(t('error.blockedUntil', { time: formatDateTime(t, lang, new Date(failure.blockedUntil)) }));
  else if (failure.attemptsLeft !== undefined && failure.attemptsLeft > 0)
    parts.push(t('error.attemptsLeft', { count: failure.attemptsLeft }));
  else if (failure.attemptsLeft === 0 && failure.code !== 'no_attempts_left') parts.push(t('error.no_attempts_left'));
  return parts.join(' ');
}

export function FailureAlert({ failure, id = 'screen-error' }: { failure?: Failure; id?: string }) {
  const { t, lang } = useApp();
  return (
    <div id={id} class="alert" role="alert" hidden={!failure}>
      {failure ? failureText(t, lang, failure) : ''}
    </div>
  );
}

export function CancelButton({ disabled }: { disabled?: boolean }) {
  const { t, actions } = useApp();
  return (
    <button
      type="button"
      class="btn btn-secondary"
      data-action="cancel"
      disabled={disabled}
      onClick={() => void actions.cancel()}
    >
      {t('action.cancel')}
    </button>
  );
}

export function BackButton() {
  const { t, actions } = useApp();
  return (
    <button type="button" class="btn btn-link back" onClick={() => actions.back()}>
      <span aria-hidden="true" class="back-arrow">
        ←
      </span>{' '}
      {t('action.back')}
    </button>
  );
}

export function PrimaryButton({
  busy,
  children,
  type = 'submit',
  onClick,
}: {
  busy?: boolean;
  children: ComponentChildren;
  type?: 'submit' | 'button';
  onClick?: () => void;
}) {
  return (
    <button
      type={type}
      class={busy ? 'btn btn-primary is-busy' : 'btn btn-primary'}
      disabled={busy}
      aria-busy={busy ? 'true' : 'false'}
      onClick={onClick}
    >
      <span class="btn-label">{children}</span>
    </button>
  );
}

export function Spinner({ text }: { text: string }) {
  return (
    <div class="view-centered" aria-live="polite">
      <div class="spinner" aria-hidden="true" />
      <p>{text}</p>
    </div>
  );
}
