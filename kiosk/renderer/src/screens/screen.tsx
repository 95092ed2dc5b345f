// Picks the screen for the machine's state.
import { useApp } from '../app-context.js';
import { AssistedScreen } from './assisted-screen.js';
import { BlockedScreen, FatalScreen, LeavingScreen } from './end-screens.js';
import { ChooseScreen } from './choose-screen.js';
import { ConsentScreen } from './consent-screen.js';
import { FactorScreen } from './factor-screen.js';
import { Spinner } from './parts.js';
import { StartScreen } from './start-screen.js';
import { VerifiedScreen } from './verified-screen.js';

export function Screen() {
  const { t, machine } = useApp();
  const s = machine.state;
  switch (s.name) {
    case 'loading':
      return <Spinner text={t('loading.transaction')} />;
    case 'start':
      return <StartScreen state={s} />;
    case 'choose':
      return <ChooseScreen />;
    case 'factor':
      return <FactorScreen key={`${s.alternative}`} state={s} />;
    case 'assisted':
      return <AssistedScreen state={s} />;
    case 'blocked':
      return <BlockedScreen state={s} />;
    case 'claims-loading':
      return <Spinner text={t('loading.claims')} />;
    case 'consent':
      return <ConsentScreen state={s} />;
    case 'verified':
      return <VerifiedScreen state={s} />;
    case 'leaving':
      return <LeavingScreen state={s} />;
    case 'fatal':
      return <FatalScreen state={s} />;
  }
}
