// The certification path of a node:crypto certificate, as the server and the bridge verify device
// JWS: node's certificates behind the shared path rules (x509/path-rules.ts, which the browser's
// verifier runs too), their extensions read once per certificate with @peculiar/x509.
import type { X509Certificate } from 'node:crypto';
import { SbiVerifyError } from './errors.js';
import { loadX509Library } from './peculiar-x509.js';
import { findCertificatePath, type CertificateConstraints, type PathCertificate } from './x509/path-rules.js';

export interface CertificatePathOptions {
  /** Trusted CA certificates (device-provider CA, FTM CA). A signer equal to an anchor is trusted too. */
  trustAnchors: readonly X509Certificate[];
  /** Intermediates to build the path with (x5c[1..] and any given separately). */
  intermediates: readonly X509Certificate[];
  now: Date;
}

// By DER digest: a device sends its certificate afresh with every JWS, and parsing it again would
// cost more than the rest of the path. Bounded; the oldest entry goes first.
const constraintsCache = new Map<string, CertificateConstraints>();
const MAX_CACHED = 1024;

async function constraintsOf(cert: X509Certificate): Promise<CertificateConstraints> {
  const known = constraintsCache.get(cert.fingerprint256);
  if (known) return known;
  const lib = await loadX509Library();
  let constraints: CertificateConstraints;
  try {
    const parsed = new lib.X509Certificate(cert.raw);
    const basic = parsed.getExtension(lib.BasicConstraintsExtension);
    const usages = parsed.getExtension(lib.KeyUsagesExtension)?.usages;
    constraints = {
      ca: basic?.ca ?? false,
      pathLength: basic?.pathLength,
      keyUsage:
        usages === undefined
          ? undefined
          : {
              digitalSignature: (usages & lib.KeyUsageFlags.digitalSignature) !== 0,
              keyCertSign: (usages & lib.KeyUsageFlags.keyCertSign) !== 0,
            },
    };
  } catch (cause) {
    throw new SbiVerifyError('ERR_SBI_CERT_MALFORMED', `${cert.subject}: its extensions cannot be read.`, { cause });
  }
  if (constraintsCache.size >= MAX_CACHED) constraintsCache.delete(constraintsCache.keys().next().value!);
  constraintsCache.set(cert.fingerprint256, constraints);
  return constraints;
}

/** A node:crypto certificate as the path rules see it; `node` is the certificate itself. */
export class NodePathCertificate implements PathCertificate {
  constructor(readonly node: X509Certificate) {}
  get fingerprint256(): string {
    return this.node.fingerprint256;
  }
  get subject(): string {
    return this.node.subject;
  }
  get issuer(): string {
    return this.node.issuer;
  }
  get notBefore(): Date {
    return new Date(this.node.validFrom);
  }
  get notAfter(): Date {
    return new Date(this.node.validTo);
  }
  get selfIssued(): boolean {
    return this.node.subject === this.node.issuer;
  }
  constraints(): Promise<CertificateConstraints> {
    return constraintsOf(this.node);
  }
  // Names (or, failing Node's checkIssued, which also refuses issuers whose keyUsage lacks
  // keyCertSign, the plain subject string) and signature; whether it was allowed to is the rules'.
  isIssuedBy(issuer: NodePathCertificate): Promise<boolean> {
    const subject = this.node;
    return Promise.resolve(
      (subject.checkIssued(issuer.node) || subject.issuer === issuer.node.subject) &&
        subject.verify(issuer.node.publicKey),
    );
  }
}

/**
 * The path from `leaf` to a trust anchor, leaf first and anchor last (just the leaf when it is an
 * anchor itself); throws SbiVerifyError ERR_SBI_CERT_UNTRUSTED (saying which constraint refused a
 * would-be issuer), _EXPIRED or _NOT_YET_VALID otherwise.
 * @example const path = await buildCertificatePath(certs[0], { trustAnchors: [deviceProviderCa], intermediates: certs.slice(1), now: new Date() });
 */
export async function buildCertificatePath(
  leaf: X509Certificate,
  opts: CertificatePathOptions,
): Promise<X509Certificate[]> {
  const wrap = (c: X509Certificate) => new NodePathCertificate(c);
  const path = await findCertificatePath(wrap(leaf), {
    trustAnchors: opts.trustAnchors.map(wrap),
    intermediates: opts.intermediates.map(wrap),
    now: opts.now,
  });
  return path.map((c) => c.node);
}
