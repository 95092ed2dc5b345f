// What every screen reads: the words in the chosen language, the machine, and the actions that
// drive the API (the app implements them; screens never call the API themselves).
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Challenge } from '@signet-kiosk/shared/esignet';
import type { Event, Machine } from './flow/login-machine.js';
import type { Translator } from './i18n/i18n.js';
import type { SbiClient } from './sbi/sbi-client.js';

export interface Actions {
  enterId(individualId: string): void;
  chooseFactor(alternative: number): void;
  /** "Verify at an assisted kiosk": its screen, with a first link code. */
  chooseAssisted(): Promise<void>;
  /** A (new) link code for the assisted screen. */
  requestLinkCode(): Promise<void>;
  back(): void;
  sendOtp(): Promise<void>;
  authenticate(challenges: Challenge[]): Promise<void>;
  consent(acceptedClaims: string[], permittedScopes: string[]): Promise<void>;
  /** Cancel: the server-built access_denied callback. */
  cancel(): Promise<void>;
  /** From a fatal state: the relying party's error callback. */
  backToRelyingParty(): Promise<void>;
  setLanguage(lang: string): Promise<void>;
}

export interface AppContextValue {
  t: Translator['t'];
  lang: string;
  languages: readonly string[];
  machine: Machine;
  dispatch(event: Event): void;
  actions: Actions;
  /** The relying party's name in the chosen language, and that name's own language. */
  rpName: { text: string; lang?: string };
  /** The kiosk layout: portrait screen or `window.kiosk` present. */
  kiosk: boolean;
  /** Demo mode: the OTP outbox hint. */
  demo: boolean;
  /** Biometric devices, when this browser or the kiosk can reach any. */
  sbi?: SbiClient;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside <AppContext.Provider>');
  return value;
}
