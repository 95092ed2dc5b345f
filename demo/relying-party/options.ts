// The demo relying party's settings: one zod schema, and the mapping from environment variables
// (read only by main.ts, which passes them in) to it.
import { z } from 'zod';
import { ClientIdSchema } from '@signet-kiosk/shared/esignet';
import { DemoRpError } from './errors.js';

export const DemoRpOptionsSchema = z
  .object({
    /** Interface to listen on; the redirect URI is `http://<host>:<port>/callback`. */
    host: z.string().min(1).default('127.0.0.1'),
    port: z.coerce.number().int().min(1).max(65535).default(8090),
    /** The Signet server (its OpenID Connect issuer). */
    issuer: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .transform((u) => u.replace(/\/+$/, ''))
      .default('http://127.0.0.1:8088'),
    /** Admin token for the client-management API; else the demo server's token file in dataDir. */
    adminToken: z.string().min(1).optional(),
    /** The server's data folder: its admin.token, and demo-rp/ for this app's key pair. */
    dataDir: z.string().min(1).default('./data'),
    clientId: ClientIdSchema.default('demo-rp'),
    /** How long a started sign-in may take before its state is forgotten. */
    loginTtlSeconds: z.number().int().min(10).max(3600).default(600),
  })
  .strict();

export type DemoRpOptions = z.infer<typeof DemoRpOptionsSchema>;
export type DemoRpOptionsInput = z.input<typeof DemoRpOptionsSchema>;

/** Where each setting comes from, for the error message naming it. */
const ENV_NAMES: Record<string, string> = {
  port: 'DEMO_RP_PORT',
  issuer: 'SIGNET_ISSUER',
  adminToken: 'SIGNET_ADMIN_TOKEN',
  dataDir: 'SIGNET_DATA_DIR',
  clientId: 'DEMO_RP_CLIENT_ID',
};

/** Checks the settings; throws DemoRpError('invalid_option') listing the bad ones, each by the name it was set under. */
export function parseOptions(input: DemoRpOptionsInput, names: Record<string, string> = {}): DemoRpOptions {
  const parsed = DemoRpOptionsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const named = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    return { ...issue, path: [], message: `${names[key] ?? (key || 'options')}: ${issue.message}` };
  });
  throw new DemoRpError('invalid_option', `invalid settings:\n${z.prettifyError(new z.ZodError(named))}`);
}

/**
 * The settings from the environment: DEMO_RP_PORT, SIGNET_ISSUER, SIGNET_ADMIN_TOKEN,
 * SIGNET_DATA_DIR, DEMO_RP_CLIENT_ID; empty variables count as unset.
 * @example const options = optionsFromEnv(process.env);
 */
export function optionsFromEnv(env: Record<string, string | undefined>): DemoRpOptions {
  const get = (name: string) => (env[name] === '' ? undefined : env[name]);
  return parseOptions(
    {
      port: get('DEMO_RP_PORT'),
      issuer: get('SIGNET_ISSUER'),
      adminToken: get('SIGNET_ADMIN_TOKEN'),
      dataDir: get('SIGNET_DATA_DIR'),
      clientId: get('DEMO_RP_CLIENT_ID'),
    },
    ENV_NAMES,
  );
}
