/**
 * The beat model's input contract (models/INPUT_CONTRACT.md), as pure functions over numbers read
 * from the model manifest's `input` object. The training code (models/train/contract.py)
 * implements the same; a golden file checks that both agree.
 */

export interface BeatInputSpec {
  /** Window sampling rate, Hz. */
  fs: number;
  before: number;
  after: number;
  stdFloorMv: number;
  rhythmClip: number;
  /** Beats either side whose RR intervals form the local median. */
  rhythmLocalBeats: number;
  rhythmMinBeats: number;
}

/** Contract v1 values for the rhythm fields a manifest may leave out (the doc fixes them). */
const RHYTHM_V1 = { clip: 2, localBeats: 5, minBeats: 3 } as const;
export const ECG_RHYTHM_FEATURES = 7;

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Read the spec from a manifest-like `input` object (either the zod ModelInput or contract.py's spelling). */
export function readBeatInputSpec(input: unknown): BeatInputSpec {
  const o = (input ?? {}) as Record<string, unknown>;
  const norm = (o.normalization ?? o.normalisation ?? {}) as Record<string, unknown>;
  const rhythm = (o.rhythm ?? {}) as Record<string, unknown>;
  const fs = num(o.fs);
  const before = num(o.before);
  const after = num(o.after);
  const stdFloorMv = num(norm.floor_mv) ?? num(norm.std_floor_mv);
  if (fs === undefined || before === undefined || after === undefined || stdFloorMv === undefined) {
    throw new Error('model input spec needs fs, before, after and normalization.floor_mv');
  }
  return {
    fs,
    before,
    after,
    stdFloorMv,
    rhythmClip: num(rhythm.clip) ?? RHYTHM_V1.clip,
    rhythmLocalBeats: num(rhythm.local_window_beats) ?? RHYTHM_V1.localBeats,
    rhythmMinBeats: num(rhythm.min_beats) ?? RHYTHM_V1.minBeats,
  };
}

/**
 * Raw window in the lead's units: `before + after` values at spec.fs, R at index `before`.
 * Output j sits at t_R + (j − before)/fs; linear interpolation, clamped at the lead's ends.
 */
export function extractBeatWindow(
  signal: ArrayLike<number>,
  rSample: number,
  fsIn: number,
  spec: BeatInputSpec,
): Float64Array {
  const len = spec.before + spec.after;
  const out = new Float64Array(len);
  const last = signal.length - 1;
  const step = fsIn / spec.fs;
  for (let j = 0; j < len; j++) {
    let pos = rSample + (j - spec.before) * step;
    if (pos < 0) pos = 0;
    else if (pos > last) pos = last;
    const i0 = Math.floor(pos);
    const i1 = i0 + 1 > last ? last : i0 + 1;
    const f = pos - i0;
    out[j] = signal[i0]! * (1 - f) + signal[i1]! * f;
  }
  return out;
}

function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/** Subtract the median, divide by max(population std, floor). */
export function normalizeBeatWindow(window: Float64Array, spec: BeatInputSpec): Float32Array {
  const n = window.length;
  const med = median(window);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += window[i]! - med;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = window[i]! - med - mean;
    ss += d * d;
  }
  const scale = Math.max(Math.sqrt(ss / n), spec.stdFloorMv);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (window[i]! - med) / scale;
  return out;
}

/** The contract's `beat` row for one R peak. */
export function computeBeatInput(
  signal: ArrayLike<number>,
  rSample: number,
  fsIn: number,
  spec: BeatInputSpec,
): Float32Array {
  return normalizeBeatWindow(extractBeatWindow(signal, rSample, fsIn, spec), spec);
}

function medianOf(arr: ArrayLike<number>, start: number, end: number): number {
  const s = new Float64Array(end - start);
  for (let i = start; i < end; i++) s[i - start] = arr[i]!;
  s.sort();
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/**
 * The contract's `rhythm` rows, n×7 flattened: ln ratios of pre/post/local/record RR, clipped,
 * then 1 = available. Fewer than rhythmMinBeats beats: every value 0 (no rhythm).
 */
export function computeRhythmFeatures(tSeconds: ArrayLike<number>, spec: BeatInputSpec): Float32Array {
  const n = tSeconds.length;
  const out = new Float32Array(n * ECG_RHYTHM_FEATURES);
  if (n < spec.rhythmMinBeats || n < 2) return out;
  const rr = new Float64Array(n - 1);
  for (let k = 0; k < n - 1; k++) rr[k] = tSeconds[k + 1]! - tSeconds[k]!;
  const record = medianOf(rr, 0, n - 1);
  const clip = spec.rhythmClip;
  const k = spec.rhythmLocalBeats;
  const f = (ratio: number) => Math.min(clip, Math.max(-clip, Math.log(ratio)));
  for (let i = 0; i < n; i++) {
    const local = medianOf(rr, Math.max(0, i - k), Math.min(n - 1, i + k));
    const pre = i > 0 ? tSeconds[i]! - tSeconds[i - 1]! : local;
    const post = i < n - 1 ? tSeconds[i + 1]! - tSeconds[i]! : local;
    const o = i * ECG_RHYTHM_FEATURES;
    out[o] = f(pre / local);
    out[o + 1] = f(post / local);
    out[o + 2] = f(pre / record);
    out[o + 3] = f(post / record);
    out[o + 4] = f(local / record);
    out[o + 5] = f(pre / post);
    out[o + 6] = 1;
  }
  return out;
}

export interface RhythmContextSeconds {
  preRR: number;
  postRR: number;
  localRR: number;
  recordRR: number;
}

/** RR context of every beat in seconds (pre, post, local, record), or null without rhythm. */
export function computeRhythmContexts(tSeconds: ArrayLike<number>, spec: BeatInputSpec): RhythmContextSeconds[] | null {
  const n = tSeconds.length;
  if (n < spec.rhythmMinBeats || n < 2) return null;
  const rr = new Float64Array(n - 1);
  for (let k = 0; k < n - 1; k++) rr[k] = tSeconds[k + 1]! - tSeconds[k]!;
  const recordRR = medianOf(rr, 0, n - 1);
  const out: RhythmContextSeconds[] = [];
  for (let i = 0; i < n; i++) {
    const localRR = medianOf(rr, Math.max(0, i - spec.rhythmLocalBeats), Math.min(n - 1, i + spec.rhythmLocalBeats));
    out.push({
      preRR: i > 0 ? rr[i - 1]! : localRR,
      postRR: i < n - 1 ? rr[i]! : localRR,
      localRR,
      recordRR,
    });
  }
  return out;
}

/**
 * Contract v1 (models/INPUT_CONTRACT.md) for when no model manifest is loaded (digitizing
 * without classifying). Code that has a manifest reads its `input` with readBeatInputSpec.
 */
export const ECG_BEAT_INPUT_V1: BeatInputSpec = {
  fs: 180,
  before: 64,
  after: 80,
  stdFloorMv: 0.01,
  rhythmClip: RHYTHM_V1.clip,
  rhythmLocalBeats: RHYTHM_V1.localBeats,
  rhythmMinBeats: RHYTHM_V1.minBeats,
};
