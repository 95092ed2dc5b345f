// ZFM frame codec: the probe vector from sbi.md, strict decoding with typed errors, and the
// stream reader's resynchronisation on noise.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZfmError } from './zfm-errors.js';
import {
  decodeZfmFrame,
  encodeZfmFrame,
  ZFM_DEFAULT_ADDRESS,
  ZFM_PID,
  zfmChecksum,
  ZfmFrameReader,
  type ZfmFrame,
} from './zfm-frame.js';
import { packZfmImage, unpackZfmImage } from './zfm-image.js';

const PROBE_HEX = 'EF01FFFFFFFF0100071300000000001B';
const ack = (...payload: number[]) =>
  encodeZfmFrame({ address: ZFM_DEFAULT_ADDRESS, pid: ZFM_PID.ack, payload: Buffer.from(payload) });

function decodeError(bytes: Buffer, address?: number): ZfmError {
  try {
    decodeZfmFrame(bytes, address);
  } catch (e) {
    expect(e).toBeInstanceOf(ZfmError);
    return e as ZfmError;
  }
  throw new Error('decoded');
}

describe('encode and decode', () => {
  it('encodes the VfyPwd probe of sbi.md byte for byte', () => {
    const frame = encodeZfmFrame({
      address: ZFM_DEFAULT_ADDRESS,
      pid: ZFM_PID.command,
      payload: Buffer.from([0x13, 0, 0, 0, 0]),
    });
    expect(frame.toString('hex').toUpperCase()).toBe(PROBE_HEX);
    expect(zfmChecksum(0x01, Buffer.from([0x13, 0, 0, 0, 0]))).toBe(0x1b);
  });

  it('decodes the probe and an OK acknowledgement', () => {
    expect(decodeZfmFrame(Buffer.from(PROBE_HEX, 'hex'))).toEqual({
      address: 0xffffffff,
      pid: 0x01,
      payload: Buffer.from([0x13, 0, 0, 0, 0]),
    });
    expect(decodeZfmFrame(Buffer.from('EF01FFFFFFFF07000300000A', 'hex')).payload).toEqual(Buffer.from([0]));
  });

  it('round-trips any frame', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.constantFrom(ZFM_PID.command, ZFM_PID.data, ZFM_PID.ack, ZFM_PID.endOfData),
        fc.uint8Array({ maxLength: 256 }),
        (address, pid, payload) => {
          const frame: ZfmFrame = { address, pid, payload: Buffer.from(payload) };
          expect(decodeZfmFrame(encodeZfmFrame(frame), address)).toEqual(frame);
        },
      ),
    );
  });

  it('rejects a bad header, address, PID, length and checksum with typed errors', () => {
    const good = Buffer.from(PROBE_HEX, 'hex');
    const bad = (at: number, value: number) => Buffer.from(good.map((b, i) => (i === at ? value : b)));
    expect(decodeError(bad(0, 0xee)).code).toBe('ERR_ZFM_FRAME_HEADER');
    expect(decodeError(good, 0x12345678).code).toBe('ERR_ZFM_FRAME_ADDRESS');
    expect(decodeError(bad(6, 0x05)).code).toBe('ERR_ZFM_FRAME_PID');
    expect(decodeError(bad(8, 0x08)).code).toBe('ERR_ZFM_FRAME_LENGTH'); // LEN says one byte more than sent
    expect(decodeError(bad(8, 0x01)).code).toBe('ERR_ZFM_FRAME_LENGTH'); // LEN below 2
    expect(decodeError(good.subarray(0, 8)).code).toBe('ERR_ZFM_FRAME_LENGTH');
    expect(decodeError(Buffer.concat([good, Buffer.from([0])])).code).toBe('ERR_ZFM_FRAME_LENGTH');
    const e = decodeError(bad(15, 0x1c));
    expect(e.code).toBe('ERR_ZFM_FRAME_CHECKSUM');
    expect(e.bridgeCode).toBe('ERR_BRIDGE_MALFORMED_RESPONSE');
  });

  it('refuses to encode an oversized payload', () => {
    expect(() => encodeZfmFrame({ address: 0, pid: ZFM_PID.data, payload: Buffer.alloc(257) })).toThrow(RangeError);
  });
});

describe('stream reader', () => {
  it('reads frames split across chunks at every byte', () => {
    const stream = Buffer.concat([ack(0), ack(0, 0, 7)]);
    for (let cut = 0; cut <= stream.length; cut++) {
      const reader = new ZfmFrameReader(ZFM_DEFAULT_ADDRESS);
      const got = [...reader.push(stream.subarray(0, cut)), ...reader.push(stream.subarray(cut))];
      expect(got.map((f) => (f as ZfmFrame).payload.toString('hex'))).toEqual(['00', '000007']);
    }
  });

  it('skips noise, false headers and frames for other addresses until a valid header', () => {
    const reader = new ZfmFrameReader(ZFM_DEFAULT_ADDRESS);
    const noise = Buffer.from([0x00, 0xef, 0xef, 0x55, 0xef, 0x01, 0xff, 0xff, 0xff, 0xff, 0x42, 0x00, 0x03]);
    const otherAddress = encodeZfmFrame({ address: 0x00000001, pid: ZFM_PID.ack, payload: Buffer.from([9]) });
    const got = reader.push(Buffer.concat([noise, otherAddress, ack(0x02)]));
    expect(got).toHaveLength(1);
    expect((got[0] as ZfmFrame).payload).toEqual(Buffer.from([0x02]));
    expect(reader.discarded).toBe(noise.length + otherAddress.length);
  });

  it('reports a frame with a bad checksum in its place and carries on after it', () => {
    const reader = new ZfmFrameReader();
    const broken = ack(0);
    broken[broken.length - 1]! ^= 1;
    const got = reader.push(Buffer.concat([broken, ack(0x13)]));
    expect(got[0]).toBeInstanceOf(ZfmError);
    expect((got[0] as ZfmError).code).toBe('ERR_ZFM_FRAME_CHECKSUM');
    expect((got[1] as ZfmFrame).payload).toEqual(Buffer.from([0x13]));
  });

  it('never throws and never loses a valid frame that follows random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (junk) => {
        const reader = new ZfmFrameReader(ZFM_DEFAULT_ADDRESS);
        // Junk may open a plausible header that swallows bytes; a quiet gap (reset) ends it, as between commands.
        reader.push(junk);
        reader.reset();
        const got = reader.push(ack(0, 1, 2));
        expect(got).toHaveLength(1);
        expect((got[0] as ZfmFrame).payload).toEqual(Buffer.from([0, 1, 2]));
      }),
    );
  });
});

describe('image nibbles', () => {
  it('puts the first pixel in the high nibble and widens 4 to 8 bits', () => {
    expect(unpackZfmImage(Buffer.from([0xf0, 0x1e]))).toEqual(Buffer.from([255, 0, 17, 238]));
    expect(packZfmImage(Buffer.from([255, 0, 17, 238]))).toEqual(Buffer.from([0xf0, 0x1e]));
    expect(packZfmImage(unpackZfmImage(Buffer.from([0x12, 0xab])))).toEqual(Buffer.from([0x12, 0xab]));
  });
});
