// The factor choice: one large button per way of signing in the transaction allows.
import type { AuthFactorType } from '@signet-kiosk/shared/esignet';
import { useApp } from '../app-context.js';
import type { MessageKey } from '../i18n/i18n.js';
import { BackButton, CancelButton, Heading } from './parts.js';
import { FactorIcon } from './factor-icon.js';
import { assistedOffered } from '../flow/login-machine.js';

export const FACTOR_NAME: Record<AuthFactorType, MessageKey> = {
  PIN: 'factor.PIN',
  PWD: 'factor.PWD',
  OTP: 'factor.OTP',
  KBI: 'factor.KBI',
  BIO: 'factor.BIO',
  WLA: 'factor.WLA',
  IDT: 'factor.IDT',
};

const FACTOR_HINT: Partial<Record<AuthFactorType, MessageKey>> = {
  PIN: 'factor.PIN.hint',
  PWD: 'factor.PWD.hint',
  OTP: 'factor.OTP.hint',
  KBI: 'factor.KBI.hint',
  BIO: 'factor.BIO.hint',
};

export function ChooseScreen() {
  const { t, machine, actions } = useApp();
  return (
    <section class="view">
      <Heading>
        <span id="choose-title">{t('choose.title')}</span>
      </Heading>
      <ul class="method-list">
        {machine.alternatives.map((set, index) => (
          <li key={index}>
            <button
              type="button"
              class="method"
              data-factors={set.join('+')}
              onClick={() => actions.chooseFactor(index)}
            >
              <FactorIcon type={set[0]!} />
              <span class="method-text">
                <span class="method-name">{set.map((f) => t(FACTOR_NAME[f])).join(' + ')}</span>
                {set.length === 1 && FACTOR_HINT[set[0]!] && (
                  <span class="method-hint">{t(FACTOR_HINT[set[0]!]!)}</span>
                )}
              </span>
            </button>
          </li>
        ))}
        {assistedOffered(machine) && (
          <li>
            <button type="button" class="method" data-factors="ASSISTED" onClick={() => void actions.chooseAssisted()}>
              <FactorIcon type="ASSISTED" />
              <span class="method-text">
                <span class="method-name">{t('factor.ASSISTED')}</span>
                <span class="method-hint">{t('factor.ASSISTED.hint')}</span>
              </span>
            </button>
          </li>
        )}
      </ul>
      <div class="actions actions-split">
        <BackButton />
        <CancelButton />
      </div>
    </section>
  );
}
