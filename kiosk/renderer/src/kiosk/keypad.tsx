// The kiosk's on-screen numeric keypad for the ID, PIN and OTP fields (a touch screen has no
// keyboard): digits, delete and clear, each a large target; it edits the field it is given.
import { useApp } from '../app-context.js';

export function Keypad({
  value,
  onChange,
  maxLength,
  controls,
}: {
  value: string;
  onChange(next: string): void;
  maxLength: number;
  controls: string;
}) {
  const { t } = useApp();
  const press = (digit: string) => {
    if (value.length < maxLength) onChange(value + digit);
  };
  return (
    <div class="keypad" role="group" aria-label={t('keypad.label')} data-keypad-for={controls}>
      {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
        <button type="button" key={d} class="key" aria-controls={controls} onClick={() => press(d)}>
          {d}
        </button>
      ))}
      <button type="button" class="key key-action" aria-controls={controls} onClick={() => onChange('')}>
        {t('keypad.clear')}
      </button>
      <button type="button" class="key" aria-controls={controls} onClick={() => press('0')}>
        0
      </button>
      <button
        type="button"
        class="key key-action"
        aria-controls={controls}
        aria-label={t('keypad.delete')}
        onClick={() => onChange(value.slice(0, -1))}
      >
        <span aria-hidden="true">⌫</span>
      </button>
    </div>
  );
}
