// The app's root: runs the state machine, performs the side effects its screens ask for (API
// calls, navigation, language switches) and dispatches what they produce; picks the screen.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import type { AuthFactorType, Challenge, OAuthDetailsResponse } from '@signet-kiosk/shared/esignet';
import { AppContext, type Actions, type AppContextValue } from './app-context.js';
import { oauthDetailsRequest } from './api/oauth-details-request.js';
import { watchLinkProgress } from './api/link-progress-watch.js';
import { FatalApiError, type TransactionApi } from './api/transaction-api.js';
import { configList, usableAlternatives } from './flow/factors.js';
import { idleOutcome, initialMachine, transition, type Failure, type StateName } from './flow/login-machine.js';
import { createTranslator, loadCatalogue, type Translator } from './i18n/i18n.js';
import { directionOf, pickLocalised } from './i18n/languages.js';
import { useIdleTimeout } from './kiosk/idle-timeout.js';
import type { SbiClient } from './sbi/sbi-client.js';
import { Frame } from './screens/frame.js';
import { Screen } from './screens/screen.js';

/** The transaction as the first screen needs it: opened by main() while the app loads its words. */
export interface OpenedTransaction {
  details: OAuthDetailsResponse;
  alternatives: AuthFactorType[][];
  loginHint?: string;
}

/** CSRF token, then oauth-details, with the factor sets this app can offer; throws FatalApiError. */
export async function openTransaction(
  api: TransactionApi,
  params: URLSearchParams,
  /** oauth-details already sent for these params (early-oauth-details.ts). */
  sent?: Promise<Response>,
): Promise<OpenedTransaction> {
  if (!params.get('client_id')) throw new FatalApiError({ code: 'no_sign_in_request' });
  if (!sent && !api.hasCsrfToken) await api.fetchCsrfToken();
  const details = await api.oauthDetails(oauthDetailsRequest(params), sent);
  const alternatives = usableAlternatives(details);
  if (alternatives.length === 0) throw new FatalApiError({ code: 'no_usable_factor' });
  const hint = params.get('login_hint');
  return { details, alternatives, loginHint: hint && /^[A-Za-z0-9-]{1,64}$/.test(hint) ? hint : undefined };
}

export interface AppProps {
  api: TransactionApi;
  /** The transaction being opened (started before the app rendered, to save a round of waiting). */
  opening: Promise<OpenedTransaction>;
  params: URLSearchParams;
  translator: Translator;
  languages: readonly string[];
  kiosk: boolean;
  demo: boolean;
  sbi?: SbiClient;
  /** Seconds without a touch or key before the kiosk returns to the start screen (0: never). */
  idleSeconds: number;
  /**
   * Told when the idle timeout took a resident's sign-in back to the start screen, or found no sign-in
   * to go back to (its request failed or never loaded): the kiosk clears its window and goes home.
   */
  onIdle?: () => void;
  navigate(url: string): void;
}

/** Only http(s) URLs are followed, whatever an answer says. */
function safeHttpUrl(raw: string): string | undefined {
  try {
    const u = new URL(raw);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** The screens after authentication where the resident decides (consent, or continue when nothing is shared). */
const isConsentScreen = (name: StateName): boolean => name === 'consent' || name === 'verified';

const failureOf = (err: unknown): Failure => {
  if (err instanceof FatalApiError) return err.failure;
  console.error(err);
  return { code: 'unexpected' };
};

export function App(props: AppProps) {
  const { api, params, navigate } = props;
  const [machine, dispatch] = useReducer(transition, initialMachine);
  const [translator, setTranslator] = useState(props.translator);
  const machineRef = useRef(machine);
  machineRef.current = machine;

  const lang = translator.lang;
  const details = machine.details;
  const rpName = useMemo(() => {
    const picked = details ? pickLocalised(details.clientName, lang) : { text: '' };
    return picked.text ? picked : { text: translator.t('rp.fallbackName') };
  }, [details, lang, translator]);

  useEffect(() => {
    // The kiosk layout scales every rem: large type and targets on a portrait touch screen.
    document.documentElement.classList.toggle('kiosk', props.kiosk);
  }, [props.kiosk]);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dir = directionOf(lang);
    document.title = details ? translator.t('page.titleFor', { rp: rpName.text }) : translator.t('page.title');
  }, [lang, translator, details, rpName]);

  const fatal = useCallback((err: unknown) => dispatch({ type: 'FATAL', failure: failureOf(err) }), []);

  const leave = useCallback(
    (reason: 'signed-in' | 'cancelled' | 'back', url: string) => {
      const target = safeHttpUrl(url);
      if (!target) {
        dispatch({ type: 'FATAL', failure: { code: 'invalid_response' } });
        return;
      }
      dispatch({ type: 'LEAVING', reason, url: target });
      navigate(target);
    },
    [navigate],
  );

  // The transaction, once open.
  useEffect(() => {
    props.opening.then((opened) => dispatch({ type: 'LOADED', ...opened, assistedAllowed: !window.kiosk }), fatal);
  }, [props.opening, fatal]);

  /** The code for the relying party: from link-auth-code when a kiosk authenticated the resident. */
  const issueCode = useCallback(
    async (acceptedClaims: string[], scopes: string[], linkCode?: string) => {
      const answer = linkCode
        ? await api.linkAuthCode(linkCode, acceptedClaims, scopes)
        : await api.authCode(acceptedClaims, scopes);
      if (!answer.ok) {
        // On the consent (or verified) screen the resident may choose again; without one nothing can.
        const onConsent = isConsentScreen(machineRef.current.state.name);
        dispatch(onConsent ? { type: 'REFUSED', failure: answer.failure } : { type: 'FATAL', failure: answer.failure });
        return;
      }
      leave('signed-in', answer.response.redirectUrl);
    },
    [api, leave],
  );

  /**
   * After authentication: consent when the resident must give it; else, after a kiosk, whom it
   * verified (the resident continues from there), and otherwise the code at once.
   */
  const afterAuthentication = useCallback(
    async (consentAction: 'CAPTURE' | 'NOCAPTURE', linkCode?: string) => {
      const claims = consentAction === 'NOCAPTURE' ? undefined : await api.claimDetails();
      if (claims && claims.consentAction !== 'NOCAPTURE') dispatch({ type: 'CLAIMS_LOADED', claims });
      else if (linkCode) dispatch({ type: 'NO_CONSENT_NEEDED' });
      else await issueCode([], []);
    },
    [api, issueCode],
  );

  const fetchLinkCode = useCallback(
    async (individualId: string) => {
      dispatch({ type: 'SUBMITTING' });
      try {
        const answer = await api.linkCode(individualId);
        if (!answer.ok) dispatch({ type: 'REFUSED', failure: answer.failure });
        else
          dispatch({
            type: 'LINK_CODE_ISSUED',
            code: answer.response.linkCode,
            expiresAt: Date.now() + answer.response.validForMs,
          });
      } catch (err) {
        fatal(err);
      }
    },
    [api, fatal],
  );

  // While a code waits for a kiosk or a kiosk works: its progress (SSE, else the long poll) and its expiry.
  const screen = machine.state;
  const followed =
    screen.name === 'assisted' && screen.link && screen.link.stage !== 'EXPIRED' ? screen.link : undefined;
  const followedCode = followed?.code;
  const waitingUntil = followed?.stage === 'WAITING' ? followed.expiresAt : undefined;
  useEffect(() => {
    if (!followedCode) return;
    return watchLinkProgress(api, followedCode, {
      EventSource: globalThis.EventSource,
      onProgress(progress) {
        dispatch({ type: 'LINK_PROGRESS', code: followedCode, progress });
        if (progress.state === 'AUTHENTICATED') afterAuthentication(progress.consentAction, followedCode).catch(fatal);
      },
      onFailure(failure, isFatal) {
        dispatch(isFatal ? { type: 'FATAL', failure } : { type: 'REFUSED', failure });
      },
    });
  }, [api, followedCode, afterAuthentication, fatal]);
  useEffect(() => {
    if (!followedCode || waitingUntil === undefined) return;
    const timer = setTimeout(
      () => dispatch({ type: 'LINK_CODE_EXPIRED', code: followedCode }),
      Math.max(0, waitingUntil - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [followedCode, waitingUntil]);

  const actions: Actions = useMemo(
    () => ({
      enterId: (individualId) => dispatch({ type: 'ID_ENTERED', individualId }),
      chooseFactor: (alternative) => dispatch({ type: 'FACTOR_CHOSEN', alternative }),
      async chooseAssisted() {
        const s = machineRef.current.state;
        if (s.name !== 'choose') return;
        dispatch({ type: 'ASSISTED_CHOSEN' });
        // (The reducer applies the events in order: SUBMITTING and the code land on the assisted screen.)
        await fetchLinkCode(s.individualId);
      },
      async requestLinkCode() {
        const s = machineRef.current.state;
        if (s.name !== 'assisted' || s.busy) return;
        await fetchLinkCode(s.individualId);
      },
      back: () => dispatch({ type: 'BACK' }),
      async sendOtp() {
        const s = machineRef.current.state;
        const configs = machineRef.current.details?.configs;
        if (s.name !== 'factor' || s.busy || !configs) return;
        dispatch({ type: 'SUBMITTING' });
        try {
          const channels = configList(configs['send-otp.channels'] || configs['send.otp.channels']);
          const answer = await api.sendOtp(s.individualId, channels.length > 0 ? channels : ['email', 'phone']);
          if (!answer.ok) dispatch({ type: 'REFUSED', failure: answer.failure });
          else {
            const destinations = [answer.response.maskedEmail, answer.response.maskedMobile].filter(
              (d): d is string => !!d,
            );
            dispatch({ type: 'OTP_SENT', destinations, at: Date.now() });
          }
        } catch (err) {
          fatal(err);
        }
      },
      async authenticate(challenges: Challenge[]) {
        const s = machineRef.current.state;
        if (s.name !== 'factor' || s.busy) return;
        dispatch({ type: 'SUBMITTING' });
        try {
          const answer = await api.authenticate(s.individualId, challenges);
          if (!answer.ok) {
            dispatch({ type: 'REFUSED', failure: answer.failure });
            return;
          }
          dispatch({ type: 'AUTHENTICATED' });
          await afterAuthentication(answer.response.consentAction);
        } catch (err) {
          fatal(err);
        }
      },
      async consent(acceptedClaims, scopes) {
        const s = machineRef.current.state;
        if ((s.name !== 'consent' && s.name !== 'verified') || s.busy) return;
        dispatch({ type: 'SUBMITTING' });
        try {
          await issueCode(acceptedClaims, scopes, s.linkCode);
        } catch (err) {
          fatal(err);
        }
      },
      async cancel() {
        const s = machineRef.current.state;
        try {
          leave('cancelled', await api.cancel(s.name === 'consent' ? 'consent' : 'login'));
        } catch (err) {
          fatal(err);
        }
      },
      async backToRelyingParty() {
        const m = machineRef.current;
        const failure = m.state.name === 'fatal' ? m.state.failure : undefined;
        try {
          // While the transaction lives, the server builds the way back (access_denied).
          leave('back', await api.cancel('login'));
        } catch {
          // The transaction is gone: back to the redirect URI the server vetted when it opened,
          // with the error code, as eSignet's login UI does.
          if (!m.details) return;
          const url = new URL(m.details.redirectUri);
          url.searchParams.set('error', failure?.code ?? 'invalid_transaction');
          const state = params.get('state');
          if (state) url.searchParams.set('state', state);
          if (m.details.configs.issuer) url.searchParams.set('iss', m.details.configs.issuer);
          leave('back', url.href);
        }
      },
      async setLanguage(next) {
        if (next === translator.lang) return;
        setTranslator(createTranslator(next, await loadCatalogue(next)));
      },
    }),
    [api, params, fatal, leave, issueCode, afterAuthentication, fetchLinkCode, translator.lang],
  );

  useIdleTimeout(props.idleSeconds, () => {
    // Leaving already hands the resident on (and tells the kiosk so). A request that failed or never
    // loaded has no start screen to go back to, but the kiosk must still clear its window and go home.
    if (idleOutcome(machineRef.current) === 'none') return;
    dispatch({ type: 'IDLE_TIMEOUT' });
    props.onIdle?.();
  });

  const value: AppContextValue = {
    t: translator.t,
    lang,
    languages: props.languages,
    machine,
    dispatch,
    actions,
    rpName,
    kiosk: props.kiosk,
    demo: props.demo,
    sbi: props.sbi,
  };
  return (
    <AppContext.Provider value={value}>
      <Frame>
        <Screen />
      </Frame>
    </AppContext.Provider>
  );
}
