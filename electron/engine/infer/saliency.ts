/**
 * Saliency of one class over the model window: its CAM row (`steps` values spanning the window
 * uniformly) interpolated linearly to the `length` window samples, negative evidence cut at 0
 * (Grad-CAM's ReLU), then divided by the maximum. A map with no positive value is all zeros.
 * Step t sits over sample t·L/steps, not the middle of its 8-sample bin: the net reaches 18 steps
 * through 'same'-padded stride-2 convolutions, and each puts output t over input 2t.
 */
export function computeSaliency(
  cam: ArrayLike<number>,
  classIndex: number,
  steps: number,
  length: number,
): Float32Array {
  const out = new Float32Array(length);
  const row = classIndex * steps;
  const ratio = steps / length;
  let max = 0;
  for (let j = 0; j < length; j++) {
    const u = Math.min(steps - 1, j * ratio);
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
