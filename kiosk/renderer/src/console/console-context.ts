// What every console screen reads: the words in the screen's language, the console machine, the
// kiosk's preload API and the actions the console app performs (screens never call window.kiosk).
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { KioskApi, SbiModality } from '@signet-kiosk/shared/kiosk';
import type { Translator } from '../i18n/i18n.js';
import type { ConsoleEvent, ConsoleMachine } from './console-machine.js';

export interface ConsoleActions {
  signIn(): Promise<void>;
  signOut(): Promise<void>;
  openLink(): Promise<void>;
  /** Captures on the device and submits the capture for the resident in hand. */
  capture(deviceKey: string, modality: SbiModality): Promise<void>;
  cancelCapture(): Promise<void>;
  setLanguage(lang: string): Promise<void>;
}

export interface ConsoleContextValue {
  t: Translator['t'];
  lang: string;
  languages: readonly string[];
  machine: ConsoleMachine;
  dispatch(event: ConsoleEvent): void;
  actions: ConsoleActions;
  kiosk: KioskApi;
}

export const ConsoleContext = createContext<ConsoleContextValue | null>(null);

export function useConsole(): ConsoleContextValue {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error('useConsole outside <ConsoleContext.Provider>');
  return value;
}
