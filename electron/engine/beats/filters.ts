/** Second-order IIR section: b0 b1 b2 / 1 a1 a2. */
export interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

function designBiquad(kind: 'low' | 'high', fc: number, fs: number, q: number): Biquad {
  // Bilinear transform with prewarping (RBJ cookbook), which for Butterworth Qs gives the
  // same response as scipy.signal.butter's digital design.
  const w0 = (2 * Math.PI * fc) / fs;
  const cos = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * q);
  const a0 = 1 + alpha;
  const b1 = kind === 'low' ? 1 - cos : -(1 + cos);
  const b0 = kind === 'low' ? (1 - cos) / 2 : (1 + cos) / 2;
  return { b0: b0 / a0, b1: b1 / a0, b2: b0 / a0, a1: (-2 * cos) / a0, a2: (1 - alpha) / a0 };
}

/** Butterworth low- or high-pass of even order as biquads (pole pairs with Q = 1 / (2 sin θk)). */
export function designButterworth(kind: 'low' | 'high', order: number, fc: number, fs: number): Biquad[] {
  if (order % 2 !== 0 || order < 2) throw new Error('Butterworth order must be even and ≥ 2');
  if (fc <= 0 || fc >= fs / 2) throw new Error(`cut-off ${fc} Hz is outside (0, ${fs / 2}) Hz`);
  const sections: Biquad[] = [];
  for (let k = 1; k <= order / 2; k++) {
    const q = 1 / (2 * Math.sin(((2 * k - 1) * Math.PI) / (2 * order)));
    sections.push(designBiquad(kind, fc, fs, q));
  }
  return sections;
}

/** Band-pass as a high-pass cascade then a low-pass cascade (each of `order`). */
export function designBandPass(lowHz: number, highHz: number, fs: number, order = 2): Biquad[] {
  const high = Math.min(highHz, fs * 0.45);
  return [...designButterworth('high', order, lowHz, fs), ...designButterworth('low', order, high, fs)];
}

function runSection(s: Biquad, x: Float64Array): void {
  // Direct form II transposed, started in steady state for the first value to limit the edge transient.
  const dc = (s.b0 + s.b1 + s.b2) / (1 + s.a1 + s.a2);
  const x0 = x[0] ?? 0;
  const y0 = dc * x0;
  let z1 = y0 - s.b0 * x0;
  let z2 = s.b2 * x0 - s.a2 * y0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const yi = s.b0 * xi + z1;
    z1 = s.b1 * xi - s.a1 * yi + z2;
    z2 = s.b2 * xi - s.a2 * yi;
    x[i] = yi;
  }
}

/**
 * Zero-phase filtering (forward then backward) with odd reflection padding at both ends, as
 * scipy's filtfilt does, so QRS positions are not delayed and the edges do not ring.
 */
export function filtfilt(sections: Biquad[], input: ArrayLike<number>, padLength?: number): Float64Array {
  const n = input.length;
  if (n === 0) return new Float64Array(0);
  const pad = Math.max(0, Math.min(n - 1, padLength ?? 3 * (2 * sections.length + 1)));
  const ext = new Float64Array(n + 2 * pad);
  const first = input[0]!;
  const last = input[n - 1]!;
  for (let i = 0; i < pad; i++) ext[i] = 2 * first - input[pad - i]!;
  for (let i = 0; i < n; i++) ext[pad + i] = input[i]!;
  for (let i = 0; i < pad; i++) ext[pad + n + i] = 2 * last - input[n - 2 - i]!;
  for (const s of sections) runSection(s, ext);
  ext.reverse();
  for (const s of sections) runSection(s, ext);
  ext.reverse();
  return ext.slice(pad, pad + n);
}
