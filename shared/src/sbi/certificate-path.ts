// The certification path of a signing certificate (RFC 5280 §6.1, the parts device PKIs use): from
// the signer through the intermediates offered to a trust anchor, every certificate valid at `now`,
// every issuer a CA (basicConstraints cA) allowed to sign certificates (keyUsage keyCertSign) with
// no more intermediates below it than its pathLenConstraint, and the signer allowed to sign data
// (keyUsage digitalSignature). Both the server and the bridge verify device JWS through it.
import type { X509Certificate } from 'node:crypto';
import { SbiVerifyError } from './errors.js';
import { loadX509Library } from './peculiar-x509.js';

export interface CertificatePathOptions {
  /** Trusted CA certificates (device-provider CA, FTM CA). A signer equal to an anchor is trusted too. */
  trustAnchors: readonly X509Certificate[];
  /** Intermediates to build the path with (x5c[1..] and any given separately). */
  intermediates: readonly X509Certificate[];
  now: Date;
}

/** What the path checks read from a certificate's extensions. */
interface Constraints {
  ca: boolean;
  pathLength: number | undefined;
  /** The keyUsage as @peculiar/x509's KeyUsageFlags, or undefined when there is none (then it restricts nothing). */
  keyUsage: number | undefined;
}

const MAX_PATH_DEPTH = 6;
// By DER digest: a device sends its certificate afresh with every JWS, and parsing it again would
// cost more than the rest of the path. Bounded; the oldest entry goes first.
const constraintsCache = new Map<string, Constraints>();
const MAX_CACHED = 1024;

async function constraintsOf(cert: X509Certificate): Promise<Constraints> {
  const known = constraintsCache.get(cert.fingerprint256);
  if (known) return known;
  const lib = await loadX509Library();
  let constraints: Constraints;
  try {
    const parsed = new lib.X509Certificate(cert.raw);
    const basic = parsed.getExtension(lib.BasicConstraintsExtension);
    constraints = { ca: basic?.ca ?? false, pathLength: basic?.pathLength, keyUsage: parsed.getExtension(lib.KeyUsagesExtension)?.usages };
  } catch (cause) {
    throw new SbiVerifyError('ERR_SBI_CERT_MALFORMED', `${cert.subject}: its extensions cannot be read.`, { cause });
  }
  if (constraintsCache.size >= MAX_CACHED) constraintsCache.delete(constraintsCache.keys().next().value!);
  constraintsCache.set(cert.fingerprint256, constraints);
  return constraints;
}

const allows = (keyUsage: number | undefined, flag: number): boolean => keyUsage === undefined || (keyUsage & flag) !== 0;

function checkDates(cert: X509Certificate, now: Date, role: string): void {
  if (now < new Date(cert.validFrom)) throw new SbiVerifyError('ERR_SBI_CERT_NOT_YET_VALID', `${role} ${cert.subject} is valid from ${cert.validFrom}.`);
  if (now > new Date(cert.validTo)) throw new SbiVerifyError('ERR_SBI_CERT_EXPIRED', `${role} ${cert.subject} expired ${cert.validTo}.`);
}

/**
 * Why `issuer` may not issue the next certificate of a path that already has `below` intermediate
 * CAs under it; undefined when it may.
 */
async function issuerRefusal(issuer: X509Certificate, below: number): Promise<string | undefined> {
  const lib = await loadX509Library();
  const { ca, pathLength, keyUsage } = await constraintsOf(issuer);
  const name = issuer.subject.replaceAll('\n', ', ');
  if (!ca) return `${name} is not a CA (basicConstraints cA is not set), so it may not issue certificates.`;
  if (!allows(keyUsage, lib.KeyUsageFlags.keyCertSign)) return `${name} may not sign certificates (its keyUsage lacks keyCertSign).`;
  if (pathLength !== undefined && below > pathLength) return `${name} allows ${pathLength} intermediate CA certificate(s) below it (pathLenConstraint); this path has ${below}.`;
  return undefined;
}

// Names (or, failing Node's checkIssued, which also refuses issuers whose keyUsage lacks keyCertSign,
// the plain subject string) and signature: the certificate was issued by that one; whether that
// one was allowed to is issuerRefusal's to say.
const signedBy = (subject: X509Certificate, issuer: X509Certificate): boolean =>
  (subject.checkIssued(issuer) || subject.issuer === issuer.subject) && subject.verify(issuer.publicKey);

const selfIssued = (c: X509Certificate): boolean => c.subject === c.issuer;

/**
 * The path from `leaf` to a trust anchor, leaf first and anchor last (just the leaf when it is an
 * anchor itself); throws SbiVerifyError ERR_SBI_CERT_UNTRUSTED (saying which constraint refused a
 * would-be issuer), _EXPIRED or _NOT_YET_VALID otherwise.
 * @example const path = await buildCertificatePath(certs[0], { trustAnchors: [deviceProviderCa], intermediates: certs.slice(1), now: new Date() });
 */
export async function buildCertificatePath(leaf: X509Certificate, opts: CertificatePathOptions): Promise<X509Certificate[]> {
  const { trustAnchors, intermediates, now } = opts;
  checkDates(leaf, now, 'Signing certificate');
  const lib = await loadX509Library();
  if (!allows((await constraintsOf(leaf)).keyUsage, lib.KeyUsageFlags.digitalSignature)) {
    throw new SbiVerifyError('ERR_SBI_CERT_UNTRUSTED', `The signing certificate ${leaf.subject.replaceAll('\n', ', ')} may not sign data (its keyUsage lacks digitalSignature).`);
  }
  const refusals: string[] = [];
  const firstIssuer = async (candidates: readonly X509Certificate[], subject: X509Certificate, below: number): Promise<X509Certificate | undefined> => {
    for (const candidate of candidates) {
      if (!signedBy(subject, candidate)) continue;
      const refusal = await issuerRefusal(candidate, below);
      if (refusal === undefined) return candidate;
      refusals.push(refusal);
    }
    return undefined;
  };

  const path = [leaf];
  let current = leaf;
  for (let depth = 0; depth < MAX_PATH_DEPTH; depth++) {
    if (trustAnchors.some((a) => a.fingerprint256 === current.fingerprint256)) return path;
    // Self-issued intermediates (a CA's key rollover) do not count against a pathLenConstraint.
    const below = path.slice(1).filter((c) => !selfIssued(c)).length;
    const anchor = await firstIssuer(trustAnchors, current, below);
    if (anchor) {
      checkDates(anchor, now, 'Trust anchor');
      return [...path, anchor];
    }
    const next = await firstIssuer(intermediates.filter((c) => !path.some((p) => p.fingerprint256 === c.fingerprint256)), current, below);
    if (!next) break;
    checkDates(next, now, 'Intermediate certificate');
    path.push(next);
    current = next;
  }
  throw new SbiVerifyError('ERR_SBI_CERT_UNTRUSTED', [`Signer: ${leaf.subject}; issuer: ${leaf.issuer}.`, ...refusals].join(' '));
}
