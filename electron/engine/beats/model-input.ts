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
  /**
   * Channels of the `beat` tensor: 1 (contract v1, the window alone) or 2 (v2: channel 1 is the
   * context template, computeBeatTemplates).
   */
  channels: 1 | 2;
  /** Beats either side whose windows form the template (v2). */
  templateNeighbours: number;
  /** A lead with fewer beats has no template (all zeros). */
  templateMinBeats: number;
}

/** Contract v1 values for the rhythm fields a manifest may leave out (the doc fixes them). */
const RHYTHM_V1 = { clip: 2, localBeats: 5, minBeats: 3 } as const;
/** Contract v2 template defaults (models/INPUT_CONTRACT.md), for a manifest that leaves them out. */
const TEMPLATE_V2 = { neighbours: 20, minBeats: 3 } as const;
/** Highest input contract version this engine builds. */
export const ECG_INPUT_CONTRACT_VERSION = 2;
export const ECG_RHYTHM_FEATURES = 7;

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * Channel count from the manifest: v2 declares `input.template` (channel 1) and `inputs.beat`
 * [B, 2, L]; v1 has neither. When the tensor shapes are given they must agree with `input`.
 */
function readChannels(o: Record<string, unknown>, inputs: unknown): 1 | 2 {
  const version = num(o.version) ?? 1;
  if (version > ECG_INPUT_CONTRACT_VERSION) {
    throw new Error(
      `model input contract version ${version} is newer than this engine's (${ECG_INPUT_CONTRACT_VERSION})`,
    );
  }
  const template = o.template;
  if (template !== undefined && (typeof template !== 'object' || template === null)) {
    throw new Error('input.template must be an object');
  }
  if (template && num((template as Record<string, unknown>).channel) !== 1) {
    throw new Error('input.template.channel must be 1 (the beat window is channel 0)');
  }
  if (version >= 2 && !template) throw new Error(`input contract version ${version} needs input.template`);
  const channels = template ? 2 : 1;
  const beat = (inputs as Record<string, unknown> | undefined)?.beat;
  const declared = Array.isArray(beat) ? num(beat[1]) : undefined;
  if (declared !== undefined && declared !== channels) {
    throw new Error(
      `inputs.beat declares ${declared} channel(s) but input ${template ? 'declares' : 'has no'} a context template (${channels})`,
    );
  }
  return channels;
}

/**
 * Read the spec from a manifest-like `input` object (either the zod ModelInput or contract.py's
 * spelling). `inputs` (the manifest's tensor shapes), when given, is checked against it.
 */
export function readBeatInputSpec(input: unknown, inputs?: unknown): BeatInputSpec {
  const o = (input ?? {}) as Record<string, unknown>;
  const norm = (o.normalization ?? o.normalisation ?? {}) as Record<string, unknown>;
  const rhythm = (o.rhythm ?? {}) as Record<string, unknown>;
  const template = (o.template ?? {}) as Record<string, unknown>;
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
    channels: readChannels(o, inputs),
    templateNeighbours: num(template.neighbours) ?? TEMPLATE_V2.neighbours,
    templateMinBeats: num(template.min_beats) ?? TEMPLATE_V2.minBeats,
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

/**
 * The contract's context templates (v2, channel 1) of one lead's beats: for beat i the element-wise
 * median of the normalised windows of beats i−K … i+K (K = templateNeighbours, clipped at the lead's
 * ends, beat i included; an even count takes the mean of the middle two, as numpy's median does).
 * `windows` are the channel-0 rows (finite values) in time order. Fewer than templateMinBeats beats:
 * all zeros (no context). The patient's own dominant beat lets the model judge shape relative to it.
 */
export function computeBeatTemplates(windows: readonly Float32Array[], spec: BeatInputSpec): Float32Array[] {
  const n = windows.length;
  const len = n ? windows[0]!.length : 0;
  const out = windows.map(() => new Float32Array(len));
  if (n < spec.templateMinBeats) return out;
  const k = spec.templateNeighbours;
  // Per sample j, a sorted sliding window over the beats (row j of `sorted`): as i advances, one
  // window leaves and one enters, so each step costs O(K) instead of a sort.
  const cap = 2 * k + 2;
  const sorted = new Float64Array(len * cap);
  let size = 0;
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < n; i++) {
    const wantLo = Math.max(0, i - k);
    const wantHi = Math.min(n, i + k + 1);
    for (; lo < wantLo; lo++, size--) {
      const w = windows[lo]!;
      for (let j = 0; j < len; j++) removeSorted(sorted, j * cap, size, w[j]!);
    }
    for (; hi < wantHi; hi++, size++) {
      const w = windows[hi]!;
      for (let j = 0; j < len; j++) insertSorted(sorted, j * cap, size, w[j]!);
    }
    const t = out[i]!;
    const mid = size >> 1;
    for (let j = 0; j < len; j++) {
      const o = j * cap;
      t[j] = size % 2 ? sorted[o + mid]! : (sorted[o + mid - 1]! + sorted[o + mid]!) / 2;
    }
  }
  return out;
}

/** First index in sorted[o, o + size) whose value is > v (after = true) or >= v, relative to o. */
function searchSorted(sorted: Float64Array, o: number, size: number, v: number, after: boolean): number {
  let a = 0;
  let b = size;
  while (a < b) {
    const mid = (a + b) >> 1;
    const x = sorted[o + mid]!;
    if (x < v || (after && x === v)) a = mid + 1;
    else b = mid;
  }
  return a;
}

function insertSorted(sorted: Float64Array, o: number, size: number, v: number): void {
  const at = searchSorted(sorted, o, size, v, true);
  for (let m = size; m > at; m--) sorted[o + m] = sorted[o + m - 1]!;
  sorted[o + at] = v;
}

function removeSorted(sorted: Float64Array, o: number, size: number, v: number): void {
  const at = searchSorted(sorted, o, size, v, false);
  for (let m = at; m < size - 1; m++) sorted[o + m] = sorted[o + m + 1]!;
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
  channels: 1,
  templateNeighbours: TEMPLATE_V2.neighbours,
  templateMinBeats: TEMPLATE_V2.minBeats,
};
