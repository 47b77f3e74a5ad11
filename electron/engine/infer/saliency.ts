/**
 * Saliency of one class over the model window: its CAM row (`steps` values spanning the window
 * uniformly, step t centred on sample (t + ½)·L/steps − ½) interpolated linearly to the `length`
 * window samples, negative evidence cut at 0 (Grad-CAM's ReLU), then divided by the maximum.
 * A map with no positive value is all zeros.
 */
export function computeSaliency(cam: ArrayLike<number>, classIndex: number, steps: number, length: number): Float32Array {
  const out = new Float32Array(length);
  const row = classIndex * steps;
  const ratio = steps / length;
  let max = 0;
  for (let j = 0; j < length; j++) {
    const u = Math.min(steps - 1, Math.max(0, (j + 0.5) * ratio - 0.5));
    const t0 = Math.floor(u);
    const t1 = Math.min(steps - 1, t0 + 1);
    const f = u - t0;
    const v = cam[row + t0]! * (1 - f) + cam[row + t1]! * f;
    const r = v > 0 ? v : 0;
    out[j] = r;
    if (r > max) max = r;
  }
  if (max > 0) for (let j = 0; j < length; j++) out[j]! /= max;
  return out;
}
