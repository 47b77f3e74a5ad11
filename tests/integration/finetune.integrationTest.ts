import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reviewer } from '../../common/schemas/review';
import { createDigitizer } from '../../electron/engine/batch/digitize-adapter';
import { runBatch } from '../../electron/engine/batch/run-batch';
import { readBeatInputSpec } from '../../electron/engine/beats/model-input';
import { exportReviewSet } from '../../electron/engine/export/export-review-set';
import { createInferenceService } from '../../electron/engine/infer/inference-service';
import { rerunInference } from '../../electron/engine/infer/rerun-inference';
import { openReviewStore, type ReviewStore } from '../../electron/engine/store/review-store';
import { hasSharedData, MITDB_DIR } from '../support/shared-data';
import { renderSynthFolder } from '../support/synth-folder';
import { REPO_ROOT } from '../support/test-model';

const run = promisify(execFile);
const TRAIN = path.join(REPO_ROOT, 'models', 'train', 'train.py');
const reviewer: Reviewer = { name: 'dana', role: 'adjudicator' };
/**
 * This "patient"'s reviewer deliberately calls every premature beat (RR < 85 % of the local RR) S and
 * the rest N. Record 119 is ventricular bigeminy, so its premature beats (V in the reference) become
 * S: a consistent relabelling of about a third of the beats that the base model does not know.
 */
const ECG_TEST_PREMATURE = 0.85;

async function checkPython(): Promise<string | null> {
  try {
    await run('python3', ['-c', 'import torch, onnxruntime, numpy'], { timeout: 60_000 });
    return null;
  } catch (err) {
    return `python3 with torch + onnxruntime is unavailable (${(err as Error).message.split('\n')[0]})`;
  }
}

async function registration(manifestPath: string, service: Awaited<ReturnType<typeof createInferenceService>>) {
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { input: unknown; inputs?: unknown };
  return { ref: service.model.ref, manifest, spec: readBeatInputSpec(manifest.input, manifest.inputs) };
}

/** Predicted class per beat id of one stored model. */
function readPredictions(store: ReviewStore, modelId: string): Map<string, string> {
  const rows = store.db
    .prepare(
      `SELECT b.id, p.predicted FROM predictions p JOIN beats b ON b.key = p.beat_key JOIN models m ON m.key = p.model_key WHERE m.id = ?`,
    )
    .all(modelId) as { id: string; predicted: string }[];
  return new Map(rows.map((r) => [r.id, r.predicted]));
}

describe.skipIf(!hasSharedData(MITDB_DIR))(
  'fine-tuning from an exported corrected dataset (train.py --from-export)',
  () => {
    let skip: string | null = null;
    let work: string;
    let store: ReviewStore;
    let baseModelId: string;
    let labels: Map<string, string>;
    let ft: { code: number; stdout: string; stderr: string };
    const base = () => path.join(work, 'base');
    const out = () => path.join(work, 'models', 'patient-ft1');

    const train = async (args: string[]) =>
      run('python3', [TRAIN, ...args], { cwd: REPO_ROOT, timeout: 240_000, maxBuffer: 16 << 20 }).then(
        (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
        (e: { code?: number; stdout?: string; stderr?: string }) => ({
          code: e.code ?? -1,
          stdout: e.stdout ?? '',
          stderr: e.stderr ?? '',
        }),
      );

    beforeAll(async () => {
      skip = await checkPython();
      if (skip) return console.warn(`[skip] ${skip}`);
      work = await mkdtemp(path.join(os.tmpdir(), 'ecg-finetune-'));
      // Own smoke model (not the shared cache): fine-tuning needs its .pt checkpoints (<out>/_work).
      const smoke = await train(['--smoke', '--threads', '1', '--out', base(), '--data', MITDB_DIR]);
      if (smoke.code !== 0) throw new Error(`smoke training failed: ${smoke.stderr.slice(-500)}`);

      // One "patient": strips of record 119 through the real batch.
      const folder = path.join(work, 'in');
      await renderSynthFolder(folder, [{ kind: 'strip', count: 10, records: ['119'] }]);
      store = openReviewStore(path.join(work, 'set.ecgreview'), { create: true });
      const manifestPath = path.join(base(), 'model.json');
      const inference = await createInferenceService(manifestPath, { workers: 0 });
      try {
        const reg = await registration(manifestPath, inference);
        await runBatch({ folder, store, digitize: createDigitizer(), inference, model: reg, inputSpec: reg.spec });
        baseModelId = inference.model.id;
      } finally {
        await inference.close();
      }
      const beats = store.listExportBeats({ includeUnlabelled: true });
      const isPremature = (b: (typeof beats)[number]) =>
        !!b.rhythm && b.rhythm.preRR < ECG_TEST_PREMATURE * b.rhythm.localRR;
      const sIds = beats.filter(isPremature).map((b) => b.id);
      const nIds = beats.filter((b) => !isPremature(b)).map((b) => b.id);
      if (sIds.length) store.setLabel(reviewer, sIds, 'S');
      if (nIds.length) store.setLabel(reviewer, nIds, 'N');
      labels = new Map(store.listExportBeats({ includeUnlabelled: true }).map((b) => [b.id, b.finalLabel ?? '']));
      console.log(
        `[finetune] ${beats.length} beats in ${store.listImages().length} images; labelled S ${sIds.length}, N ${nIds.length}`,
      );
      await exportReviewSet(store, { format: 'wfdb', outDir: path.join(work, 'export'), includeUnlabelled: true });

      ft = await train([
        '--from-export',
        path.join(work, 'export'),
        '--base',
        base(),
        '--out',
        out(),
        '--work',
        path.join(work, 'ft-work'),
        '--data',
        MITDB_DIR,
        // The smoke base's features are one epoch old: let every layer learn (the default is the head only).
        '--train-layers',
        'all',
        '--epochs',
        '6',
        '--lr',
        '1e-3',
        '--cv-per-record',
        '40',
        '--max-cv-drop',
        '1',
        '--max-cv-acc-drop',
        '1',
        '--threads',
        '1',
      ]);
      if (ft.code !== 0) console.warn(`[finetune] fine-tune failed (work ${work}):\n${ft.stderr.slice(-3000)}`);
      console.log(
        `[finetune] exit ${ft.code}\n${ft.stdout
          .split('\n')
          .filter((l) => l.includes('->'))
          .join('\n')}`,
      );
    }, 600_000);
    afterAll(async () => {
      store?.close();
      if (work && !process.env.ECG_KEEP_TEST_WORK) await rm(work, { recursive: true, force: true });
    });

    it('writes a new versioned model recording its base, the corrections and before/after figures', async (ctx) => {
      if (skip) return ctx.skip();
      expect(ft.code, ft.stderr.slice(-2000)).toBe(0);
      const baseMan = JSON.parse(await readFile(path.join(base(), 'model.json'), 'utf8')) as {
        name: string;
        version: string;
      };
      type Figures = Record<string, { macro_f1: number }>;
      const man = JSON.parse(await readFile(path.join(out(), 'model.json'), 'utf8')) as {
        name: string;
        version: string;
        base_model: object;
        fine_tuned_on: { export_manifest_sha256: string; reviewers: string[]; beats: number; heldout_beats: number };
        fine_tune: { before: Figures; after: Figures };
      };
      const exportSha = createHash('sha256')
        .update(await readFile(path.join(work, 'export', 'manifest.json')))
        .digest('hex');
      expect(man.name).toBe('patient-ft1');
      expect(man.version).not.toBe(baseMan.version);
      expect(man.base_model).toMatchObject({ name: baseMan.name, version: baseMan.version });
      expect(man.fine_tuned_on.export_manifest_sha256).toBe(exportSha);
      expect(man.fine_tuned_on.reviewers).toEqual(['dana']);
      expect(man.fine_tuned_on.beats).toBe([...labels.values()].filter((l) => l === 'N' || l === 'S').length);
      expect(man.fine_tuned_on.heldout_beats).toBeGreaterThan(0);
      for (const k of ['heldout_corrections', 'ds1_patient_cv']) {
        expect(man.fine_tune.before[k]!.macro_f1).toBeTypeOf('number');
        expect(man.fine_tune.after[k]!.macro_f1).toBeTypeOf('number');
      }
      const card = await readFile(path.join(out(), 'MODEL_CARD.md'), 'utf8');
      expect(card).toContain('held-out corrections');
      expect(card).toContain(exportSha);
    });

    it('the fine-tuned model, run by the engine, agrees with the held-out corrections more than the base', async (ctx) => {
      if (skip) return ctx.skip();
      expect(ft.code).toBe(0);
      const manifestPath = path.join(out(), 'model.json');
      const man = JSON.parse(await readFile(manifestPath, 'utf8')) as { fine_tuned_on: { heldout_images: string[] } };
      const inference = await createInferenceService(manifestPath, { workers: 0 });
      try {
        const reg = await registration(manifestPath, inference);
        const r = await rerunInference({ store, inference, model: reg, spec: reg.spec });
        expect(r.modelId).toBe(inference.model.id);
        expect(r.previousModelId).toBe(baseModelId);
      } finally {
        await inference.close();
      }
      const after = store.listExportBeats({ includeUnlabelled: true });
      // Labels untouched by the re-run.
      expect(new Map(after.map((b) => [b.id, b.finalLabel ?? '']))).toEqual(labels);
      const heldout = new Set(man.fine_tuned_on.heldout_images);
      const ids = after.filter((b) => heldout.has(b.imageSha256)).map((b) => b.id);
      expect(ids.length).toBeGreaterThan(0);
      const oldP = readPredictions(store, baseModelId);
      const newP = readPredictions(store, store.listModels().find((m) => m.active)!.id);
      const agree = (p: Map<string, string>) => ids.filter((id) => p.get(id) === labels.get(id)).length / ids.length;
      console.log(
        `[finetune] held-out agreement (engine, ${ids.length} beats, ${ids.filter((id) => labels.get(id) === 'S').length} S): base ${agree(oldP).toFixed(3)} -> fine-tuned ${agree(newP).toFixed(3)}`,
      );
      expect(agree(newP)).toBeGreaterThan(agree(oldP));
      // Better than calling every beat the majority class: the new model tells the two apart.
      const sShare = ids.filter((id) => labels.get(id) === 'S').length / ids.length;
      expect(sShare).toBeGreaterThan(0.1);
      expect(agree(newP)).toBeGreaterThan(Math.max(sShare, 1 - sShare));
    });

    it('refuses to write the model (exit 3) when the DS1 patient-CV macro-F1 drops more than the margin', async (ctx) => {
      if (skip) return ctx.skip();
      const refusedOut = path.join(work, 'models', 'refused');
      // A negative margin demands a CV gain of more than 1: no model can meet it.
      const r = await train([
        '--from-export',
        path.join(work, 'export'),
        '--base',
        base(),
        '--out',
        refusedOut,
        '--work',
        path.join(work, 'ft-refused'),
        '--data',
        MITDB_DIR,
        '--epochs',
        '1',
        '--steps',
        '2',
        '--cv-per-record',
        '20',
        '--max-cv-drop',
        '-1',
        '--threads',
        '1',
      ]);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/REFUSED: DS1 patient-CV macro-F1 dropped/);
      expect(existsSync(refusedOut)).toBe(false);
    });
  },
);
