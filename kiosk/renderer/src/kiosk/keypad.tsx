// The kiosk's on-screen numeric keypad for the ID, PIN and OTP fields (a touch screen has no
// keyboard): digits, delete and clear, each a large target; it edits the field it is given.
// DigitKeypad takes its words, so the operator console (its own context) uses the same keys.
import { useApp } from '../app-context.js';

export interface KeypadProps {
  value: string;
  onChange(next: string): void;
  maxLength: number;
  controls: string;
}

export function DigitKeypad({
  value,
  onChange,
  maxLength,
  controls,
  words,
}: KeypadProps & { words: { label: string; clear: string; delete: string } }) {
  const press = (digit: string) => {
    if (value.length < maxLength) onChange(value + digit);
  };
  return (
    <div class="keypad" role="group" aria-label={words.label} data-keypad-for={controls}>
      {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
        <button type="button" key={d} class="key" aria-controls={controls} onClick={() => press(d)}>
          {d}
        </button>
      ))}
      <button type="button" class="key key-action" aria-controls={controls} onClick={() => onChange('')}>
        {words.clear}
      </button>
      <button type="button" class="key" aria-controls={controls} onClick={() => press('0')}>
        0
      </button>
      <button
        type="button"
        class="key key-action"
        aria-controls={controls}
        aria-label={words.delete}
        onClick={() => onChange(value.slice(0, -1))}
      >
        <span aria-hidden="true">⌫</span>
      </button>
    </div>
  );
}

export function Keypad(props: KeypadProps) {
  const { t } = useApp();
  return (
    <DigitKeypad
      {...props}
      words={{ label: t('keypad.label'), clear: t('keypad.clear'), delete: t('keypad.delete') }}
    />
  );
}
