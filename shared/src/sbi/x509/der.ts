// A strict DER reader, just what X.509 certificates need: tag-length-value nodes with definite,
// minimally encoded lengths inside their parent's bounds, and the few universal types a
// certificate holds (OIDs, times, strings, booleans, small integers, bit strings). Small on purpose:
// the browser's verifier bundles it instead of a general ASN.1 library (x509/web-certificate.ts).

/** A malformed encoding; the message says where. */
export class DerError extends Error {
  override readonly name = 'DerError';
}

/** One TLV: its tag byte, where its content lies in `bytes`, and where the node ends. */
export interface DerNode {
  readonly bytes: Uint8Array;
  readonly tag: number;
  readonly start: number;
  readonly contentStart: number;
  readonly end: number;
}

export const DER = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  T61_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/**
 * The node at `offset`, which must end by `limit`.
 * @example const cert = readDer(bytes, 0, bytes.length); // then children(cert)
 */
export function readDer(bytes: Uint8Array, offset: number, limit: number): DerNode {
  if (offset + 2 > limit) throw new DerError(`truncated header at ${offset}`);
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError(`high tag number at ${offset}`);
  let length = bytes[offset + 1]!;
  let contentStart = offset + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0) throw new DerError(`indefinite length at ${offset}`);
    if (n > 4 || contentStart + n > limit) throw new DerError(`length too long at ${offset}`);
    if (bytes[contentStart] === 0) throw new DerError(`non-minimal length at ${offset}`);
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[contentStart + i]!;
    if (length < 0x80) throw new DerError(`non-minimal length at ${offset}`);
    contentStart += n;
  }
  const end = contentStart + length;
  if (end > limit) throw new DerError(`content past its parent at ${offset}`);
  return { bytes, tag, start: offset, contentStart, end };
}

/**
 * The nodes inside a constructed node, in order; they must fill it exactly.
 * @example const [tbs, algorithm, signature] = children(readDer(der, 0, der.length));
 */
export function children(node: DerNode): DerNode[] {
  if ((node.tag & 0x20) === 0) throw new DerError(`tag ${node.tag} at ${node.start} is not constructed`);
  const out: DerNode[] = [];
  for (let at = node.contentStart; at < node.end;) {
    const child = readDer(node.bytes, at, node.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

/** The node's content bytes (a view, not a copy). */
export const contentOf = (node: DerNode): Uint8Array => node.bytes.subarray(node.contentStart, node.end);
/** The node's whole encoding, header included (a view). */
export const encodingOf = (node: DerNode): Uint8Array => node.bytes.subarray(node.start, node.end);

/** Throws unless the node has this tag. */
export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (!node) throw new DerError(`${what} is missing`);
  if (node.tag !== tag) throw new DerError(`${what}: tag ${node.tag} at ${node.start}, expected ${tag}`);
  return node;
}

/** An OBJECT IDENTIFIER in dotted form. */
export function readOid(node: DerNode): string {
  const c = contentOf(expectTag(node, DER.OID, 'OID'));
  if (c.length === 0 || (c[c.length - 1]! & 0x80) !== 0) throw new DerError(`malformed OID at ${node.start}`);
  const arcs: number[] = [];
  let value = 0;
  for (let i = 0; i < c.length; i++) {
    if (value === 0 && c[i] === 0x80) throw new DerError(`non-minimal OID arc at ${node.start}`);
    value = value * 128 + (c[i]! & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw new DerError(`OID arc too large at ${node.start}`);
    if ((c[i]! & 0x80) === 0) {
      if (arcs.length === 0) arcs.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else arcs.push(value);
      value = 0;
    }
  }
  return arcs.join('.');
}

/** A BOOLEAN (DER: 0x00 or 0xFF). */
export function readBoolean(node: DerNode): boolean {
  const c = contentOf(expectTag(node, DER.BOOLEAN, 'BOOLEAN'));
  if (c.length !== 1 || (c[0] !== 0 && c[0] !== 0xff)) throw new DerError(`malformed BOOLEAN at ${node.start}`);
  return c[0] === 0xff;
}

/** A non-negative INTEGER small enough for a number (path lengths, versions). */
export function readSmallInteger(node: DerNode): number {
  const c = contentOf(expectTag(node, DER.INTEGER, 'INTEGER'));
  if (c.length === 0 || c.length > 4 || (c[0]! & 0x80) !== 0 || (c.length > 1 && c[0] === 0 && (c[1]! & 0x80) === 0))
    throw new DerError(`unsupported INTEGER at ${node.start}`);
  return c.reduce((n, b) => n * 256 + b, 0);
}

/** A BIT STRING's bits as bytes, and how many bits of the last byte are unused. */
export function readBitString(node: DerNode): { bits: Uint8Array; unused: number } {
  const c = contentOf(expectTag(node, DER.BIT_STRING, 'BIT STRING'));
  if (c.length === 0 || c[0]! > 7 || (c.length === 1 && c[0] !== 0))
    throw new DerError(`malformed BIT STRING at ${node.start}`);
  return { bits: c.subarray(1), unused: c[0]! };
}

/**
 * Text from code units or code points, a slice at a time: spreading a whole hostile field into one
 * call's arguments (a megabyte-long name) overflows the stack with a RangeError, not a DerError.
 */
function textOf(units: ArrayLike<number>, fromCode: (...codes: number[]) => string): string {
  let text = '';
  for (let i = 0; i < units.length; i += 4096) text += fromCode(...Array.prototype.slice.call(units, i, i + 4096));
  return text;
}

const TWO_DIGITS = /^\d+$/;

/** A UTCTime (YYMMDDHHMMSSZ; 50–99 → 19xx) or GeneralizedTime (YYYYMMDDHHMMSSZ), as DER writes them. */
export function readTime(node: DerNode): Date {
  const utc = node.tag === DER.UTC_TIME;
  const content = contentOf(node);
  if ((!utc && node.tag !== DER.GENERALIZED_TIME) || content.length !== (utc ? 13 : 15))
    throw new DerError(`malformed time at ${node.start}`);
  const text = String.fromCharCode(...content);
  if (!text.endsWith('Z') || !TWO_DIGITS.test(text.slice(0, -1))) {
    throw new DerError(`malformed time at ${node.start}`);
  }
  const n = (from: number, len: number) => Number(text.slice(from, from + len));
  const year = utc ? (n(0, 2) < 50 ? 2000 + n(0, 2) : 1900 + n(0, 2)) : n(0, 4);
  const o = utc ? 2 : 4;
  const time = new Date(Date.UTC(year, n(o, 2) - 1, n(o + 2, 2), n(o + 4, 2), n(o + 6, 2), n(o + 8, 2)));
  if (
    time.getUTCMonth() !== n(o, 2) - 1 ||
    time.getUTCDate() !== n(o + 2, 2) ||
    n(o + 4, 2) > 23 ||
    n(o + 6, 2) > 59 ||
    n(o + 8, 2) > 59
  ) {
    throw new DerError(`impossible time at ${node.start}`);
  }
  return time;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A directory string (UTF8, Printable, IA5, Teletex as Latin-1, BMP as UTF-16BE, Universal as UTF-32BE). */
export function readString(node: DerNode): string {
  const c = contentOf(node);
  switch (node.tag) {
    case DER.UTF8_STRING:
      try {
        return utf8.decode(c);
      } catch {
        throw new DerError(`malformed UTF8String at ${node.start}`);
      }
    case DER.PRINTABLE_STRING:
    case DER.IA5_STRING:
    case DER.T61_STRING:
      return textOf(c, String.fromCharCode);
    case DER.BMP_STRING:
    case DER.UNIVERSAL_STRING: {
      const width = node.tag === DER.BMP_STRING ? 2 : 4;
      if (c.length % width !== 0) throw new DerError(`malformed string at ${node.start}`);
      const points: number[] = [];
      for (let i = 0; i < c.length; i += width)
        points.push(
          width === 2
            ? (c[i]! << 8) | c[i + 1]!
            : ((c[i]! << 24) >>> 0) + (c[i + 1]! << 16) + (c[i + 2]! << 8) + c[i + 3]!,
        );
      try {
        return textOf(points, String.fromCodePoint);
      } catch {
        throw new DerError(`malformed string at ${node.start}`);
      }
    }
    default:
      throw new DerError(`tag ${node.tag} at ${node.start} is not a string`);
  }
}
