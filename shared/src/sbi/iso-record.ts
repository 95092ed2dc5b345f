// ISO/IEC 19794 biometric records as SBI carries them in bioValue: finger (19794-4:2011, `FIR`),
// iris (19794-6:2011, `IIR`), face (19794-5:2011, `FAC`); one representation each, built and read.
import { deflateSync, crc32 } from 'node:zlib';
import type { BioType } from './messages/fields.js';

/** 19794-4 finger positions for the SBI finger names. */
export const FINGER_POSITIONS: Record<string, number> = {
  UNKNOWN: 0,
  'Right Thumb': 1,
  'Right IndexFinger': 2,
  'Right MiddleFinger': 3,
  'Right RingFinger': 4,
  'Right LittleFinger': 5,
  'Left Thumb': 6,
  'Left IndexFinger': 7,
  'Left MiddleFinger': 8,
  'Left RingFinger': 9,
  'Left LittleFinger': 10,
};
/** 19794-6 eye labels for the SBI iris names. */
export const EYE_LABELS: Record<string, number> = { UNKNOWN: 0, Right: 1, Left: 2 };

export interface IsoImage {
  width: number;
  height: number;
  /** 8-bit grey pixels, row by row (finger, iris); for face, the PNG file. */
  data: Uint8Array;
}

export interface IsoRecordInput {
  type: BioType;
  /** SBI sub-type name (`Left IndexFinger`, `Right`, …); ignored for face. */
  subType: string;
  image: IsoImage;
  /** 0–100. */
  quality: number;
  captureTime?: Date;
}

export interface IsoRecord extends IsoRecordInput {
  /** Position code (finger) or eye label (iris); 0 for face. */
  position: number;
}

const MAGIC: Record<BioType, [string, string]> = { Finger: ['FIR', '020'], Iris: ['IIR', '020'], Face: ['FAC', '030'] };
const VENDOR_ID = 0x0000; // unregistered: a simulator has no IBIA vendor id

class Writer {
  private parts: Buffer[] = [];
  u8(v: number): this {
    this.parts.push(Buffer.from([v & 0xff]));
    return this;
  }
  u16(v: number): this {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(v & 0xffff);
    this.parts.push(b);
    return this;
  }
  u32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(v >>> 0);
    this.parts.push(b);
    return this;
  }
  bytes(b: Uint8Array): this {
    this.parts.push(Buffer.from(b));
    return this;
  }
  text(s: string): this {
    return this.bytes(Buffer.concat([Buffer.from(s, 'latin1'), Buffer.from([0])]));
  }
  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

function captureDateTime(w: Writer, d: Date): void {
  w.u16(d.getUTCFullYear())
    .u8(d.getUTCMonth() + 1)
    .u8(d.getUTCDate())
    .u8(d.getUTCHours())
    .u8(d.getUTCMinutes())
    .u8(d.getUTCSeconds())
    .u16(d.getUTCMilliseconds());
}

/** Representation fields common to the three 2011 parts, up to and including one quality block. */
function representationStart(w: Writer, input: IsoRecordInput, technology: number): void {
  captureDateTime(w, input.captureTime ?? new Date());
  w.u8(technology)
    .u16(VENDOR_ID)
    .u16(0)
    .u8(1)
    .u8(Math.max(0, Math.min(100, Math.round(input.quality))))
    .u16(VENDOR_ID)
    .u16(0);
}

function positionOf(type: BioType, subType: string): number {
  if (type === 'Finger') return FINGER_POSITIONS[subType] ?? 0;
  if (type === 'Iris') return EYE_LABELS[subType] ?? 0;
  return 0;
}

/**
 * A minimal greyscale PNG (for face records, whose 2011 part allows only compressed images).
 * @example grayPng(32, 40, pixels)
 */
export function grayPng(width: number, height: number, pixels: Uint8Array): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, deflate, no filter method, no interlace
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Builds a one-representation record with well-formed general and representation headers.
 * @example buildIsoRecord({ type: 'Finger', subType: 'Left IndexFinger', image: { width: 64, height: 64, data }, quality: 80 })
 */
export function buildIsoRecord(input: IsoRecordInput): Buffer {
  const { type, image } = input;
  const rep = new Writer();
  if (type === 'Finger') {
    representationStart(rep, input, 0);
    rep
      .u8(positionOf(type, input.subType))
      .u8(1) // position, representation number
      .u8(1)
      .u16(500)
      .u16(500)
      .u16(500)
      .u16(500) // pixels per inch, scan and image sampling rates
      .u8(8)
      .u8(0)
      .u8(0) // bit depth, uncompressed, live-scan plain
      .u16(image.width)
      .u16(image.height)
      .u32(image.data.length)
      .bytes(image.data);
  } else if (type === 'Iris') {
    representationStart(rep, input, 1);
    rep
      .u16(1)
      .u8(positionOf(type, input.subType))
      .u8(1)
      .u8(2)
      .u8(0) // representation no., eye, uncropped, MONO_RAW, properties
      .u16(image.width)
      .u16(image.height)
      .u8(8)
      .u16(0)
      .u16(0xffff)
      .u16(0xffff) // depth, range, roll angle/uncertainty undefined
      .u16(0)
      .u16(0)
      .u16(0)
      .u16(0)
      .u16(0)
      .u16(0) // iris centre and diameter unknown
      .u32(image.data.length)
      .bytes(image.data);
  } else {
    representationStart(rep, input, 1);
    rep
      .u16(0) // landmark points
      .u8(0)
      .u8(0)
      .u8(0)
      .u8(0)
      .u8(0)
      .u8(0)
      .u8(0)
      .u16(0) // gender, eyes, hair, height, property mask (3), expression
      .u8(0)
      .u8(0)
      .u8(0)
      .u8(0)
      .u8(0)
      .u8(0) // pose angles and uncertainties
      .u8(1)
      .u8(3)
      .u16(image.width)
      .u16(image.height)
      .u8(0)
      .u16(0)
      .u8(0)
      .u8(2) // full frontal, PNG, size, …, greyscale
      .bytes(image.data);
  }
  const repBody = rep.done();
  const representation = Buffer.concat([new Writer().u32(repBody.length + 4).done(), repBody]);
  const [magic, version] = MAGIC[type];
  const general = new Writer().text(magic).text(version);
  const headerLength = type === 'Finger' ? 15 : type === 'Iris' ? 16 : 17;
  general
    .u32(headerLength + representation.length)
    .u16(1)
    .u8(0);
  if (type === 'Iris') general.u8(input.subType === 'Right' || input.subType === 'Left' ? 1 : 0);
  if (type === 'Face') general.u16(0);
  return Buffer.concat([general.done(), representation]);
}

/** Thrown by readIsoRecord on anything that is not a record buildIsoRecord could have made. */
export class IsoRecordError extends Error {}

/**
 * Reads back a record made by buildIsoRecord (or a real device using the same fields).
 * @example const { type, position, image } = readIsoRecord(iso);
 */
export function readIsoRecord(bytes: Uint8Array): IsoRecord {
  const b = Buffer.from(bytes);
  let o = 0;
  const need = (n: number) => {
    if (o + n > b.length) throw new IsoRecordError('record truncated');
  };
  const u8 = () => (need(1), b.readUInt8((o += 1) - 1));
  const u16 = () => (need(2), b.readUInt16BE((o += 2) - 2));
  const u32 = () => (need(4), b.readUInt32BE((o += 4) - 4));
  const take = (n: number) => (need(n), b.subarray(o, (o += n)));
  const magic = take(8).toString('latin1');
  const type = (Object.keys(MAGIC) as BioType[]).find((t) => magic === `${MAGIC[t][0]}\0${MAGIC[t][1]}\0`);
  if (!type) throw new IsoRecordError('not an ISO/IEC 19794-4/-5/-6:2011 record');
  if (u32() !== b.length) throw new IsoRecordError('record length does not match');
  if (u16() < 1) throw new IsoRecordError('no representation');
  u8(); // certification flag
  if (type === 'Iris') u8();
  if (type === 'Face') u16();
  const repStart = o;
  const repLength = u32();
  if (repStart + repLength > b.length) throw new IsoRecordError('representation truncated');
  const year = u16();
  const [month, day, hour, minute, second] = [u8(), u8(), u8(), u8(), u8()];
  const captureTime = new Date(Date.UTC(year, month - 1, day, hour, minute, second, u16()));
  take(5); // technology, vendor, device type
  const qualityBlocks = u8();
  let quality = 0;
  for (let i = 0; i < qualityBlocks; i++) {
    const q = u8();
    if (i === 0) quality = q;
    take(4);
  }
  let position = 0;
  let image: IsoImage;
  if (type === 'Finger') {
    position = u8();
    take(1 + 1 + 8 + 3);
    const width = u16();
    const height = u16();
    image = { width, height, data: take(u32()) };
  } else if (type === 'Iris') {
    u16();
    position = u8();
    take(3); // image type, image format, property bits
    const width = u16();
    const height = u16();
    take(1 + 2 + 4 + 12);
    image = { width, height, data: take(u32()) };
  } else {
    const landmarks = u16();
    take(9 + 6 + landmarks * 8 + 2); // facial information, pose, landmarks, image type and data type
    const width = u16();
    const height = u16();
    take(5);
    image = { width, height, data: take(repStart + repLength - o) };
  }
  const subType =
    type === 'Finger'
      ? (Object.keys(FINGER_POSITIONS).find((k) => FINGER_POSITIONS[k] === position) ?? 'UNKNOWN')
      : type === 'Iris'
        ? (Object.keys(EYE_LABELS).find((k) => EYE_LABELS[k] === position) ?? 'UNKNOWN')
        : '';
  return { type, subType, position, image, quality, captureTime };
}
