import { AAMI_CLASSES, type AamiClass } from '../../common/ecg/aami';
import { type Beat, formatBeatId } from '../../common/schemas/beat';
import type { SourceImage } from '../../common/schemas/image';
import { formatModelId } from '../../common/schemas/prediction';
import type { ModelRegistration, PredictionInput } from '../../common/services/review-store';
import type { ReviewStore } from '../../electron/engine/store/review-store';
import { hashBytes } from '../../electron/engine/util/hash';

/** Deterministic PRNG (mulberry32) so fixtures and benchmarks are reproducible. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticSetOptions {
  images: number;
  leadsPerImage: number;
  beatsPerLead: number;
  fs?: number;
  seed?: number;
  embeddingDim?: number;
  /** Folder the fake image paths live in (export refuses to write there). */
  folder?: string;
  modelVersion?: string;
  /** Shift every R sample by this many samples (a re-digitized copy of the same images). */
  rShift?: number;
}

export interface SyntheticSet {
  imageShas: string[];
  beatIds: string[];
  /** The class each beat was drawn from (the fake model mostly predicts it). */
  truth: Map<string, AamiClass>;
  model: ModelRegistration;
  modelId: string;
}

const LEAD_NAMES = ['II', 'V1', 'V5', 'I', 'aVF', 'III'];
// Class shares roughly as in MIT-BIH DS1, with the rare classes boosted so tests see all of them.
const CLASS_WEIGHTS = [0.7, 0.1, 0.12, 0.05, 0.03];

function pickClass(r: number): AamiClass {
  let acc = 0;
  for (let i = 0; i < CLASS_WEIGHTS.length; i++) {
    acc += CLASS_WEIGHTS[i]!;
    if (r < acc) return AAMI_CLASSES[i]!;
  }
  return 'Q';
}

/**
 * Fill a store with a fake batch: images, leads with ECG-like spikes (a QRS-shaped bump per beat whose
 * width depends on the class), beats, and predictions of a fake 5-fold model whose embeddings cluster
 * by class. Fake signals are enough for the store and exporter; real-signal tests use MIT-BIH.
 */
export function fillSyntheticReviewSet(store: ReviewStore, opts: SyntheticSetOptions): SyntheticSet {
  const fs = opts.fs ?? 250;
  const rnd = createRng(opts.seed ?? 1);
  const dim = opts.embeddingDim ?? 16;
  const centroids = AAMI_CLASSES.map(() => Array.from({ length: dim }, () => rnd() * 2 - 1));
  const modelRef = {
    name: 'fake-beat-net',
    version: opts.modelVersion ?? '1.0.0',
    sha256: hashBytes(Buffer.from('fake model weights')),
  };
  const model: ModelRegistration = {
    ref: modelRef,
    manifest: { name: modelRef.name, version: modelRef.version, classes: [...AAMI_CLASSES] },
  };
  const modelId = formatModelId(modelRef);
  const out: SyntheticSet = { imageShas: [], beatIds: [], truth: new Map(), model, modelId };
  for (let im = 0; im < opts.images; im++) {
    const sha = hashBytes(Buffer.from(`synthetic image ${opts.seed ?? 1} ${im}`));
    const image: SourceImage = {
      sha256: sha,
      path: `${opts.folder ?? '/data/scans'}/scan-${String(im).padStart(5, '0')}.png`,
      format: 'png',
      width: 2200,
      height: 1700,
      bytes: 500_000 + im,
      kind: 'strip',
      status: 'pending',
      reasons: [],
    };
    store.upsertImage(image);
    out.imageShas.push(sha);
    const beats: Beat[] = [];
    const preds: PredictionInput[] = [];
    for (let li = 0; li < opts.leadsPerImage; li++) {
      const lead = LEAD_NAMES[li % LEAD_NAMES.length]! + (li >= LEAD_NAMES.length ? `_${li}` : '');
      const rr = Math.round(0.8 * fs);
      const n = rr * (opts.beatsPerLead + 1);
      const samples = new Float32Array(n);
      for (let i = 0; i < n; i++) samples[i] = 0.05 * Math.sin((2 * Math.PI * i) / (fs * 3)) + 0.01 * (rnd() - 0.5);
      for (let b = 0; b < opts.beatsPerLead; b++) {
        const cls = pickClass(rnd());
        const r = rr * (b + 1) + Math.round((rnd() - 0.5) * 0.1 * fs) + (opts.rShift ?? 0);
        const width = (cls === 'V' || cls === 'F' ? 0.06 : 0.02) * fs;
        for (let i = Math.max(0, r - 4 * width); i < Math.min(n, r + 4 * width); i++) {
          samples[i] = samples[i]! + (cls === 'V' ? -1 : 1) * 1.2 * Math.exp(-(((i - r) / width) ** 2));
        }
        const id = formatBeatId(sha, lead, r);
        beats.push({
          id,
          imageSha256: sha,
          lead,
          rSample: r,
          fs,
          windowStart: r - Math.round(0.356 * fs),
          windowEnd: r + Math.round(0.444 * fs),
          rhythm: { preRR: 0.8, postRR: 0.8, localRR: 0.8, recordRR: 0.8 },
        });
        out.truth.set(id, cls);
        out.beatIds.push(id);
        // The fake model is right ~85% of the time and unsure in proportion.
        const right = rnd() < 0.85;
        const predicted = right ? cls : AAMI_CLASSES[Math.floor(rnd() * 5)]!;
        const probs = AAMI_CLASSES.map((c) => (c === predicted ? 0.5 + 0.5 * rnd() : rnd() * 0.2));
        const sum = probs.reduce((a, v) => a + v, 0);
        const p = probs.map((v) => v / sum);
        const entropy = -p.reduce((a, v) => a + (v > 0 ? v * Math.log(v) : 0), 0);
        const c = AAMI_CLASSES.indexOf(cls);
        preds.push({
          beatId: id,
          modelId,
          probs: p,
          foldProbs: Array.from({ length: 5 }, () => p),
          predicted: AAMI_CLASSES[p.indexOf(Math.max(...p))]!,
          entropy,
          mutualInfo: 0.01 * rnd(),
          abstain: entropy > 1.2,
          rhythmUsed: true,
          saliency: Array.from({ length: 18 }, (_, k) => k / 17),
          embedding: centroids[c]!.map((v) => v + 0.3 * (rnd() - 0.5)),
        });
      }
      store.insertLead({ imageSha256: sha, name: lead, fs, samples, pixelMap: null, quality: null });
    }
    store.insertBeats(beats);
    store.insertPredictions(model, preds);
    store.markImageStatus(sha, 'ok');
  }
  return out;
}
