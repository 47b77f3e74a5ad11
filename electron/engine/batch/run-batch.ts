import { randomUUID } from 'node:crypto';
import type { BeatInference, InferenceService } from '../../../common/inference';
import type { BatchProgress } from '../../../common/schemas/batch';
import type { RefusalCode, SourceImage } from '../../../common/schemas/image';
import type { ModelRegistration, PredictionInput } from '../../../common/services/review-store';
import { type BeatInputSpec, ECG_BEAT_INPUT_V1 } from '../beats/model-input';
import { walkFolder } from '../scan/walk-folder';
import type { ReviewStore } from '../store/review-store';
import { runBulkWrite } from '../store/store-writers';
import { buildBeatInputs, type PreparedBeat } from './build-beat-inputs';
import { classifySheets, type RecordClassifier } from './classify-sheets';
import type { DigitizedImage, Digitizer } from './digitized-image';
import { prepareFiles } from './prepare-files';
import { ProgressTracker } from './progress';
import { isInShard, type Shard } from './shard';

/** Images are committed in groups: one transaction and one model run per group. */
export const ECG_BATCH_FLUSH_BEATS = 512;
export const ECG_BATCH_FLUSH_IMAGES = 64;
const ECG_PROGRESS_INTERVAL_MS = 150;

export interface BatchOptions {
  folder: string;
  store: ReviewStore;
  digitize: Digitizer;
  /** Null digitizes and stores beats without classifying them. */
  inference: InferenceService | null;
  /** The model registration the predictions are stored under (with the inference service). */
  model?: ModelRegistration;
  inputSpec?: BeatInputSpec;
  /** Record-level (whole-sheet) model: images digitized as sheets get a RecordPrediction. */
  recordClassifier?: RecordClassifier | null;
  batchId?: string;
  shard?: Shard | null;
  signal?: AbortSignal;
  onProgress?: (p: BatchProgress) => void;
  flushBeats?: number;
  flushImages?: number;
}

export interface BatchFileIssue {
  path: string;
  code: RefusalCode | 'duplicate';
  message: string;
}

export interface BatchResult {
  progress: BatchProgress;
  /** Files that never became an image (not an image, unreadable, truncated …), with reasons. */
  refusedFiles: BatchFileIssue[];
}

interface PendingImage {
  image: SourceImage;
  digitized: DigitizedImage;
  beats: PreparedBeat[];
}

function toPrediction(beatId: string, modelId: string, r: BeatInference): PredictionInput {
  return {
    beatId,
    modelId,
    probs: Array.from(r.probs),
    foldProbs: r.foldProbs.map((f) => Array.from(f)),
    predicted: r.predicted,
    entropy: r.entropy,
    mutualInfo: r.mutualInfo,
    abstain: r.abstain,
    rhythmUsed: r.rhythmUsed,
    saliency: Array.from(r.saliency),
    embedding: r.embedding,
  };
}

/**
 * scan → decode → digitize → beats → infer → store, one folder. Streaming with bounded memory:
 * at most one group of images waits for the model while the next group is digitized. Resumable:
 * images already finished in the review set (by content hash) are skipped. One bad file never
 * stops the batch: it ends in the set (or the refused list) with its reason.
 */
export async function runBatch(opts: BatchOptions): Promise<BatchResult> {
  const spec = opts.inputSpec ?? ECG_BEAT_INPUT_V1;
  const tracker = new ProgressTracker(opts.batchId ?? randomUUID());
  const refusedFiles: BatchFileIssue[] = [];
  const flushBeats = opts.flushBeats ?? ECG_BATCH_FLUSH_BEATS;
  const flushImages = opts.flushImages ?? ECG_BATCH_FLUSH_IMAGES;
  let lastEmit = 0;
  const emit = (force = false) => {
    const now = Date.now();
    if (!opts.onProgress || (!force && now - lastEmit < ECG_PROGRESS_INTERVAL_MS)) return;
    lastEmit = now;
    opts.onProgress(tracker.snapshot());
  };
  if (opts.inference && !opts.model) throw new Error('runBatch: an inference service needs its model registration');

  // The exporter refuses to write into the folder the originals came from.
  if (!opts.store.getMeta('sourceRoot')) opts.store.setMeta('sourceRoot', opts.folder);

  // Walk first: a file count gives the progress bars a total and the ETA a denominator.
  const files: string[] = [];
  for await (const entry of walkFolder(opts.folder)) {
    if ('code' in entry) refusedFiles.push(entry);
    else files.push(entry.path);
  }
  tracker.setTotal(files.length + refusedFiles.length);
  tracker.state.files.refused += refusedFiles.length;
  tracker.bump('scan', refusedFiles.length);
  tracker.bump('digitize', refusedFiles.length);
  emit(true);

  const seen = new Set<string>();
  let group: PendingImage[] = [];
  let groupBeats = 0;
  let inflight: Promise<void> = Promise.resolve();

  const commit = async (items: PendingImage[], all: PreparedBeat[], classified: Promise<BeatInference[]>) => {
    const results = await classified;
    const records = await classifySheets(opts.recordClassifier, items);
    runBulkWrite(opts.store.db, () => {
      let k = 0;
      for (const p of items) {
        opts.store.upsertImage(p.image);
        for (const lead of p.digitized.leads) {
          opts.store.insertLead({
            imageSha256: p.image.sha256,
            name: lead.name,
            fs: lead.fs,
            startTime: lead.startTime,
            samples: lead.samples,
            pixelMap: lead.pixelMap,
            quality: lead.quality,
          });
        }
        if (p.beats.length) opts.store.insertBeats(p.beats.map((b) => b.beat));
        if (opts.inference && p.beats.length) {
          const preds = p.beats.map((b, i) => toPrediction(b.beat.id, opts.inference!.model.id, results[k + i]!));
          opts.store.insertPredictions(opts.model!, preds);
        }
        k += p.beats.length;
        const record = records.get(p.image.sha256);
        if (record) opts.store.insertRecordPrediction(record);
        opts.store.markImageStatus(p.image.sha256, p.digitized.status, p.digitized.reasons);
      }
    });
    tracker.bump('classify', all.length);
    for (const p of items)
      tracker.state.files[
        p.digitized.status === 'refused' ? 'refused' : p.digitized.status === 'partial' ? 'partial' : 'ok'
      ]++;
    emit();
  };

  const flush = async () => {
    if (!group.length) return;
    const items = group;
    group = [];
    groupBeats = 0;
    // The model takes this group now, so its workers never wait for the previous group's store write.
    const all = items.flatMap((p) => p.beats);
    const classified =
      opts.inference && all.length ? opts.inference.classify(all.map((b) => b.input)) : Promise.resolve([]);
    classified.catch(() => {}); // surfaces in commit
    await inflight; // backpressure: at most two groups with the model, the next one digitizing
    const p = commit(items, all, classified);
    p.catch(() => {}); // a failure surfaces at the next await of `inflight`, not as an unhandled rejection
    inflight = p;
  };

  // Decode and digitization run ahead (in the digitizer's workers); files still come here in walk order.
  const prepared = prepareFiles(files, {
    digitize: opts.digitize,
    admit: (im) => {
      if (seen.has(im.sha256)) return 'duplicate';
      if (!isInShard(im.sha256, opts.shard ?? null) || opts.store.hasImage(im.sha256)) return 'skip';
      seen.add(im.sha256);
      return 'digitize';
    },
  });
  for await (const file of prepared) {
    if (opts.signal?.aborted) break;
    tracker.state.currentFile = file.path;
    tracker.bump('scan');
    if (file.kind === 'refused') {
      refusedFiles.push({ path: file.path, code: file.code, message: file.message });
      tracker.state.files.refused++;
      tracker.bump('digitize');
      emit();
      continue;
    }
    if (file.kind === 'skipped') {
      if (file.duplicate)
        refusedFiles.push({
          path: file.path,
          code: 'duplicate',
          message: 'same bytes as an image already in this batch',
        });
      tracker.state.files.skipped++;
      tracker.bump('digitize');
      emit();
      continue;
    }
    const { image: im, digitized } = file;
    tracker.bump('digitize');
    const beats: PreparedBeat[] = [];
    for (const lead of digitized.leads) {
      beats.push(...buildBeatInputs(im.sha256, lead, spec, digitized.hasRhythm));
    }
    tracker.addBeats(beats.length);
    const image: SourceImage = { ...im, kind: digitized.kind, status: 'pending', reasons: [] };
    group.push({ image, digitized, beats });
    groupBeats += beats.length;
    if (groupBeats >= flushBeats || group.length >= flushImages) await flush();
    emit();
  }
  await flush();
  await inflight;
  for (const f of refusedFiles) opts.store.recordRefusedFile(f);
  opts.store.optimize();
  tracker.state.currentFile = null;
  tracker.state.state = opts.signal?.aborted ? 'cancelled' : 'done';
  const progress = tracker.snapshot();
  opts.onProgress?.(progress);
  return { progress, refusedFiles };
}
