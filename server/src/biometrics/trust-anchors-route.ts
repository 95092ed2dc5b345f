// `GET /v1/signet/sbi/trust-anchors`: the public CA certificates captures must chain to (per kind and
// SBI environment, each device-provider CA with its provider and device binding) and the envs and
// domainUris captures may carry, for a browser's SBI client to tell residents which local devices
// this server will accept. A read-only, cacheable resource like the JWKS (bare JSON, shared
// SbiTrustAnchorsSchema); it holds certificates only, and the server still verifies every capture.
import { Router } from 'express';
import {
  SBI_TRUST_ANCHORS_PATH,
  SbiTrustAnchorsSchema,
  standardBase64Of,
  type SbiTrustAnchor,
  type SbiTrustAnchors,
} from '@signet-kiosk/shared/sbi';
import type { ServerContext } from '../context.js';
import { handle } from '../http/esignet-envelope.js';
import type { TrustKind } from './trust-store-schema.js';

/** What the trust store holds now, in the shape of SbiTrustAnchorsSchema. */
export async function currentTrustAnchors(ctx: ServerContext): Promise<SbiTrustAnchors> {
  const { envs, domainUris } = ctx.config.biometrics;
  const anchors: SbiTrustAnchor[] = [];
  for (const env of envs) {
    for (const kind of ['device-provider', 'ftm'] as const satisfies TrustKind[]) {
      const set = await ctx.trustStore.anchors(kind, env);
      for (const certificate of set.certificates) {
        const ca = set.deviceCas.get(certificate.fingerprint256);
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
  }
  // Checked on the way out, so that the answer is what the browser's schema reads.
  return SbiTrustAnchorsSchema.parse({ envs, domainUris, anchors });
}

/**
 * The route, public (no token: certificates and allow-lists only).
 * @example app.use(sbiTrustAnchorsRouter(ctx));
 */
export function sbiTrustAnchorsRouter(ctx: ServerContext): Router {
  const router = Router();
  router.get(
    SBI_TRUST_ANCHORS_PATH,
    handle(async (_req, res) => {
      // Short: administrators add and remove CAs, and the demo simulator renews its own. Any origin
      // may read it (a login UI served elsewhere, loginUiUrl): it is public and carries no credential.
      res
        .set({ 'Cache-Control': 'public, max-age=60', 'Access-Control-Allow-Origin': '*' })
        .json(await currentTrustAnchors(ctx));
    }),
  );
  return router;
}
