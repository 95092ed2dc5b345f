// The IPC handlers of the kiosk: each channel of the shared contract mapped to the main-process
// module that does the work (SBI through the bridge, the kiosk identity and registration status, the
// operator session, the link actions, the reset between residents). Plain Node: Electron's ipcMain and a test page's exposed function call the same
// handlers through the IpcRouter.
import type {
  KioskIdentityView,
  KioskStatus,
  LinkOpened,
  LinkOpenIpcRequest,
  LinkSubmitIpcRequest,
  LinkSubmitted,
  OperatorSessionView,
  OperatorSignInStarted,
} from '@signet-kiosk/shared/kiosk';
import { KioskError } from './errors.js';
import type { KioskIpcHandlers } from './ipc/ipc-router.js';
import type { ResidentDoneReason } from './resident/resident-reset.js';
import type { KioskSbi } from './sbi/kiosk-sbi.js';

/** The operator session as the IPC handlers use it (operator/operator-session.ts). */
export interface OperatorSessionPort {
  signIn(): Promise<OperatorSignInStarted>;
  view(): OperatorSessionView;
  signOut(): Promise<OperatorSessionView>;
}

/** The link actions as the IPC handlers use them (operator/link-actions.ts). */
export interface LinkActionsPort {
  open(request: LinkOpenIpcRequest): Promise<LinkOpened>;
  submit(request: LinkSubmitIpcRequest): Promise<LinkSubmitted>;
}

/** The reset between residents as the IPC handlers use it (resident/resident-reset.ts). */
export interface ResidentResetPort {
  done(reason: ResidentDoneReason): Promise<void>;
}

/**
 * The handlers over the kiosk's SBI service, its identity, and (when the kiosk talks to a server)
 * the operator session and link actions; without those, the operator channels answer `operator_signed_out`.
 * Without a reset, `resident:done` clears nothing (`cleared: false`).
 * @example const router = new IpcRouter(kioskHandlers({ sbi, identity: () => view, operator, link }), senders);
 */
export function kioskHandlers(deps: {
  sbi: KioskSbi;
  identity: () => Promise<KioskIdentityView>;
  /** Asks the server about this kiosk's registration (identity/kiosk-status.ts). */
  status?: () => Promise<KioskStatus>;
  operator?: OperatorSessionPort;
  link?: LinkActionsPort;
  resident?: ResidentResetPort;
}): KioskIpcHandlers {
  const noOperator = () => Promise.reject(new KioskError('operator_signed_out', '(this kiosk has no server client)'));
  const { operator, link, resident } = deps;
  return {
    'sbi:discover': () => deps.sbi.discover(),
    'sbi:capture': (request) => deps.sbi.capture(request),
    'sbi:cancel-capture': async ({ captureId }) => ({ cancelled: deps.sbi.cancel(captureId) }),
    'kiosk:identity': () => deps.identity(),
    'kiosk:status': () =>
      deps.status ? deps.status() : Promise.reject(new KioskError('server_unreachable', '(this kiosk has no server)')),
    'operator:sign-in': () => (operator ? operator.signIn() : noOperator()),
    'operator:session': async () => operator?.view() ?? { signedIn: false },
    'operator:sign-out': () => (operator ? operator.signOut() : Promise.resolve({ signedIn: false })),
    'link:open': (request) => (link ? link.open(request) : noOperator()),
    'link:submit': (request) => (link ? link.submit(request) : noOperator()),
    'resident:done': async ({ reason }) => {
      if (!resident) return { cleared: false };
      await resident.done(reason);
      return { cleared: true };
    },
  };
}
