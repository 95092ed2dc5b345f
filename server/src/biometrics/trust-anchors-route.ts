// `GET /v1/signet/sbi/trust-anchors`: the public CA certificates captures must chain to (per kind and
// SBI environment, each device-provider CA with its provider and device binding) and the envs and
// domainUris captures may carry, for a browser's SBI client to tell residents which local devices
// this server will accept. A read-only, cacheable resource like the JWKS (bare JSON, shared
// SbiTrustAnchorsSchema); it holds certificates only, and the server still verifies every capture.
// The answer is built once per state of the trust store (its anchor sets are new objects whenever
// they change) and the route is rate-limited per address like the UI API.
import { Router } from 'express';
import {
  SBI_TRUST_ANCHORS_PATH,
  SbiTrustAnchorsSchema,
  standardBase64Of,
  type SbiTrustAnchor,
  type SbiTrustAnchors,
} from '@signet-kiosk/shared/sbi';
import type { ServerContext } from '../context.js';
import { EsignetError } from '../errors.js';
import { envelopeErrorHandler, handle } from '../http/esignet-envelope.js';
import { perIpRateLimit } from '../http/per-ip-rate-limit.js';
import type { AnchorSet } from './trust-store.js';
import type { TrustKind } from './trust-store-schema.js';

const KINDS = ['device-provider', 'ftm'] as const satisfies TrustKind[];

/** The trust store's anchor sets for every env (in the configured order) and kind. */
async function anchorSets(ctx: ServerContext): Promise<AnchorSet[]> {
  const sets: AnchorSet[] = [];
  for (const env of ctx.config.biometrics.envs)
    for (const kind of KINDS) sets.push(await ctx.trustStore.anchors(kind, env));
  return sets;
}

/** What the anchor sets (as anchorSets lists them) hold, in the shape of SbiTrustAnchorsSchema. */
function trustAnchors(ctx: ServerContext, sets: readonly AnchorSet[]): SbiTrustAnchors {
  const { envs, domainUris } = ctx.config.biometrics;
  const anchors: SbiTrustAnchor[] = [];
  const order = envs.flatMap((env) => KINDS.map((kind) => ({ env, kind })));
  for (const [i, { env, kind }] of order.entries()) {
    const { certificates, deviceCas } = sets[i]!;
    for (const certificate of certificates) {
      const ca = deviceCas.get(certificate.fingerprint256);
      anchors.push({
        kind,
        env,
        certificate: standardBase64Of(certificate.raw),
        fingerprint256: certificate.fingerprint256,
        deviceProvider: ca?.provider ?? null,
        deviceBinding: ca?.binding ?? null,
      });
    }
  }
  // Checked on the way out, so that the answer is what the browser's schema reads.
  return SbiTrustAnchorsSchema.parse({ envs, domainUris, anchors });
}

/** One built answer: the anchor sets it was built from, and its JSON text. */
export interface TrustAnchorsAnswer {
  readonly sets: readonly AnchorSet[];
  readonly json: string;
}

/**
 * The route's answer, built again only when the trust store's anchor sets changed (an upload or
 * removal, another process's change seen at the store's next refresh, a renewed simulator CA).
 * @example const { json } = await new TrustAnchorsCache(ctx).current();
 */
export class TrustAnchorsCache {
  private last: TrustAnchorsAnswer | undefined;

  constructor(private readonly ctx: ServerContext) {}

  async current(): Promise<TrustAnchorsAnswer> {
    const sets = await anchorSets(this.ctx);
    const last = this.last;
    if (last && last.sets.length === sets.length && last.sets.every((set, i) => set === sets[i])) return last;
    this.last = { sets, json: JSON.stringify(trustAnchors(this.ctx, sets)) };
    return this.last;
  }
}

/**
 * The route, public (no token: certificates and allow-lists only); refusals in the catalogue's
 * envelope (429 too_many_requests).
 * @example app.use(sbiTrustAnchorsRouter(ctx));
 */
export function sbiTrustAnchorsRouter(ctx: ServerContext): Router {
  const cache = new TrustAnchorsCache(ctx);
  const router = Router();
  router.get(
    SBI_TRUST_ANCHORS_PATH,
    perIpRateLimit(ctx, ctx.config.limits.requestsPerMinutePerIp, () => new EsignetError('too_many_requests')),
    handle(async (_req, res) => {
      const { json } = await cache.current();
      // Short: administrators add and remove CAs, and the demo simulator renews its own. Any origin
      // may read it (a login UI served elsewhere, loginUiUrl): it is public and carries no credential.
      res.set({ 'Cache-Control': 'public, max-age=60', 'Access-Control-Allow-Origin': '*' }).type('json').send(json);
    }),
  );
  router.use(
    SBI_TRUST_ANCHORS_PATH,
    envelopeErrorHandler((err) => ctx.logger.error({ err }, 'trust anchors: unexpected error')),
  );
  return router;
}
