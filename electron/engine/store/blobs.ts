/** Float32 little-endian blobs: how signals, thumbnails, saliency and embeddings sit in SQLite. */
const IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function encodeFloat32(values: ArrayLike<number | null>): Buffer {
  const buf = Buffer.allocUnsafe(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    buf.writeFloatLE(v === null || v === undefined ? Number.NaN : v, i * 4);
  }
  return buf;
}

export function decodeFloat32(blob: Uint8Array): Float32Array {
  const n = blob.byteLength >> 2;
  // Copy: SQLite hands out buffers at any byte offset, and Float32Array views need 4-byte alignment.
  const out = new Float32Array(n);
  new Uint8Array(out.buffer).set(blob.subarray(0, n * 4));
  if (!IS_LITTLE_ENDIAN) {
    const dv = new DataView(blob.buffer, blob.byteOffset, n * 4);
    for (let i = 0; i < n; i++) out[i] = dv.getFloat32(i * 4, true);
  }
  return out;
}

/** Float32 values as JSON-able numbers, NaN (a gap) as null. */
export function toNullableArray(values: Float32Array): (number | null)[] {
  return Array.from(values, (v) => (Number.isNaN(v) ? null : v));
}
