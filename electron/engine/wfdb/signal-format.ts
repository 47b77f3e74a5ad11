/**
 * WFDB sample storage formats. Both decoders return the interleaved sample stream of one .dat file
 * (frame after frame, signal after signal) as ADC units.
 */
export const WFDB_SUPPORTED_FORMATS = [212, 16] as const;

/** Format 212: each pair of samples packed in 3 bytes, 12-bit two's complement. */
export function decode212(bytes: Uint8Array, nSamples?: number): Int16Array {
  // A trailing 2-byte remainder still holds one whole sample.
  const available = Math.floor(bytes.length / 3) * 2 + (bytes.length % 3 >= 2 ? 1 : 0);
  const n = Math.min(nSamples ?? available, available);
  const out = new Int16Array(n);
  for (let i = 0, b = 0; i < n; i += 2, b += 3) {
    const b0 = bytes[b]!;
    const b1 = bytes[b + 1]!;
    const s0 = b0 | ((b1 & 0x0f) << 8);
    out[i] = s0 > 2047 ? s0 - 4096 : s0;
    if (i + 1 < n) {
      const s1 = bytes[b + 2]! | ((b1 & 0xf0) << 4);
      out[i + 1] = s1 > 2047 ? s1 - 4096 : s1;
    }
  }
  return out;
}

/** Inverse of decode212; samples must fit in 12 bits (-2048..2047). */
export function encode212(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(samples.length / 2) * 3);
  for (let i = 0, b = 0; i < samples.length; i += 2, b += 3) {
    const s0 = samples[i]!;
    const s1 = i + 1 < samples.length ? samples[i + 1]! : 0;
    if (s0 < -2048 || s0 > 2047 || s1 < -2048 || s1 > 2047)
      throw new Error(`format 212 cannot hold sample ${s0}/${s1}`);
    out[b] = s0 & 0xff;
    out[b + 1] = ((s0 >> 8) & 0x0f) | ((s1 >> 4) & 0xf0);
    out[b + 2] = s1 & 0xff;
  }
  return out;
}

/** Format 16: little-endian two's complement int16. */
export function decode16(bytes: Uint8Array, nSamples?: number): Int16Array {
  const n = Math.min(nSamples ?? bytes.length >> 1, bytes.length >> 1);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}

export function encode16(samples: Int16Array): Uint8Array {
  const out = new Uint8Array(samples.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(i * 2, samples[i]!, true);
  return out;
}

export function decodeSamples(format: number, bytes: Uint8Array, nSamples?: number): Int16Array {
  if (format === 212) return decode212(bytes, nSamples);
  if (format === 16) return decode16(bytes, nSamples);
  throw new Error(`WFDB signal format ${format} is not supported (supported: ${WFDB_SUPPORTED_FORMATS.join(', ')})`);
}

/** WFDB's per-signal checksum: the sum of all samples, kept as a signed 16-bit integer. */
export function computeChecksum(samples: ArrayLike<number>, start = 0, step = 1): number {
  let sum = 0;
  for (let i = start; i < samples.length; i += step) sum = (sum + samples[i]!) & 0xffff;
  return sum > 32767 ? sum - 65536 : sum;
}
