// Client management API, on eSignet's paths and envelope (`/v1/esignet/client-mgmt/client`):
// create, full update (PUT), partial update (PATCH, also sets `encPublicKey`), get, list,
// delete; every change audited. clientMgmtRouter also mounts the signing-key and biometric
// trust-store admin APIs, so the app mounts one router for all of the admin surface.
import { Router, type Request, type Response } from 'express';
import { ZodError, type z } from 'zod';
import {
  ClientCreateSchema,
  ClientIdSchema,
  ClientPatchSchema,
  ClientUpdateSchema,
  isLoopbackHost,
  type AdditionalConfig,
  type Client,
  type ClientDeleteResponse,
  type ClientListResponse,
  type ClientStatusResponse,
  type PublicJwk,
  requestEnvelope,
} from '@signet-kiosk/shared/esignet';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import { invalidInput, parseEnvelope, sendEnvelope } from '../http/esignet-envelope.js';
import { route } from '../http/route.js';
import { DuplicateClientError } from '../stores/registry.js';
import { adminRouter, audited, type AuditDetails } from './admin-router.js';
import { checkPublicKey } from './client-public-key.js';
import { SIGNING_KEYS_PATH, signingKeysRouter } from './signing-keys-routes.js';
import { TRUST_STORE_PATH, trustStoreRouter } from './trust-store-routes.js';

export const CLIENT_MGMT_PATH = '/v1/esignet/client-mgmt';

/**
 * The admin surface: client management and signing keys, each behind the admin token.
 * @example app.use(clientMgmtRouter(ctx));
 */
export function clientMgmtRouter(ctx: ServerContext): Router {
  const router = Router();
  router.use(
    CLIENT_MGMT_PATH,
    adminRouter(ctx, (r) => {
      r.post(
        '/client',
        audited(ctx, 'client-create', (req, res) => createClient(ctx, req, res)),
      );
      r.get(
        '/client',
        route((req, res) => listClients(ctx, req, res)),
      );
      r.get(
        '/client/:clientId',
        route((req, res) => getClient(ctx, req, res)),
      );
      r.put(
        '/client/:clientId',
        audited(ctx, 'client-update', (req, res) => updateClient(ctx, req, res)),
      );
      r.patch(
        '/client/:clientId',
        audited(ctx, 'client-patch', (req, res) => patchClient(ctx, req, res)),
      );
      r.delete(
        '/client/:clientId',
        audited(ctx, 'client-delete', (req, res) => deleteClient(ctx, req, res)),
      );
    }),
  );
  router.use(SIGNING_KEYS_PATH, signingKeysRouter(ctx));
  router.use(TRUST_STORE_PATH, trustStoreRouter(ctx));
  return router;
}

async function createClient(ctx: ServerContext, req: Request, res: Response): Promise<AuditDetails> {
  const request = parseClientRequest(ClientCreateSchema, req.body);
  checkRedirectUris(ctx, request.redirectUris);
  await checkClientKeys(request);
  checkSigningAlgs(ctx, request.additionalConfig);
  const now = new Date().toISOString();
  const client: Client = { ...request, status: 'ACTIVE', createdAt: now, updatedAt: now };
  try {
    await ctx.registry.clients.create(client);
  } catch (e) {
    if (e instanceof DuplicateClientError)
      throw new EsignetError('duplicate_client_id', `A client with clientId ${request.clientId} already exists.`);
    throw e;
  }
  sendEnvelope(res, { clientId: client.clientId, status: client.status } satisfies ClientStatusResponse);
  return { clientId: client.clientId };
}

/** PUT: replaces every field; publicKey, relyingPartyId and encPublicKey keep their value when left out. */
async function updateClient(ctx: ServerContext, req: Request, res: Response): Promise<AuditDetails> {
  const existing = await findClient(ctx, req);
  const update = parseClientRequest(ClientUpdateSchema, req.body);
  checkRelyingPartyUnchanged(existing, update.relyingPartyId);
  checkRedirectUris(ctx, update.redirectUris);
  await checkClientKeys(update);
  checkSigningAlgs(ctx, update.additionalConfig);
  const client: Client = {
    ...update,
    clientId: existing.clientId,
    publicKey: update.publicKey ?? existing.publicKey,
    relyingPartyId: existing.relyingPartyId,
    encPublicKey: update.encPublicKey ?? existing.encPublicKey,
    createdAt: existing.createdAt,
    updatedAt: new Date().toISOString(),
  };
  await ctx.registry.clients.update(client);
  sendEnvelope(res, { clientId: client.clientId, status: client.status } satisfies ClientStatusResponse);
  return { changed: Object.keys(update) };
}

/** PATCH: changes the named fields only; additionalConfig merges key by key; encPublicKey null removes it. */
async function patchClient(ctx: ServerContext, req: Request, res: Response): Promise<AuditDetails> {
  const existing = await findClient(ctx, req);
  const { additionalConfig, encPublicKey, ...fields } = parseClientRequest(ClientPatchSchema, req.body);
  checkRelyingPartyUnchanged(existing, fields.relyingPartyId);
  checkRedirectUris(ctx, fields.redirectUris);
  await checkClientKeys({ publicKey: fields.publicKey, encPublicKey: encPublicKey ?? undefined });
  const client: Client = {
    ...existing,
    ...fields,
    additionalConfig: { ...existing.additionalConfig, ...additionalConfig },
    updatedAt: new Date().toISOString(),
  };
  if (encPublicKey === null) delete client.encPublicKey;
  else if (encPublicKey) client.encPublicKey = encPublicKey;
  checkSigningAlgs(ctx, client.additionalConfig);
  await ctx.registry.clients.update(client);
  sendEnvelope(res, { clientId: client.clientId, status: client.status } satisfies ClientStatusResponse);
  const changed = [
    ...Object.keys(fields),
    ...(additionalConfig ? ['additionalConfig'] : []),
    ...(encPublicKey !== undefined ? ['encPublicKey'] : []),
  ];
  return { changed };
}

async function getClient(ctx: ServerContext, req: Request, res: Response): Promise<void> {
  sendEnvelope(res, await findClient(ctx, req));
}

async function listClients(ctx: ServerContext, _req: Request, res: Response): Promise<void> {
  sendEnvelope(res, { clients: await ctx.registry.clients.list() } satisfies ClientListResponse);
}

async function deleteClient(ctx: ServerContext, req: Request, res: Response): Promise<AuditDetails> {
  const clientId = clientIdParam(req);
  if (!(await ctx.registry.clients.delete(clientId))) throw unknownClient(clientId);
  sendEnvelope(res, { clientId, deleted: true } satisfies ClientDeleteResponse);
  return {};
}

// --- the named checks ---

/**
 * parseEnvelope, except that a body whose first problem is in `publicKey`/`encPublicKey`
 * (a private key, an HMAC `oct` key, no key material) answers `invalid_public_key`.
 */
function parseClientRequest<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const issue = requestEnvelope(schema).safeParse(body).error?.issues[0];
  const field = issue?.path[1];
  if (issue && issue.path[0] === 'request' && (field === 'publicKey' || field === 'encPublicKey')) {
    throw new EsignetError('invalid_public_key', `${issue.path.slice(1).join('.')}: ${issue.message}`);
  }
  return parseEnvelope(schema, body);
}

/** Imports each key given and checks it fits its purpose (see client-public-key.ts). */
async function checkClientKeys(keys: {
  publicKey?: PublicJwk | undefined;
  encPublicKey?: PublicJwk | undefined;
}): Promise<void> {
  if (keys.publicKey) await checkPublicKey(keys.publicKey, 'sig', 'publicKey');
  if (keys.encPublicKey) await checkPublicKey(keys.encPublicKey, 'enc', 'encPublicKey');
}

/** Plain http only to a loopback address, except in demo mode (which the shared schema cannot know). */
export function checkRedirectUris(ctx: ServerContext, uris: string[] | undefined): void {
  if (!uris || ctx.config.demo) return;
  uris.forEach((uri, i) => {
    const url = new URL(uri);
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      // Worded as the schema's own refusals of a redirect URI are.
      const message =
        'plain http only on a loopback address (127.0.0.1, [::1], localhost) outside demo mode; use https';
      throw invalidInput(new ZodError([{ code: 'custom', path: ['request', 'redirectUris', i], message, input: uri }]));
    }
  });
}

/** A client may only ask for signing algorithms this server has keys for. */
function checkSigningAlgs(ctx: ServerContext, config: Partial<AdditionalConfig>): void {
  const enabled: readonly string[] = ctx.config.signing.algs;
  for (const name of ['id_token_signed_response_alg', 'userinfo_signed_response_alg'] as const) {
    const alg = config[name];
    if (alg && !enabled.includes(alg)) {
      throw new EsignetError(
        'invalid_input',
        `Invalid request: additionalConfig.${name}: ${alg} is not enabled on this server (enabled: ${enabled.join(', ')})`,
      );
    }
  }
}

/** Pairwise subjects may be derived from the relying party, so it never changes; re-register instead. */
function checkRelyingPartyUnchanged(existing: Client, relyingPartyId: string | undefined): void {
  if (relyingPartyId !== undefined && relyingPartyId !== existing.relyingPartyId) {
    throw new EsignetError(
      'invalid_input',
      'Invalid request: relyingPartyId cannot be changed; delete and register the client again.',
    );
  }
}

function clientIdParam(req: Request): string {
  const clientId = req.params.clientId;
  if (typeof clientId !== 'string' || !ClientIdSchema.safeParse(clientId).success) throw unknownClient(undefined);
  return clientId;
}

async function findClient(ctx: ServerContext, req: Request): Promise<Client> {
  const clientId = clientIdParam(req);
  const client = await ctx.registry.clients.get(clientId);
  if (!client) throw unknownClient(clientId);
  return client;
}

function unknownClient(clientId: string | undefined): EsignetError {
  return new EsignetError('invalid_client', clientId ? `No client with clientId ${clientId}.` : undefined);
}
