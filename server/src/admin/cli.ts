// The admin CLI (`npm run admin -- …`): registers relying parties and kiosks and rotates signing
// keys by calling the server's admin API over HTTP, so it acts on a running server, local or remote.
import { readFile, writeFile } from 'node:fs/promises';
import { readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  ClientCreateSchema,
  ClientDeleteResponseSchema,
  ClientListResponseSchema,
  ClientPatchSchema,
  ClientSchema,
  ClientStatusResponseSchema,
  ClientUpdateSchema,
  esignetTime,
  responseEnvelope,
} from '@signet-kiosk/shared/esignet';
import {
  KioskListResponseSchema,
  KioskOperatorsUpdateSchema,
  KioskRegistrationRequestSchema,
  KioskSchema,
} from '@signet-kiosk/shared/kiosk';
import { demoAdminTokenFile } from '../demo-admin-token.js';
import { CLIENT_KEY_ALGS, generateClientKeyPair, type ClientKeyAlg } from './client-key-pair.js';
import {
  KeysListResponseSchema,
  KeysRotateRequestSchema,
  KeysRotateResponseSchema,
  SigningAlgSchema,
} from './signing-keys-schema.js';

const DEFAULT_SERVER = 'http://127.0.0.1:8088';
const TIMEOUT_MS = 30_000;
const ResponseEnvelopeSchema = responseEnvelope(z.unknown());

export const USAGE = `Usage: npm run admin -- <command> [options]

Commands:
  client create --file <client.json>        register a client (the file holds the request object)
  client update [<clientId>] --file <file>  replace a client's settings (id from the file if not given)
  client patch <clientId> --file <file>     change only the fields in the file (e.g. encPublicKey)
  client get <clientId>                     show one client
  client list                               show every client
  client delete <clientId>                  delete a client
  client keygen --out <private.jwk> [--alg ES256]  make a relying party key pair: writes the
                                            private JWK (mode 0600), prints the public JWK for "publicKey"
  keys rotate [--alg ES256|RS256|PS256|EdDSA]  new signing key(s); the old stay published until their tokens expire
  keys list                                 show signing keys (kid, alg, status)
  kiosks register <request.json>            register a kiosk from the registration request it made
                                            (and its OIDC client kiosk-<kioskId>)
  kiosks list                               show every kiosk
  kiosks get <kioskId>                      show one kiosk
  kiosks disable <kioskId>                  disable a kiosk: its operators' calls fail at once
  kiosks enable <kioskId>                   enable it again
  kiosks operators <kioskId> [<individualId>...]  set the operators allowed at a kiosk (the whole
                                            list; none: nobody may operate it)

Options:
  -s, --server <url>   the server's issuer URL (default: $SIGNET_ISSUER, else ${DEFAULT_SERVER})
  -t, --token <token>  admin token (default: $SIGNET_ADMIN_TOKEN; prefer the variable: arguments show in ps;
                       for a server on this machine, else the demo server's $SIGNET_DATA_DIR/admin.token)
  -f, --file <path>    JSON file for create, update, patch
      --alg <alg>      keys rotate: the algorithm (default: every configured one);
                       client keygen: ${CLIENT_KEY_ALGS.join(', ')} (default ES256)
  -o, --out <path>     client keygen: where to write the private JWK (never overwritten)
  -h, --help           show this help

Example file: server/src/admin/examples/client.example.json
Exit codes: 0 done, 1 the request failed, 2 wrong usage.`;

export interface CliOptions {
  server: string;
  token: string | undefined;
  /** Where a demo server on this machine keeps its generated admin token. */
  demoTokenFile: string;
  file: string | undefined;
  alg: string | undefined;
  out: string | undefined;
  help: boolean;
  command: string[];
}

/**
 * The only place the CLI reads the environment: flags win over SIGNET_ISSUER, SIGNET_ADMIN_TOKEN
 * and SIGNET_DATA_DIR (where a local demo server keeps its admin token).
 * @example buildOptions(['client', 'list', '--server', 'https://id.example.org']);
 */
export function buildOptions(argv: string[], env: Record<string, string | undefined> = process.env): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        server: { type: 'string', short: 's' },
        token: { type: 'string', short: 't' },
        file: { type: 'string', short: 'f' },
        alg: { type: 'string' },
        out: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new CliError((e as Error).message, 2);
  }
  const { values, positionals } = parsed;
  return {
    server: values.server ?? (env.SIGNET_ISSUER || DEFAULT_SERVER),
    token: values.token ?? (env.SIGNET_ADMIN_TOKEN || undefined),
    demoTokenFile: demoAdminTokenFile(env.SIGNET_DATA_DIR || './data'),
    file: values.file,
    alg: values.alg,
    out: values.out,
    help: values.help ?? false,
    command: positionals,
  };
}

/** A failure the CLI reports in one line; exitCode 2 for wrong usage, 1 otherwise. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

const consoleOutput: CliOutput = { out: (t) => console.log(t), err: (t) => console.error(t) };

/**
 * Runs one CLI invocation and returns its exit code.
 * @example process.exitCode = await runCli(['client', 'list']);
 */
export async function runCli(
  argv: string[],
  env?: Record<string, string | undefined>,
  output: CliOutput = consoleOutput,
): Promise<number> {
  try {
    const options = buildOptions(argv, env);
    if (options.help) {
      output.out(USAGE);
      return 0;
    }
    if (options.command.length === 0) {
      output.err(USAGE);
      return 2;
    }
    const result = await runCommand(options);
    output.out(JSON.stringify(result, null, 2));
    return 0;
  } catch (e) {
    if (e instanceof CliError) {
      output.err(`error: ${e.message}`);
      if (e.exitCode === 2) output.err('Run with --help for usage.');
      return e.exitCode;
    }
    output.err(`error: unexpected failure: ${(e as Error).stack ?? String(e)}`);
    return 1;
  }
}

async function runCommand(options: CliOptions): Promise<unknown> {
  const [group, verb, id, ...extra] = options.command;
  const api = () => new AdminApi(options.server, options.token, options.demoTokenFile);
  const clientPath = (clientId: string) => `/v1/esignet/client-mgmt/client/${encodeURIComponent(clientId)}`;
  const want = (count: number) => {
    const got = options.command.length - 2;
    if (got !== count)
      throw new CliError(`"${group} ${verb}" takes ${count === 0 ? 'no argument' : 'a clientId'}, got ${got}`, 2);
  };

  if (group === 'kiosks') return runKioskCommand(options, api);
  switch (`${group} ${verb ?? ''}`) {
    case 'client create': {
      want(0);
      const request = await readRequestFile(options.file, ClientCreateSchema);
      return api().call('POST', '/v1/esignet/client-mgmt/client', ClientStatusResponseSchema, {
        requestTime: esignetTime(),
        request,
      });
    }
    case 'client update': {
      if (extra.length > 0) want(1);
      const { clientId: fromFile, ...request } = await readRequestFile(
        options.file,
        z.looseObject({ clientId: z.string().optional() }),
      );
      if (id && fromFile && id !== fromFile)
        throw new CliError(`clientId ${id} differs from the file's clientId ${fromFile}`, 2);
      const clientId = id ?? fromFile;
      if (!clientId) throw new CliError('"client update" needs a clientId: as argument or in the file', 2);
      checkAgainst(ClientUpdateSchema, request, options.file!);
      return api().call('PUT', clientPath(clientId), ClientStatusResponseSchema, {
        requestTime: esignetTime(),
        request,
      });
    }
    case 'client patch': {
      want(1);
      const request = await readRequestFile(options.file, ClientPatchSchema);
      return api().call('PATCH', clientPath(id!), ClientStatusResponseSchema, { requestTime: esignetTime(), request });
    }
    case 'client get':
      want(1);
      return api().call('GET', clientPath(id!), ClientSchema);
    case 'client list':
      want(0);
      return api().call('GET', '/v1/esignet/client-mgmt/client', ClientListResponseSchema);
    case 'client delete':
      want(1);
      return api().call('DELETE', clientPath(id!), ClientDeleteResponseSchema);
    case 'client keygen':
      want(0);
      return writeClientKeyPair(options.alg ?? 'ES256', options.out);
    case 'keys rotate': {
      want(0);
      const body = KeysRotateRequestSchema.safeParse(options.alg === undefined ? {} : { alg: options.alg });
      if (!body.success) throw new CliError(`--alg must be one of ${SigningAlgSchema.options.join(', ')}`, 2);
      return api().call('POST', '/v1/signet/admin/keys/rotate', KeysRotateResponseSchema, body.data);
    }
    case 'keys list':
      want(0);
      return api().call('GET', '/v1/signet/admin/keys', KeysListResponseSchema);
    default:
      throw new CliError(`unknown command "${options.command.join(' ')}"`, 2);
  }
}

const KIOSKS_PATH = '/v1/signet/admin/kiosks';

async function runKioskCommand(options: CliOptions, api: () => AdminApi): Promise<unknown> {
  const [, verb, id, ...extra] = options.command;
  const kioskPath = (kioskId: string) => `${KIOSKS_PATH}/${encodeURIComponent(kioskId)}`;
  const want = (count: number, what: string) => {
    const got = options.command.length - 2;
    if (got !== count) throw new CliError(`"kiosks ${verb}" takes ${what}, got ${got} arguments`, 2);
  };
  switch (verb) {
    case 'register': {
      if (options.file === undefined) want(1, 'the registration request file');
      else want(0, 'the registration request file, as argument or --file');
      const request = await readRequestFile(options.file ?? id, KioskRegistrationRequestSchema);
      return api().call('POST', KIOSKS_PATH, KioskSchema, request);
    }
    case 'list':
      want(0, 'no argument');
      return api().call('GET', KIOSKS_PATH, KioskListResponseSchema);
    case 'get':
      want(1, 'a kioskId');
      return api().call('GET', kioskPath(id!), KioskSchema);
    case 'disable':
    case 'enable':
      want(1, 'a kioskId');
      return api().call('POST', `${kioskPath(id!)}/${verb}`, KioskSchema);
    case 'operators': {
      if (id === undefined)
        throw new CliError('"kiosks operators" takes a kioskId, then the operators\' individual ids', 2);
      const body = KioskOperatorsUpdateSchema.safeParse({ operators: extra });
      if (!body.success) throw new CliError(`the individual ids:\n${z.prettifyError(body.error)}`, 2);
      return api().call('PUT', `${kioskPath(id)}/operators`, KioskSchema, body.data);
    }
    default:
      throw new CliError(`unknown command "${options.command.join(' ')}"`, 2);
  }
}

/** Writes a new private JWK to `out` (0600, never overwriting) and answers the public JWK. */
async function writeClientKeyPair(alg: string, out: string | undefined): Promise<unknown> {
  if (!out) throw new CliError('--out <path> is required: where to write the private key', 2);
  if (!(CLIENT_KEY_ALGS as readonly string[]).includes(alg))
    throw new CliError(`--alg for keygen must be one of ${CLIENT_KEY_ALGS.join(', ')}`, 2);
  const { privateJwk, publicJwk } = await generateClientKeyPair(alg as ClientKeyAlg);
  try {
    await writeFile(out, JSON.stringify(privateJwk, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new CliError(
      `cannot write ${out}: ${err.code === 'EEXIST' ? 'the file exists (it is never overwritten)' : err.message}`,
    );
  }
  return publicJwk;
}

/** Reads the JSON request object from --file and checks it against the wire schema; returns it as written. */
async function readRequestFile<T extends z.ZodType>(
  file: string | undefined,
  schema: T,
): Promise<z.input<T> & Record<string, unknown>> {
  if (!file) throw new CliError('--file <path> is required for this command', 2);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new CliError(`cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CliError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new CliError(`${file} must hold a JSON object (the "request" of the API call)`);
  checkAgainst(schema, json, file);
  // Sent as written: the server applies the defaults and is the authority on validity.
  return json as z.input<T> & Record<string, unknown>;
}

function checkAgainst(schema: z.ZodType, value: unknown, file: string): void {
  const result = schema.safeParse(value);
  if (!result.success) throw new CliError(`${file}:\n${z.prettifyError(result.error)}`);
}

/** The server's admin API over fetch; answers the `response` of the envelope, or throws a CliError. */
class AdminApi {
  private readonly base: string;
  private readonly token: string | undefined;

  constructor(server: string, token: string | undefined, demoTokenFile: string) {
    let url: URL;
    try {
      url = new URL(server);
    } catch {
      throw new CliError(`--server / SIGNET_ISSUER is not a URL: ${server}`, 2);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new CliError(`--server / SIGNET_ISSUER must be an http(s) URL: ${server}`, 2);
    this.base = url.href.replace(/\/+$/, '');
    this.token = token ?? (LOOPBACK_HOSTS.has(url.hostname) ? readDemoToken(demoTokenFile) : undefined);
  }

  async call<T extends z.ZodType>(
    method: string,
    path: string,
    responseSchema: T,
    body?: unknown,
  ): Promise<z.infer<T>> {
    if (!this.token)
      throw new CliError(
        'no admin token: set SIGNET_ADMIN_TOKEN (or pass --token); a demo server on this machine keeps one in <data dir>/admin.token',
        2,
      );
    const url = this.base + path;
    let res: globalThis.Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (e) {
      throw new CliError(
        `cannot reach the server at ${this.base}: ${describeFetchError(e)} (is it running? set --server or SIGNET_ISSUER)`,
      );
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new CliError(
        `${method} ${url}: HTTP ${res.status}, and the answer is not JSON (is ${this.base} a Signet server?)`,
      );
    }
    const envelope = ResponseEnvelopeSchema.safeParse(json);
    const first = envelope.success ? envelope.data.errors[0] : undefined;
    if (first) throw new CliError(`${first.errorCode}: ${first.errorMessage} (HTTP ${res.status})`);
    const response = envelope.success && res.ok ? responseSchema.safeParse(envelope.data.response) : undefined;
    if (!response?.success)
      throw new CliError(`${method} ${url}: HTTP ${res.status}, unexpected answer: ${text.slice(0, 300)}`);
    return response.data;
  }
}

// Only a server on this machine may be sent the local demo token.
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function readDemoToken(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function describeFetchError(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  return err.cause?.code ?? err.cause?.message ?? err.message ?? String(e);
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = await runCli(process.argv.slice(2));
}
