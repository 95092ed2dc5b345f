// The operator console's root: runs the console machine, follows the operator session the main
// process reports (signed in, locked, signed out), performs what screens ask through window.kiosk
// (sign-in, link open, capture and submit) and dispatches the outcomes; picks the panel and screen.
import { useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import type { KioskApi, KioskIpcError, OperatorSessionView, SbiModality } from '@signet-kiosk/shared/kiosk';
import { createTranslator, loadCatalogue, type Translator } from '../i18n/i18n.js';
import { chooseLanguage, directionOf } from '../i18n/languages.js';
import { ConsoleContext, type ConsoleActions, type ConsoleContextValue } from './console-context.js';
import { consoleTransition, initialConsole, type ConsoleEvent, type ConsoleFailure } from './console-machine.js';
import { ConsoleFrame } from './console-frame.js';
import { ConsoleScreen } from './console-screen.js';

/** A capture id the main process accepts (CaptureIdSchema), from the CSPRNG. */
function newCaptureId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_');
}

/** The failure a screen shows for an IPC error: the server's own code when the server refused. */
export const failureOfIpc = (error: KioskIpcError): ConsoleFailure => ({
  code: error.serverCode ?? error.code,
  ...(error.attemptsLeft !== undefined ? { attemptsLeft: error.attemptsLeft } : {}),
});

/** The events a session report means: signed in (by whom), locked, or nobody. */
export function sessionEvent(view: OperatorSessionView): ConsoleEvent {
  const operator = view.sub ? { sub: view.sub, ...(view.operatorName ? { name: view.operatorName } : {}) } : undefined;
  if (view.signedIn && operator) return { type: 'SIGNED_IN', operator };
  if (view.lockedAt) return { type: 'LOCKED', ...(operator ? { operator } : {}) };
  return { type: 'SIGNED_OUT' };
}

export interface ConsoleAppProps {
  kiosk: KioskApi;
  translator: Translator;
  languages: readonly string[];
}

export function ConsoleApp(props: ConsoleAppProps) {
  const { kiosk } = props;
  const [machine, dispatch] = useReducer(consoleTransition, initialConsole);
  const [translator, setTranslator] = useState(props.translator);
  const machineRef = useRef(machine);
  machineRef.current = machine;
  const captureRef = useRef<string | undefined>(undefined);
  const lang = translator.lang;

  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dir = directionOf(lang);
    document.title = translator.t('console.title');
  }, [lang, translator]);

  // The operator session: as it is now, then every change the main process reports.
  useEffect(() => {
    let live = true;
    void kiosk.operator.session({}).then((reply) => {
      // Unknown is signed out: the sign-in screen, rather than a console that waits forever.
      if (live) dispatch(reply.ok ? sessionEvent(reply.value) : { type: 'SIGNED_OUT' });
    });
    const unsubscribe = kiosk.operator.onSessionChanged((view) => dispatch(sessionEvent(view)));
    return () => {
      live = false;
      unsubscribe();
    };
  }, [kiosk]);

  const actions: ConsoleActions = useMemo(() => {
    /** An answer that says the session is over locks the console; any other is the screen's. */
    const lockedBy = (error: KioskIpcError): boolean => {
      if (error.code !== 'operator_locked' && error.code !== 'operator_signed_out') return false;
      dispatch({ type: 'LOCKED', failure: { code: error.code } });
      return true;
    };
    const setLanguage = async (next: string) => {
      const catalogue = await loadCatalogue(next);
      setTranslator(createTranslator(next, catalogue));
    };
    return {
      async signIn() {
        dispatch({ type: 'SIGN_IN_STARTED' });
        const reply = await kiosk.operator.signIn({});
        // On success the window is on its way to the server's sign-in page; the session event follows.
        if (!reply.ok) dispatch({ type: 'SIGN_IN_FAILED', failure: failureOfIpc(reply.error) });
      },
      async signOut() {
        const reply = await kiosk.operator.signOut({});
        if (reply.ok) dispatch(sessionEvent(reply.value));
      },
      async openLink() {
        const s = machineRef.current.state;
        if (s.name !== 'code') return;
        dispatch({ type: 'OPENING' });
        const reply = await kiosk.link.open({ linkCode: s.typed });
        if (!reply.ok) {
          if (!lockedBy(reply.error)) dispatch({ type: 'REFUSED', failure: failureOfIpc(reply.error) });
          return;
        }
        dispatch({ type: 'LINK_OPENED', link: reply.value });
        // The screen speaks the resident's language first; the operator may switch it.
        const resident = chooseLanguage(reply.value.uiLocales.join(' '), [], props.languages, lang);
        if (resident !== lang) await setLanguage(resident);
      },
      async capture(deviceKey: string, modality: SbiModality) {
        const s = machineRef.current.state;
        if (s.name !== 'request' || !s.linked.individualId) return;
        const { link, individualId } = s.linked;
        const configs = link.configs;
        const count =
          modality === 'Face'
            ? 1
            : modality === 'Iris'
              ? configs['sbi.capture.count.iris']
              : configs['sbi.capture.count.finger'];
        const seconds = configs['sbi.timeout.CAPTURE'] || configs['sbi.capture.timeout'] || 30;
        const captureId = newCaptureId();
        captureRef.current = captureId;
        dispatch({ type: 'CAPTURE_STARTED', deviceKey, modality });
        const captured = await kiosk.sbi.capture({
          captureId,
          deviceKey,
          transactionId: link.sbiTransactionId,
          domainUri: link.domainUri,
          count: Math.min(10, Math.max(1, count)),
          timeoutMs: Math.min(120_000, Math.max(1000, seconds * 1000)),
        });
        captureRef.current = undefined;
        if (!captured.ok) {
          dispatch({ type: 'CAPTURE_FAILED', failure: failureOfIpc(captured.error) });
          return;
        }
        dispatch({ type: 'CAPTURED', quality: captured.value.quality ?? [] });
        const submitted = await kiosk.link.submit({
          linkTransactionId: link.linkTransactionId,
          individualId,
          captureIds: [captureId],
        });
        if (submitted.ok) dispatch({ type: 'AUTHENTICATED' });
        else if (!lockedBy(submitted.error))
          dispatch({ type: 'SUBMIT_REFUSED', failure: failureOfIpc(submitted.error) });
      },
      async cancelCapture() {
        const captureId = captureRef.current;
        if (captureId) await kiosk.sbi.cancelCapture({ captureId });
      },
      setLanguage,
    };
  }, [kiosk, lang, props.languages]);

  const value: ConsoleContextValue = {
    t: translator.t,
    lang,
    languages: props.languages,
    machine,
    dispatch,
    actions,
    kiosk,
  };
  return (
    <ConsoleContext.Provider value={value}>
      <ConsoleFrame>
        <ConsoleScreen />
      </ConsoleFrame>
    </ConsoleContext.Provider>
  );
}
