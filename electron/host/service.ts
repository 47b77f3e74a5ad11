import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { EventName, EventPayload } from '../../common/api';
import type { InferenceService } from '../../common/inference';
import type { BatchProgress } from '../../common/schemas/batch';
import { AppError } from '../../common/schemas/errors';
import type { Reviewer } from '../../common/schemas/review';
import type { EcgService } from '../../common/service';
import type { ModelRegistration } from '../../common/services/review-store';
import type { RecordClassifier, RecordClassifierFactory } from '../engine/batch/classify-sheets';
import type { Digitizer } from '../engine/batch/digitized-image';
import { ProgressTracker } from '../engine/batch/progress';
import { runBatch } from '../engine/batch/run-batch';
import { readBeatInputSpec } from '../engine/beats/model-input';
import { exportReviewSet } from '../engine/export/export-review-set';
import { createInferenceService } from '../engine/infer/inference-service';
import { rerunInference } from '../engine/infer/rerun-inference';
import { openReviewStore, type ReviewStore } from '../engine/store/review-store';
import { getLogger } from '../engine/util/log';
import { getDefaultModel, listInstalledModels } from './model-catalog';
import { findRecordModel } from './record-model-catalog';
import type { SettingsFile } from './settings';

const log = getLogger('service');

export interface EcgServiceDeps {
  host: 'electron' | 'loopback';
  version: string;
  settings: SettingsFile;
  /** Folder of review sets the app creates (never inside a source folder). */
  reviewSetsDir: string;
  modelsDir: string;
  sampleFolder: string | null;
  digitize: Digitizer;
  imageUrlFor: (sha256: string) => string;
  /** Inference options (tests pin workers to keep CI small). */
  inference?: { workers?: number };
  /**
   * Loads the record-level (whole-sheet) model found in the models dir (`sheet-*`) or named by the
   * settings; without it, batches store no record predictions.
   */
  createRecordClassifier?: RecordClassifierFactory;
}

export interface EcgServiceHandle extends EcgService {
  /** Resolve an image of the open review set to its file, for the image protocol/route. */
  resolveImage(sha256: string): Promise<{ path: string; type: string } | null>;
  getStore(): ReviewStore | null;
  /** Wait for the running batch (tests, shutdown). */
  waitForBatch(): Promise<void>;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  bmp: 'image/bmp',
  tiff: 'image/tiff',
  webp: 'image/webp',
};

/** One review-set file per source folder, named so a person can tell them apart. */
export function getDefaultReviewSetPath(reviewSetsDir: string, folder: string): string {
  const tag = createHash('sha256').update(path.resolve(folder)).digest('hex').slice(0, 10);
  const base =
    path
      .basename(path.resolve(folder))
      .replace(/[^\w.-]+/g, '_')
      .slice(0, 60) || 'folder';
  return path.join(reviewSetsDir, `${base}-${tag}.ecgreview`);
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export function createEcgService(deps: EcgServiceDeps): EcgServiceHandle {
  const listeners = new Set<<E extends EventName>(event: E, payload: EventPayload<E>) => void>();
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    for (const l of listeners) l(event, payload);
  };
  let store: ReviewStore | null = null;
  const batches = new Map<string, { progress: BatchProgress; abort: AbortController; done: Promise<void> }>();
  let running: Promise<void> = Promise.resolve();
  let inference: {
    manifestPath: string;
    service: InferenceService;
    registration: ModelRegistration;
    spec: ReturnType<typeof readBeatInputSpec>;
  } | null = null;
  let recordModel: { manifestPath: string; classifier: RecordClassifier } | null = null;

  const requireStore = (): ReviewStore => {
    if (!store) throw new AppError('E_NOT_FOUND', 'no review set is open: open a folder or a review set first');
    return store;
  };
  const requireReviewer = (): Reviewer => {
    const r = deps.settings.get().reviewer;
    if (!r) throw new AppError('E_INVALID_INPUT', 'set your reviewer name before labelling');
    return r;
  };
  const openStore = async (file: string, create: boolean) => {
    const next = openReviewStore(file, { create });
    store?.close();
    store = next;
    await deps.settings.addRecent(file);
    return next;
  };

  async function getInference() {
    const models = await listInstalledModels(deps.modelsDir);
    const wanted = deps.settings.get().activeModel;
    const chosen = getDefaultModel(models, wanted);
    if (!chosen) return null;
    if (inference?.manifestPath === chosen.manifestPath) return inference;
    await inference?.service.close();
    const service = await createInferenceService(chosen.manifestPath, deps.inference ?? {});
    const manifest = JSON.parse(await readFile(chosen.manifestPath, 'utf8')) as { input: unknown };
    inference = {
      manifestPath: chosen.manifestPath,
      service,
      registration: { ref: service.model.ref, manifest },
      spec: readBeatInputSpec(manifest.input),
    };
    return inference;
  }

  /** The record model for the next batch (reloaded when the installed or chosen one changes). */
  async function getRecordClassifier(): Promise<RecordClassifier | null> {
    if (!deps.createRecordClassifier) return null;
    const found = await findRecordModel(deps.modelsDir, deps.settings.get().recordModel);
    if (!found) return null;
    if (recordModel?.manifestPath === found.manifestPath) return recordModel.classifier;
    await recordModel?.classifier.close?.();
    recordModel = null;
    try {
      recordModel = {
        manifestPath: found.manifestPath,
        classifier: await deps.createRecordClassifier(found.manifestPath),
      };
    } catch (err) {
      // A broken record model costs the record predictions, never the batch.
      log.error(`record model ${found.manifestPath} could not be loaded`, err);
      emit('error', { code: 'E_MODEL_INVALID', message: `record model not loaded: ${(err as Error).message}` });
      return null;
    }
    return recordModel.classifier;
  }

  const service: EcgServiceHandle = {
    async getAppInfo() {
      const s = deps.settings.get();
      return {
        version: deps.version,
        host: deps.host,
        reviewer: s.reviewer,
        sampleFolder: deps.sampleFolder,
        reviewSet: store?.getSummary() ?? null,
        recent: s.recent,
      };
    },
    async setReviewer(reviewer) {
      await deps.settings.update({ reviewer });
      return { ok: true as const };
    },
    async listModels() {
      const models = await listInstalledModels(deps.modelsDir);
      const active = getDefaultModel(models, deps.settings.get().activeModel);
      return models.map((m) => ({ id: m.id, name: m.name, version: m.version, active: m === active }));
    },
    async setActiveModel({ id }) {
      if (!(await listInstalledModels(deps.modelsDir)).some((m) => m.id === id))
        throw new AppError('E_NOT_FOUND', `no installed model ${id}`);
      await running; // a running batch keeps the model it started with
      await deps.settings.update({ activeModel: id });
      const model = await getInference();
      if (!model) throw new AppError('E_NOT_FOUND', `model ${id} could not be loaded`);
      const modelId = model.service.model.id;
      const hasPredictions = store?.listModels().some((m) => m.id === modelId) ?? false;
      if (store && hasPredictions) store.setActiveModel(modelId);
      return { id, modelId, hasPredictions };
    },
    async rerunInference() {
      const target = requireStore();
      await running;
      const model = await getInference();
      if (!model) throw new AppError('E_NOT_FOUND', 'no model is installed');
      const t0 = Date.now();
      const run = rerunInference({
        store: target,
        inference: model.service,
        model: model.registration,
        spec: model.spec,
      });
      running = run.then(
        () => undefined,
        () => undefined,
      );
      const r = await run;
      return { ...r, seconds: (Date.now() - t0) / 1000 };
    },
    async startBatch({ folder, reviewSet }) {
      const src = path.resolve(folder);
      const st = await stat(src).catch(() => null);
      if (!st?.isDirectory()) throw new AppError('E_NOT_FOUND', `folder not found or not a folder: ${src}`);
      const file = path.resolve(reviewSet ?? getDefaultReviewSetPath(deps.reviewSetsDir, src));
      if (isInside(file, src))
        throw new AppError(
          'E_FORBIDDEN_PATH',
          `the review set may not be written inside the source folder ${src}: originals are never modified`,
        );
      await mkdir(path.dirname(file), { recursive: true });
      await running; // one batch at a time: a second waits for the first
      const target = await openStore(file, true);
      const model = await getInference();
      const recordClassifier = await getRecordClassifier();
      const batchId = randomUUID();
      const abort = new AbortController();
      // Answerable from the first moment: getBatchProgress right after startBatch sees 'running'.
      const entry = { progress: new ProgressTracker(batchId).snapshot(), abort, done: Promise.resolve() };
      entry.done = runBatch({
        folder: src,
        store: target,
        digitize: deps.digitize,
        inference: model?.service ?? null,
        ...(model ? { model: model.registration, inputSpec: model.spec } : {}),
        recordClassifier,
        batchId,
        signal: abort.signal,
        onProgress: (p) => {
          entry.progress = p;
          emit('batchProgress', p);
        },
      }).then(
        (r) => {
          entry.progress = r.progress;
        },
        (err: Error) => {
          log.error(`batch ${batchId} failed`, err);
          entry.progress = { ...entry.progress, state: 'failed', message: err.message };
          emit('batchProgress', entry.progress);
          emit('error', { code: 'E_INTERNAL', message: `batch failed: ${err.message}` });
        },
      );
      running = entry.done;
      batches.set(batchId, entry);
      return { batchId, reviewSet: file };
    },
    async cancelBatch({ batchId }) {
      const b = batches.get(batchId);
      if (!b) throw new AppError('E_NOT_FOUND', `no batch ${batchId}`);
      b.abort.abort();
      return { ok: true as const };
    },
    async getBatchProgress({ batchId }) {
      const b = batches.get(batchId);
      if (!b) throw new AppError('E_NOT_FOUND', `no batch ${batchId}`);
      return b.progress;
    },
    async openReviewSet({ path: file }) {
      const st = await stat(file).catch(() => null);
      if (!st?.isFile()) throw new AppError('E_NOT_FOUND', `review set not found: ${file}`);
      return (await openStore(path.resolve(file), false)).getSummary();
    },
    async listImages() {
      return requireStore().listImages(deps.settings.get().reviewer?.name ?? null);
    },
    async listRefusedFiles() {
      return requireStore().listRefusedFiles();
    },
    async listBeats(q) {
      return requireStore().listBeats({ ...q, reviewer: deps.settings.get().reviewer?.name ?? null });
    },
    async getBeat({ beatId }) {
      return requireStore().getBeat(beatId, deps.settings.get().reviewer?.name ?? null);
    },
    async setLabel({ beatIds, label }) {
      return { events: requireStore().setLabel(requireReviewer(), beatIds, label) };
    },
    async acceptModel({ beatIds }) {
      return { events: requireStore().acceptModel(requireReviewer(), beatIds) };
    },
    async undo() {
      const { events, recordEvents } = requireStore().replay(requireReviewer(), 'undo');
      return { event: events[0] ?? null, events, recordEvents };
    },
    async redo() {
      const { events, recordEvents } = requireStore().replay(requireReviewer(), 'redo');
      return { event: events[0] ?? null, events, recordEvents };
    },
    async comment({ beatId, text }) {
      requireStore().comment(requireReviewer(), beatId, text);
      return { ok: true as const };
    },
    async setFlag({ beatId, flagged }) {
      requireStore().setFlag(requireReviewer(), beatId, flagged);
      return { ok: true as const };
    },
    async findSimilar({ beatId, k }) {
      return { beatIds: requireStore().findSimilar(beatId, k) };
    },
    async listDisagreements(q) {
      return requireStore().listDisagreements({ ...q, reviewer: deps.settings.get().reviewer?.name ?? null });
    },
    async getStats() {
      return requireStore().getStats();
    },
    async exportSet(req) {
      return exportReviewSet(requireStore(), req);
    },
    async getImageUrl({ sha256 }) {
      return { url: deps.imageUrlFor(sha256) };
    },
    async getSheet({ imageSha256 }) {
      return requireStore().getSheet(imageSha256, deps.settings.get().reviewer?.name ?? null);
    },
    async setRecordLabel({ imageSha256, label }) {
      return { events: requireStore().setRecordLabel(requireReviewer(), imageSha256, label) };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async resolveImage(sha256) {
      const row = store?.db.prepare('SELECT path, format FROM images WHERE sha256 = ?').get(sha256) as
        { path: string; format: string } | undefined;
      if (!row) return null;
      const st = await stat(row.path).catch(() => null);
      return st?.isFile() ? { path: row.path, type: MIME[row.format] ?? 'application/octet-stream' } : null;
    },
    getStore: () => store,
    waitForBatch: () => running,
    async close() {
      for (const b of batches.values()) b.abort.abort();
      await running;
      await inference?.service.close();
      await recordModel?.classifier.close?.();
      store?.close();
      store = null;
    },
  };
  return service;
}
