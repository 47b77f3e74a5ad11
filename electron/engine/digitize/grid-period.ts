/** Period of a grid from a 1-D profile: autocorrelation, then a comb score over its multiples. */

function detrend(p: Float64Array, win: number): Float64Array {
  const n = p.length;
  const c = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) c[i + 1] = c[i]! + p[i]!;
  const h = Math.floor(win / 2);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, i - h);
    const b = Math.min(n, i + h + 1);
    out[i] = p[i]! - (c[b]! - c[a]!) / (b - a);
  }
  return out;
}

export function computeAutocorrelation(p: Float64Array, maxLag: number): Float64Array {
  const n = p.length;
  const ac = new Float64Array(maxLag + 1);
  for (let lag = 0; lag <= maxLag; lag++) {
    let s = 0;
    for (let i = 0; i + lag < n; i++) s += p[i]! * p[i + lag]!;
    ac[lag] = s / (n - lag);
  }
  const a0 = ac[0]! || 1;
  for (let lag = 0; lag <= maxLag; lag++) ac[lag] = ac[lag]! / a0;
  return ac;
}

function at(ac: Float64Array, x: number): number {
  const i = Math.floor(x);
  if (i + 1 >= ac.length) return 0;
  const f = x - i;
  return ac[i]! * (1 - f) + ac[i + 1]! * f;
}

/**
 * Mean contrast between the autocorrelation at multiples of `period` and half-way between them,
 * over at most `maxMultiples` multiples (few for a coarse search, many to refine the period).
 */
export function computeCombScore(ac: Float64Array, period: number, maxMultiples = Infinity): number {
  const maxLag = ac.length - 1;
  const k = Math.min(maxMultiples, Math.floor(maxLag / period));
  if (k < 2) return 0;
  let s = 0;
  for (let i = 1; i <= k; i++) s += at(ac, i * period) - at(ac, (i - 0.5) * period);
  return s / k;
}

export interface PeriodEstimate {
  /** Fundamental period in pixels (0 if none): the shortest strong one. */
  period: number;
  score: number;
  /** Autocorrelation at 5 periods minus the mean at 4 and 6: > 0 when every fifth line is heavier. */
  fifthContrast: number;
}

function refine(ac: Float64Array, q0: number, span: number, step: number, multiples: number): number {
  let best = q0;
  let bestS = computeCombScore(ac, q0, multiples);
  for (let q = q0 * (1 - span); q <= q0 * (1 + span); q *= 1 + step) {
    const s = computeCombScore(ac, q, multiples);
    if (s > bestS) {
      bestS = s;
      best = q;
    }
  }
  return best;
}

/**
 * Fundamental period in [minP, maxP] pixels. A comb over a few multiples finds candidates (every
 * multiple of the true period also scores, so the shortest strong candidate is the fundamental);
 * refining with ever more multiples then pins it to ~0.05 %.
 */
export function estimatePeriod(profile: Float64Array, minP: number, maxP: number): PeriodEstimate {
  const n = profile.length;
  const maxLag = Math.min(Math.floor(n * 0.6), 3000);
  const none = { period: 0, score: 0, fifthContrast: 0 };
  const hi = Math.min(maxP, maxLag / 3);
  if (hi < minP) return none;
  const p = detrend(profile, Math.max(9, Math.round(hi * 2) | 1));
  const ac = computeAutocorrelation(p, maxLag);
  const qs: number[] = [];
  const ss: number[] = [];
  for (let q = minP; q <= hi; q *= 1.01) {
    qs.push(q);
    ss.push(computeCombScore(ac, q, 6));
  }
  let top = 0;
  for (const s of ss) top = Math.max(top, s);
  if (top <= 0) return none;
  let q0 = 0;
  for (let i = 0; i < qs.length; i++) {
    const s = ss[i]!;
    const isMax = (i === 0 || s >= ss[i - 1]!) && (i === qs.length - 1 || s >= ss[i + 1]!);
    if (isMax && s >= 0.5 * top) {
      q0 = qs[i]!;
      break;
    }
  }
  let q = refine(ac, q0, 0.015, 0.001, 6);
  q = refine(ac, q, 0.004, 0.0002, 30);
  q = refine(ac, q, 0.001, 0.00005, Infinity);
  const score = computeCombScore(ac, q, 6);
  let fifthContrast = 0;
  if (6 * q < maxLag) fifthContrast = at(ac, 5 * q) - (at(ac, 4 * q) + at(ac, 6 * q)) / 2;
  return { period: q, score, fifthContrast };
}
