// What the operator reads about a failure: the console's own words for its codes, else the resident
// app's words for the server's and the device's codes, else the code itself; then the attempts left.
import type { Translator } from '../i18n/i18n.js';
import { hasMessage } from '../screens/parts.js';
import { useConsole } from './console-context.js';
import type { ConsoleFailure } from './console-machine.js';

/** The operator's words for a failure: the console's own, the resident app's, else the code; then attempts left. */
export function consoleFailureText(t: Translator['t'], failure: ConsoleFailure): string {
  const own = `console.error.${failure.code}`;
  const resident = `error.${failure.code}`;
  const device = `bio.error.${failure.code}`;
  const text = hasMessage(own)
    ? t(own)
    : hasMessage(resident)
      ? t(resident)
      : hasMessage(device)
        ? t(device)
        : t('error.generic', { code: failure.code });
  if (failure.attemptsLeft !== undefined && failure.attemptsLeft > 0)
    return `${text} ${t('error.attemptsLeft', { count: failure.attemptsLeft })}`;
  return text;
}

export function ConsoleFailureAlert({ failure }: { failure?: ConsoleFailure | undefined }) {
  const { t } = useConsole();
  return (
    <div class="alert" role="alert" hidden={!failure} data-failure={failure?.code}>
      {failure ? consoleFailureText(t, failure) : ''}
    </div>
  );
}
