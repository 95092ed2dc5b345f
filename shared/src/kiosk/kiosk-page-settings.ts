// What `window.kiosk` carries besides its methods: the kiosk's settings for its pages (the resident
// idle timeout), and how the main process hands them to the sandboxed preload script — one switch on
// the renderer process's command line (Electron's additionalArguments), the only channel it reads
// before the page runs. Plain functions, no zod: the preload bundle stays small.

export interface KioskPageSettings {
  /** Seconds without a touch before the login app goes back to its start screen; 0: never. */
  idleSeconds?: number;
}

/** The renderer's command-line switch that carries the idle timeout. */
export const IDLE_SECONDS_SWITCH = '--signet-kiosk-idle-seconds';
/** The most the kiosk configuration allows (an hour). */
export const MAX_IDLE_SECONDS = 3600;

const isIdleSeconds = (n: number) => Number.isInteger(n) && n >= 0 && n <= MAX_IDLE_SECONDS;

/**
 * The switches that carry the settings to the preload.
 * @example new BrowserWindow({ webPreferences: { additionalArguments: kioskPageSwitches({ idleSeconds: 90 }) } })
 */
export function kioskPageSwitches(settings: KioskPageSettings): string[] {
  const { idleSeconds } = settings;
  return idleSeconds !== undefined && isIdleSeconds(idleSeconds) ? [`${IDLE_SECONDS_SWITCH}=${idleSeconds}`] : [];
}

/**
 * The settings read back from the renderer's argv; a missing or malformed switch gives no setting.
 * @example kioskPageSettingsFrom(process.argv) // { idleSeconds: 90 }
 */
export function kioskPageSettingsFrom(argv: readonly string[]): KioskPageSettings {
  const prefix = `${IDLE_SECONDS_SWITCH}=`;
  const raw = argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
  if (raw === undefined || !/^\d{1,4}$/.test(raw)) return {};
  const idleSeconds = Number(raw);
  return isIdleSeconds(idleSeconds) ? { idleSeconds } : {};
}
