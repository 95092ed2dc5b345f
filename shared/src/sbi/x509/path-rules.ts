// The certification path rules of a signing certificate (RFC 5280 §6.1, the parts device PKIs use),
// over any certificate implementation: from the signer through the intermediates offered to a
// trust anchor, every certificate valid at `now`, every issuer a CA (basicConstraints cA) allowed
// to sign certificates (keyUsage keyCertSign) with no more intermediates below it than its
// pathLenConstraint, and the signer allowed to sign data (keyUsage digitalSignature). Node's
// certificates (certificate-path.ts: the server and the bridge) and the browser's
// (web-certificate.ts) both go through findCertificatePath, so both apply the same rules.
import { SbiVerifyError } from '../errors.js';

/** What the path rules read from a certificate's extensions. */
export interface CertificateConstraints {
  ca: boolean;
  pathLength: number | undefined;
  /** undefined when there is no keyUsage extension (then it restricts nothing). */
  keyUsage: { digitalSignature: boolean; keyCertSign: boolean } | undefined;
}

/** A certificate as the path rules see it. */
export interface PathCertificate {
  /** SHA-256 of the DER, colon-separated upper-case hex (node:crypto's fingerprint256). */
  readonly fingerprint256: string;
  /** Subject and issuer names for messages, one attribute a line (node:crypto's format). */
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Subject and issuer are the same name (a self-signed CA, or a CA's key rollover). */
  readonly selfIssued: boolean;
  constraints(): Promise<CertificateConstraints>;
  /** Whether `issuer` names and signed this certificate (not whether it was allowed to). */
  isIssuedBy(issuer: this): Promise<boolean>;
}

export interface PathOptions<C extends PathCertificate> {
  /** Trusted CA certificates (device-provider CA, FTM CA). A signer equal to an anchor is trusted too. */
  trustAnchors: readonly C[];
  /** Intermediates to build the path with (x5c[1..] and any given separately). */
  intermediates: readonly C[];
  now: Date;
}

const MAX_PATH_DEPTH = 6;

const oneLine = (name: string): string => name.replaceAll('\n', ', ');

function checkDates(cert: PathCertificate, now: Date, role: string): void {
  if (now < cert.notBefore)
    throw new SbiVerifyError(
      'ERR_SBI_CERT_NOT_YET_VALID',
      `${role} ${cert.subject} is valid from ${cert.notBefore.toUTCString()}.`,
    );
  if (now > cert.notAfter)
    throw new SbiVerifyError('ERR_SBI_CERT_EXPIRED', `${role} ${cert.subject} expired ${cert.notAfter.toUTCString()}.`);
}

/**
 * Why `issuer` may not issue the next certificate of a path that already has `below` intermediate
 * CAs under it; undefined when it may.
 */
async function issuerRefusal(issuer: PathCertificate, below: number): Promise<string | undefined> {
  const { ca, pathLength, keyUsage } = await issuer.constraints();
  const name = oneLine(issuer.subject);
  if (!ca) return `${name} is not a CA (basicConstraints cA is not set), so it may not issue certificates.`;
  if (keyUsage && !keyUsage.keyCertSign) return `${name} may not sign certificates (its keyUsage lacks keyCertSign).`;
  if (pathLength !== undefined && below > pathLength)
    return `${name} allows ${pathLength} intermediate CA certificate(s) below it (pathLenConstraint); this path has ${below}.`;
  return undefined;
}

/**
 * The path from `leaf` to a trust anchor, leaf first and anchor last (just the leaf when it is an
 * anchor itself); throws SbiVerifyError ERR_SBI_CERT_UNTRUSTED (saying which constraint refused a
 * would-be issuer), _EXPIRED or _NOT_YET_VALID otherwise.
 * @example const path = await findCertificatePath(certs[0], { trustAnchors, intermediates: certs.slice(1), now: new Date() });
 */
export async function findCertificatePath<C extends PathCertificate>(leaf: C, opts: PathOptions<C>): Promise<C[]> {
  const { trustAnchors, intermediates, now } = opts;
  checkDates(leaf, now, 'Signing certificate');
  const leafUsage = (await leaf.constraints()).keyUsage;
  if (leafUsage && !leafUsage.digitalSignature) {
    throw new SbiVerifyError(
      'ERR_SBI_CERT_UNTRUSTED',
      `The signing certificate ${oneLine(leaf.subject)} may not sign data (its keyUsage lacks digitalSignature).`,
    );
  }
  const refusals: string[] = [];
  const firstIssuer = async (candidates: readonly C[], subject: C, below: number): Promise<C | undefined> => {
    for (const candidate of candidates) {
      if (!(await subject.isIssuedBy(candidate))) continue;
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
    const below = path.slice(1).filter((c) => !c.selfIssued).length;
    const anchor = await firstIssuer(trustAnchors, current, below);
    if (anchor) {
      checkDates(anchor, now, 'Trust anchor');
      return [...path, anchor];
    }
    const next = await firstIssuer(
      intermediates.filter((c) => !path.some((p) => p.fingerprint256 === c.fingerprint256)),
      current,
      below,
    );
    if (!next) break;
    checkDates(next, now, 'Intermediate certificate');
    path.push(next);
    current = next;
  }
  throw new SbiVerifyError(
    'ERR_SBI_CERT_UNTRUSTED',
    [`Signer: ${leaf.subject}; issuer: ${leaf.issuer}.`, ...refusals].join(' '),
  );
}
