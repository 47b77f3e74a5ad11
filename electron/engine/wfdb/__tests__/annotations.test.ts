import { describe, expect, it } from 'vitest';
import { encodeAtr, getAuxText, readAtr, type WfdbAnnotation } from '../annotations';
import { getAamiClass, getMitCode, MIT_TO_AAMI } from '../aami-map';

function ann(sample: number, symbol: string, extra: Partial<WfdbAnnotation> = {}): WfdbAnnotation {
  return { sample, code: getMitCode(symbol), symbol, subtype: 0, chan: 0, num: 0, aux: null, ...extra };
}

/** Little-endian words → bytes, as an .atr file stores them. */
function wordsToBytes(words: number[]): Uint8Array {
  const out = new Uint8Array(words.length * 2);
  words.forEach((w, i) => {
    out[2 * i] = w & 0xff;
    out[2 * i + 1] = w >> 8;
  });
  return out;
}

describe('MIT annotation format', () => {
  it('decodes a hand-built stream with SKIP, SUB, CHN, NUM and AUX words', () => {
    const bytes = wordsToBytes([
      (28 << 10) | 7, // '+' at 7
      (63 << 10) | 3,
      0x4e28,
      0x0000, // AUX "(N\0", padded to 4 bytes
      (1 << 10) | 100, // 'N' at 107
      (59 << 10) | 0,
      0x0001,
      0x0002, // SKIP 65538
      (5 << 10) | 0, // 'V' at 65645
      (61 << 10) | 2, // SUB 2
      (62 << 10) | 1, // CHN 1 (persists)
      (60 << 10) | 9, // NUM 9 (persists)
      (13 << 10) | 5, // 'Q' at 65650, chan 1, num 9, subtype 0
      0,
      (1 << 10) | 1, // after the EOF word: ignored
    ]);
    const anns = readAtr(bytes);
    expect(anns.map((a) => [a.sample, a.symbol, a.subtype, a.chan, a.num])).toEqual([
      [7, '+', 0, 0, 0],
      [107, 'N', 0, 0, 0],
      [65645, 'V', 2, 1, 9],
      [65650, 'Q', 0, 1, 9],
    ]);
    expect(getAuxText(anns[0]!)).toBe('(N');
    expect(encodeAtr(anns)).toEqual(bytes.subarray(0, bytes.length - 2));
  });

  it('round-trips annotations that use every modifier, negative intervals included', () => {
    const anns = [
      ann(0, 'N'),
      ann(5000, '+', { aux: new Uint8Array([0x28, 0x41, 0x46, 0x49, 0x42, 0]) }),
      ann(5001, 'V', { subtype: 3, chan: 1, num: 4 }),
      ann(4990, '~', { chan: 1, num: 4, aux: new Uint8Array([0x61]) }),
      ann(2 ** 24, 'A', { chan: 0, num: 0 }),
    ];
    const back = readAtr(encodeAtr(anns));
    expect(back).toEqual(anns.map((a) => ({ ...a })));
  });

  it('maps MIT codes to AAMI classes through the one table', () => {
    expect(Object.keys(MIT_TO_AAMI).sort()).toEqual(
      ['/', 'A', 'E', 'F', 'J', 'L', 'N', 'Q', 'R', 'S', 'V', 'a', 'e', 'f', 'j'].sort(),
    );
    expect(getAamiClass('L')).toBe('N');
    expect(getAamiClass('J')).toBe('S');
    expect(getAamiClass('E')).toBe('V');
    expect(getAamiClass('f')).toBe('Q');
    expect(getAamiClass('+')).toBeNull();
    expect(getAamiClass('x')).toBeNull();
    expect(getAamiClass('toString')).toBeNull();
  });
});
