// What `npm start` runs where: the ports and folders of the demo's processes, read from the same
// environment variables each process reads on its own, parsed once with their schema.
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);

export const StartOptionsSchema = z
  .object({
    /** SIGNET_PORT: the server (its issuer is http://127.0.0.1:<port> unless SIGNET_ISSUER says otherwise). */
    serverPort: port.default(8088),
    /** DEMO_RP_PORT: the demo relying party. */
    relyingPartyPort: port.default(8090),
    /** SIGNET_KIOSK_DEMO_STAND_IN_PORT: the kiosk's browser stand-in (the demo kiosk's operator sign-in returns there). */
    standInPort: port.default(3300),
    /** SBI_SIM_PORT_MIN / SBI_SIM_PORT_MAX: where the simulator binds and the kiosk looks for devices. */
    sbiPorts: z
      .object({ min: port.default(4501), max: port.default(4600) })
      .refine((p) => p.min <= p.max, 'SBI_SIM_PORT_MIN must not exceed SBI_SIM_PORT_MAX'),
    /** SIGNET_DATA_DIR: the server's data folder; the simulator's and the demo kiosk's sit inside it. */
    dataDir: z.string().min(1).default('./data'),
    /** SIGNET_START_KIOSK: electron (fails without its binary), stand-in, or auto (Electron where it runs). */
    kiosk: z.enum(['auto', 'electron', 'stand-in']).default('auto'),
  })
  .strict();
export type StartOptions = z.infer<typeof StartOptionsSchema>;

/** Which environment variable sets each option (for the messages that name them). */
export const START_ENV = {
  serverPort: 'SIGNET_PORT',
  relyingPartyPort: 'DEMO_RP_PORT',
  standInPort: 'SIGNET_KIOSK_DEMO_STAND_IN_PORT',
  dataDir: 'SIGNET_DATA_DIR',
  kiosk: 'SIGNET_START_KIOSK',
} as const;

/**
 * The options from the environment.
 * @example startOptionsFromEnv(process.env).serverPort // 8088
 */
export function startOptionsFromEnv(env: NodeJS.ProcessEnv): StartOptions {
  return StartOptionsSchema.parse({
    serverPort: env.SIGNET_PORT,
    relyingPartyPort: env.DEMO_RP_PORT,
    standInPort: env.SIGNET_KIOSK_DEMO_STAND_IN_PORT,
    sbiPorts: { min: env.SBI_SIM_PORT_MIN, max: env.SBI_SIM_PORT_MAX },
    dataDir: env.SIGNET_DATA_DIR,
    kiosk: env.SIGNET_START_KIOSK,
  });
}
