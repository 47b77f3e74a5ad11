import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getClassIndex, type AamiClass } from '../../common/ecg/aami';
import {
  computeBeatInput,
  computeBeatTemplates,
  computeRhythmFeatures,
  ECG_RHYTHM_FEATURES,
} from '../../electron/engine/beats/model-input';
import { buildBeatModelInputs } from '../../electron/engine/infer/build-model-inputs';
import { computeClassificationReport } from '../../electron/engine/infer/compute-metrics';
import { computeSoftmaxInto } from '../../electron/engine/infer/ensemble-math';
import { createInferenceService, type EngineInferenceService } from '../../electron/engine/infer/inference-service';
import { getBeats, loadRecord } from '../../electron/engine/wfdb/record';
import { hasSharedData, MITDB_DIR } from '../support/shared-data';
import { getTestModel, isTestModel, V1_MODEL_FIXTURE, type TestModel } from '../support/test-model';

interface Golden {
  record: number;
  channel: number;
  fs_in: number;
  rhythm_golden: { sample: number; label: string; rhythm: number[] }[];
  /** `template` (contract v2): the context template of the beat over the whole record's beats. */
  windows: { sample: number; beat: number[]; template?: number[] }[];
  fold0_logits?: { file: string; logits: number[][]; tolerance: number };
}

interface SubsetCheck {
  records: number[];
  per_record: number;
  macro_f1: number;
  accuracy: number;
  tolerance: number;
  n_folds: number;
  beats: [number, number][];
  labels: number[];
}

/** The test model (shipped, ECG_TEST_MODEL or smoke; v1 or v2) and the kept v1 model. */
const MODELS: [string, () => Promise<TestModel | { skip: string }>][] = [
  ['test model', getTestModel],
  ['contract v1 fixture', async () => V1_MODEL_FIXTURE],
];

describe.skipIf(!hasSharedData(MITDB_DIR)).each(MODELS)('golden file and subset check of the %s', (_name, getModel) => {
  let model: TestModel | null = null;
  let golden: Golden | null = null;
  let svc: EngineInferenceService | null = null;

  beforeAll(async () => {
    const m = await getModel();
    if (!isTestModel(m)) {
      console.warn(`[skip] golden tests: ${m.skip}`);
      return;
    }
    model = m;
    const g = path.join(m.dir, 'golden.json');
    if (existsSync(g)) golden = JSON.parse(await readFile(g, 'utf8'));
    else console.warn(`[skip] golden tests: no golden.json beside ${m.manifestPath}`);
    svc = await createInferenceService(m.manifestPath, { tta: false });
  });

  afterAll(async () => {
    await svc?.close();
  });

  it('reproduces the golden windows and rhythm features of record 209 within 1e-4', async (ctx) => {
    if (!model || !golden || !svc) return ctx.skip();
    const rec = await loadRecord(String(golden.record), { dir: MITDB_DIR });
    expect(rec.fs).toBe(golden.fs_in);
    const beats = getBeats(rec);
    const samples = beats.map((b) => b.sample);
    const spec = svc.loaded.spec;
    const rhythm = computeRhythmFeatures(
      samples.map((s) => s / rec.fs),
      spec,
    );
    let maxDiff = 0;
    golden.rhythm_golden.forEach((g, i) => {
      expect(samples[i]).toBe(g.sample);
      expect(beats[i]!.aami).toBe(g.label);
      for (let k = 0; k < ECG_RHYTHM_FEATURES; k++)
        maxDiff = Math.max(maxDiff, Math.abs(rhythm[i * ECG_RHYTHM_FEATURES + k]! - g.rhythm[k]!));
    });
    for (const w of golden.windows) {
      const got = computeBeatInput(rec.signals[golden.channel]!.mv, w.sample, rec.fs, spec);
      expect(got.length).toBe(w.beat.length);
      w.beat.forEach((v, j) => (maxDiff = Math.max(maxDiff, Math.abs(got[j]! - v))));
    }
    expect(maxDiff).toBeLessThan(1e-4);
  });

  it("reproduces the golden context templates (v2) from the record's beats, and v1 builds none", async (ctx) => {
    if (!model || !golden || !svc) return ctx.skip();
    const spec = svc.loaded.spec;
    expect(spec.channels).toBe(golden.windows[0]!.template ? 2 : 1);
    const rec = await loadRecord(String(golden.record), { dir: MITDB_DIR });
    const inputs = buildBeatModelInputs(
      rec.signals[golden.channel]!.mv,
      rec.fs,
      getBeats(rec).map((b) => b.sample),
      spec,
    );
    if (spec.channels === 1) {
      expect(inputs.every((b) => !b.template)).toBe(true);
      return;
    }
    let maxDiff = 0;
    golden.windows.forEach((w, i) => {
      const got = inputs[i]!.template!;
      expect(got.length).toBe(w.template!.length);
      w.template!.forEach((v, j) => (maxDiff = Math.max(maxDiff, Math.abs(got[j]! - v))));
      // Not the beat itself: the median of its neighbours.
      expect(got.some((v, j) => Math.abs(v - w.beat[j]!) > 1e-3)).toBe(true);
    });
    // The same numbers from the golden windows alone (beats 0-2 need neighbours up to i+K only).
    const k = spec.templateNeighbours;
    const direct = computeBeatTemplates(
      inputs.slice(0, golden.windows.length + k).map((b) => b.window),
      spec,
    );
    golden.windows.forEach((_, i) => expect(Array.from(direct[i]!)).toEqual(Array.from(inputs[i]!.template!)));
    expect(maxDiff).toBeLessThan(1e-5);
  });

  it("reproduces fold 0's golden logits through the engine (as probabilities)", async (ctx) => {
    if (!model || !golden?.fold0_logits || !svc) return ctx.skip();
    const rec = await loadRecord(String(golden.record), { dir: MITDB_DIR });
    const one = await createInferenceService(model.manifestPath, { tta: false, folds: [0], workers: 1 });
    try {
      expect(one.loaded.folds[0]!.file).toBe(golden.fold0_logits.file);
      const inputs = buildBeatModelInputs(
        rec.signals[golden.channel]!.mv,
        rec.fs,
        getBeats(rec).map((b) => b.sample),
        one.loaded.spec,
      ).slice(0, golden.fold0_logits.logits.length);
      const got = await one.classify(inputs);
      const want = new Float64Array(5);
      let maxDiff = 0;
      golden.fold0_logits.logits.forEach((lg, i) => {
        // At the manifest's calibration temperature where it declares one (1 for older manifests).
        computeSoftmaxInto(lg, 0, 5, want, 0, one.loaded.temperature);
        for (let c = 0; c < 5; c++) maxDiff = Math.max(maxDiff, Math.abs(got[i]!.probs[c]! - want[c]!));
      });
      console.info(`[golden] ${_name}: fold 0 probabilities within ${maxDiff.toExponential(2)} of the golden logits`);
      // The logits are rounded to 1e-5, so the same inputs agree to ~1e-6; 5e-5 still catches a
      // missing or misplaced template, which moves even a one-epoch smoke model's output by > 3e-4.
      expect(maxDiff).toBeLessThan(Math.min(golden.fold0_logits.tolerance, 5e-5));
    } finally {
      await one.close();
    }
  });

  it("recomputes the manifest's subset_check macro-F1 with onnxruntime-node within its tolerance", async (ctx) => {
    if (!model || !svc) return ctx.skip();
    const sc = (svc.loaded.manifest as { subset_check?: SubsetCheck | null }).subset_check;
    if (!sc) return ctx.skip('the manifest has no subset_check');
    expect(sc.n_folds).toBe(svc.loaded.folds.length);
    const refs: number[] = [];
    const preds: number[] = [];
    let k = 0;
    for (const name of sc.records) {
      const rec = await loadRecord(String(name), { dir: MITDB_DIR });
      const beats = getBeats(rec);
      const inputs = buildBeatModelInputs(
        rec.signals[0]!.mv,
        rec.fs,
        beats.map((b) => b.sample),
        svc.loaded.spec,
      ).slice(0, sc.per_record);
      const got = await svc.classify(inputs);
      got.forEach((p, i) => {
        // Same beats and labels as the training side listed.
        expect([name, beats[i]!.sample]).toEqual(sc.beats[k]);
        expect(getClassIndex(beats[i]!.aami as AamiClass)).toBe(sc.labels[k]);
        refs.push(sc.labels[k]!);
        preds.push(p.predictedIndex);
        k++;
      });
    }
    expect(k).toBe(sc.beats.length);
    const rep = computeClassificationReport(refs, preds);
    console.info(
      `[subset_check] engine macro-F1 ${rep.macroF1.toFixed(4)} (manifest ${sc.macro_f1}), accuracy ${rep.accuracy.toFixed(4)} (manifest ${sc.accuracy})`,
    );
    expect(Math.abs(rep.macroF1 - sc.macro_f1)).toBeLessThanOrEqual(sc.tolerance);
    expect(Math.abs(rep.accuracy - sc.accuracy)).toBeLessThanOrEqual(sc.tolerance);
  });
});
