import { describe, expect, it } from 'vitest';
import { decodeFloat32, encodeFloat32, toNullableArray } from '../blobs';
import { computeBeatThumb } from '../thumb';

describe('Float32 blobs', () => {
  it('round-trip values and gaps (null/NaN) through little-endian bytes, from any byte offset', () => {
    const values = [0, -1.5, 3.25, null, 1e-3];
    const buf = encodeFloat32(values);
    expect(buf.byteLength).toBe(20);
    expect(buf.readFloatLE(4)).toBe(-1.5);
    const shifted = Buffer.concat([Buffer.from([7]), buf]).subarray(1); // odd byteOffset
    const back = decodeFloat32(shifted);
    expect(toNullableArray(back)).toEqual([0, -1.5, 3.25, null, Math.fround(1e-3)]);
  });
});

describe('computeBeatThumb', () => {
  it('averages buckets of the window', () => {
    const s = Float32Array.from({ length: 100 }, (_, i) => i);
    const t = computeBeatThumb(s, 10, 30, 4); // buckets [10,15) [15,20) [20,25) [25,30)
    expect(Array.from(t)).toEqual([12, 17, 22, 27]);
  });

  it('clips to the samples that exist and leaves all-gap buckets NaN', () => {
    const s = Float32Array.from([1, 1, NaN, NaN, 5, 5]);
    const t = computeBeatThumb(s, -2, 6, 4); // buckets [-2,0) [0,2) [2,4) [4,6)
    expect(Number.isNaN(t[0])).toBe(true);
    expect(t[1]).toBe(1);
    expect(Number.isNaN(t[2])).toBe(true);
    expect(t[3]).toBe(5);
  });
});
