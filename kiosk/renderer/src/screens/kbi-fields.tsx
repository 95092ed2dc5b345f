// The knowledge questions: the ID system's form (configs' auth.factor.kbi.field-details, labels in
// the resident's language when it has them), else the reference ID system's three questions.
import type { UiConfigs } from '@signet-kiosk/shared/esignet';
import { useApp } from '../app-context.js';
import { base64url } from '../api/transaction-api.js';
import type { MessageKey } from '../i18n/i18n.js';
import { toIso639_3 } from '@signet-kiosk/shared/esignet';
import { hasMessage } from './parts.js';

export interface KbiField {
  id: string;
  type: 'text' | 'date';
  /** Labels by ISO 639-3 language, from the ID system. */
  labels?: Record<string, string>;
}
export type KbiAnswers = Record<string, string>;

const DEFAULT_FIELDS: KbiField[] = [
  { id: 'fullName', type: 'text' },
  { id: 'dob', type: 'date' },
  { id: 'birthPlace', type: 'text' },
];

export function kbiFieldsOf(configs: UiConfigs | undefined): KbiField[] {
  const form = configs?.['auth.factor.kbi.field-details'];
  const idField = configs?.['auth.factor.kbi.individual-id-field'] || 'individualId';
  if (!form) return DEFAULT_FIELDS;
  const fields = form.schema
    .filter((f) => /^[A-Za-z0-9_.-]{1,64}$/.test(f.id) && f.id !== idField)
    .map((f): KbiField => ({
      id: f.id,
      type: f.controlType === 'date' || f.type === 'date' ? 'date' : 'text',
      labels: f.labelName,
    }));
  return fields.length > 0 ? fields : DEFAULT_FIELDS;
}

/** The answers as eSignet's KBI challenge: base64url of their JSON. */
export function kbiChallenge(fields: KbiField[], answers: KbiAnswers): string {
  const json = JSON.stringify(Object.fromEntries(fields.map((f) => [f.id, (answers[f.id] ?? '').trim()])));
  return base64url(new TextEncoder().encode(json));
}

export function KbiFields({
  fields,
  answers,
  onChange,
  invalid,
}: {
  fields: KbiField[];
  answers: KbiAnswers;
  onChange(a: KbiAnswers): void;
  invalid: Record<string, MessageKey>;
}) {
  const { t, lang } = useApp();
  const iso3 = toIso639_3(lang) ?? 'eng';
  const label = (f: KbiField) => {
    const key = `kbi.${f.id}`;
    if (hasMessage(key)) return t(key);
    return f.labels?.[iso3] ?? f.labels?.eng ?? f.id;
  };
  return (
    <div class="factor">
      <p class="hint">{t('factor.KBI.intro')}</p>
      {fields.map((f) => {
        const id = `kbi-${f.id}`;
        return (
          <div class="field" key={f.id}>
            <label for={id}>{label(f)}</label>
            <input
              id={id}
              type={f.type}
              maxLength={256}
              autoComplete={f.type === 'date' ? 'bday' : f.id === 'fullName' ? 'name' : 'off'}
              value={answers[f.id] ?? ''}
              aria-invalid={invalid[id] ? 'true' : 'false'}
              aria-describedby={`${id}-error`}
              onInput={(e) => onChange({ ...answers, [f.id]: (e.currentTarget as HTMLInputElement).value })}
            />
            <p class="field-error" id={`${id}-error`} hidden={!invalid[id]}>
              {invalid[id] ? t(invalid[id]) : ''}
            </p>
          </div>
        );
      })}
    </div>
  );
}
