import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BeatModelInput } from '../../common/inference';
import { AppError } from '../../common/schemas/errors';
import { Prediction } from '../../common/schemas/prediction';
import { buildBeatModelInputs } from '../../electron/engine/infer/build-model-inputs';
import { computeSoftmaxInto } from '../../electron/engine/infer/ensemble-math';
import { createInferenceService, type EngineInferenceService } from '../../electron/engine/infer/inference-service';
import { toPrediction } from '../../electron/engine/infer/to-prediction';
import { hashBytes } from '../../electron/engine/util/hash';
import { getBeats, loadRecord } from '../../electron/engine/wfdb/record';
import { hasSharedData, MITDB_DIR } from '../support/shared-data';
import { getTestModel, isTestModel, type TestModel } from '../support/test-model';

interface RecordBeats {
  samples: number[];
  symbols: string[];
  aami: string[];
  inputs: BeatModelInput[];
}

async function loadRecordInputs(name: string, svc: EngineInferenceService, limit?: number): Promise<RecordBeats> {
  const rec = await loadRecord(name, { dir: MITDB_DIR });
  const beats = getBeats(rec);
  // Rhythm over the whole record's beats, then keep the first `limit`.
  const inputs = buildBeatModelInputs(
    rec.signals[0]!.mv,
    rec.fs,
    beats.map((b) => b.sample),
    svc.loaded.spec,
  );
  const n = limit ?? beats.length;
  return {
    samples: beats.slice(0, n).map((b) => b.sample),
    symbols: beats.slice(0, n).map((b) => b.symbol),
    aami: beats.slice(0, n).map((b) => b.aami),
    inputs: inputs.slice(0, n),
  };
}

/**
 * Independent reference: one plain session per fold, the whole batch in one run, no pool, no TTA.
 * A two-channel (contract v2) model gets [n, 2, 144]: each window followed by its template.
 */
async function runReference(files: string[], inputs: readonly BeatModelInput[], channels: number, temperature: number) {
  const n = inputs.length;
  const beat = new Float32Array(n * channels * 144);
  const rhythm = new Float32Array(n * 7);
  inputs.forEach((b, i) => {
    beat.set(b.window, i * channels * 144);
    if (channels === 2 && b.template) beat.set(b.template, (2 * i + 1) * 144);
    if (b.rhythm) rhythm.set(b.rhythm, i * 7);
  });
  const probs: Float64Array[] = [];
  const cams: Float32Array[] = [];
  for (const f of files) {
    const s = await InferenceSession.create(f);
    const out = await s.run({
      beat: new Tensor('float32', beat, [n, channels, 144]),
      rhythm: new Tensor('float32', rhythm, [n, 7]),
    });
    const logits = out.logits!.data as Float32Array;
    const p = new Float64Array(n * 5);
    for (let i = 0; i < n; i++) computeSoftmaxInto(logits, i * 5, 5, p, i * 5, temperature);
    probs.push(p);
    const cam = Float32Array.from(out.cam!.data as Float32Array);
    // Contract v2: the CAM is contrastive, minus the map of the beat's template run as the beat.
    const withTemplate = inputs.flatMap((b, i) => (channels === 2 && b.template?.some((v) => v !== 0) ? [i] : []));
    if (withTemplate.length) {
      const refBeat = new Float32Array(withTemplate.length * 2 * 144);
      const refRhythm = new Float32Array(withTemplate.length * 7);
      withTemplate.forEach((i, j) => {
        refBeat.set(inputs[i]!.template!, 2 * j * 144);
        refBeat.set(inputs[i]!.template!, (2 * j + 1) * 144);
        refRhythm.set(rhythm.subarray(i * 7, i * 7 + 7), j * 7);
      });
      const r = await s.run({
        beat: new Tensor('float32', refBeat, [withTemplate.length, 2, 144]),
        rhythm: new Tensor('float32', refRhythm, [withTemplate.length, 7]),
      });
      const refCam = r.cam!.data as Float32Array;
      withTemplate.forEach((i, j) => {
        for (let k = 0; k < 90; k++) cam[i * 90 + k]! -= refCam[j * 90 + k]!;
      });
    }
    cams.push(cam);
    await s.release();
  }
  return { probs, cams };
}

function expectRefused(err: unknown, ...mentions: string[]) {
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('E_MODEL_INVALID');
  for (const m of mentions) expect((err as AppError).message).toContain(m);
}

describe.skipIf(!hasSharedData(MITDB_DIR))('inference engine on MIT-BIH beats', () => {
  let model: TestModel | null = null;
  let svc: EngineInferenceService;
  let rec208: RecordBeats;

  beforeAll(async () => {
    const m = await getTestModel();
    if (!isTestModel(m)) {
      console.warn(`[skip] inference tests: ${m.skip}`);
      return;
    }
    model = m;
    if (!m.shipped) console.warn(`[note] not the shipped model: testing with the model at ${m.dir}`);
    // Small batches so 320 beats take several chunks across both workers.
    svc = await createInferenceService(m.manifestPath, { workers: 2, batchSize: 96, tta: false });
    rec208 = await loadRecordInputs('208', svc, 320);
  });

  afterAll(async () => {
    await svc?.close();
  });

  it('matches a direct onnxruntime-node run of every fold within 1e-5', async (ctx) => {
    if (!model) return ctx.skip();
    // Every third beat without context: both input kinds in the same batches.
    const inputs = rec208.inputs.map((b, i) => (i % 3 === 0 ? { ...b, rhythm: null, template: null } : b));
    const got = await svc.classify(inputs);
    const ref = await runReference(
      svc.loaded.folds.map((f) => f.path),
      inputs,
      svc.loaded.spec.channels,
      svc.loaded.temperature,
    );
    const K = ref.probs.length;
    let maxDiff = 0;
    let maxCamDiff = 0;
    got.forEach((p, i) => {
      for (let c = 0; c < 5; c++) {
        let mean = 0;
        for (let k = 0; k < K; k++) {
          maxDiff = Math.max(maxDiff, Math.abs(p.foldProbs[k]![c]! - ref.probs[k]![i * 5 + c]!));
          mean += ref.probs[k]![i * 5 + c]! / K;
        }
        maxDiff = Math.max(maxDiff, Math.abs(p.probs[c]! - mean));
      }
      for (let j = 0; j < 5 * 18; j++) {
        let mean = 0;
        for (let k = 0; k < K; k++) mean += ref.cams[k]![i * 90 + j]! / K;
        maxCamDiff = Math.max(maxCamDiff, Math.abs(p.cam[j]! - mean) / (1 + Math.abs(mean)));
      }
      expect(p.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      expect(p.embedding.length).toBe(svc.model.embeddingSize);
      expect(p.saliency.length).toBe(144);
    });
    expect(maxDiff).toBeLessThan(1e-5);
    expect(maxCamDiff).toBeLessThan(1e-4);
  });

  it('skips the saliency maps on request and gives the same probabilities', async (ctx) => {
    if (!model) return ctx.skip();
    const some = rec208.inputs.slice(0, 120);
    const full = await svc.classify(some);
    const bare = await svc.classify(some, { saliency: false });
    bare.forEach((p, i) => {
      expect(p.cam.length).toBe(0);
      expect(p.saliency.length).toBe(0);
      expect(p.predictedIndex).toBe(full[i]!.predictedIndex);
      for (let c = 0; c < 5; c++) expect(Math.abs(p.probs[c]! - full[i]!.probs[c]!)).toBeLessThan(1e-6);
    });
    expect(full.every((p) => p.saliency.length === 144)).toBe(true);
  });

  it('reports uncertainty consistently: entropy of the mean, mutual information, abstain above the threshold', async (ctx) => {
    if (!model) return ctx.skip();
    const got = await svc.classify(rec208.inputs.slice(0, 200));
    const thr = svc.model.abstainEntropy;
    for (const p of got) {
      const h = -Array.from(p.probs).reduce((a, v) => a + (v > 0 ? v * Math.log(v) : 0), 0);
      expect(p.entropy).toBeCloseTo(h, 10);
      expect(p.mutualInfo).toBeGreaterThanOrEqual(0);
      expect(p.mutualInfo).toBeLessThanOrEqual(p.entropy + 1e-12);
      if (svc.loaded.folds.length === 1) expect(p.mutualInfo).toBeCloseTo(0, 12);
      expect(p.abstain).toBe(thr !== null && p.entropy > thr);
    }
  });

  it('classifies single-beat crops (no context) with rhythm_used = false, as the all-zero context rows', async (ctx) => {
    if (!model) return ctx.skip();
    const some = rec208.inputs.slice(0, 40);
    const withRhythm = await svc.classify(some);
    const crops = await svc.classify(some.map((b) => ({ window: b.window, rhythm: null })));
    const zeros = await svc.classify(
      some.map((b) => ({ window: b.window, rhythm: new Float32Array(7), template: new Float32Array(144) })),
    );
    expect(withRhythm.every((p) => p.rhythmUsed)).toBe(true);
    expect(crops.every((p) => !p.rhythmUsed)).toBe(true);
    crops.forEach((p, i) => {
      for (let c = 0; c < 5; c++) expect(Math.abs(p.probs[c]! - zeros[i]!.probs[c]!)).toBeLessThan(1e-9);
    });
    // The rhythm input reaches the model: some beat's probabilities move when it is removed.
    const moved = crops.some((p, i) => Math.abs(p.probs[0]! - withRhythm[i]!.probs[0]!) > 1e-6);
    expect(moved).toBe(true);
  });

  it('feeds a v2 model the context template (and a v1 model ignores it)', async (ctx) => {
    if (!model) return ctx.skip();
    const some = rec208.inputs.slice(0, 60);
    const v2 = svc.loaded.spec.channels === 2;
    expect(some.every((b) => (v2 ? b.template?.length === 144 : !b.template))).toBe(true);
    const withTemplate = await svc.classify(v2 ? some : some.map((b) => ({ ...b, template: b.window })));
    const without = await svc.classify(some.map((b) => ({ ...b, template: null })));
    // Rhythm alone is still context.
    expect(without.every((p) => p.rhythmUsed)).toBe(true);
    const maxMove = Math.max(
      ...withTemplate.flatMap((p, i) => Array.from(p.probs, (v, c) => Math.abs(v - without[i]!.probs[c]!))),
    );
    if (v2) expect(maxMove).toBeGreaterThan(1e-4);
    else expect(maxMove).toBe(0);
  });

  it('TTA changes the probabilities only slightly and keeps the argmax for most beats', async (ctx) => {
    if (!model) return ctx.skip();
    const inputs = rec208.inputs.slice(0, 240);
    const off = await svc.classify(inputs, { tta: false });
    const on = await svc.classify(inputs, { tta: { shifts: [-2, 2], scales: [] } });
    let sumAbs = 0;
    let same = 0;
    let changed = 0;
    off.forEach((p, i) => {
      const q = on[i]!;
      for (let c = 0; c < 5; c++) {
        const d = Math.abs(p.probs[c]! - q.probs[c]!);
        sumAbs += d / 5;
        if (d > 1e-7) changed++;
      }
      if (p.predictedIndex === q.predictedIndex) same++;
      // CAM and embedding come from the unaugmented window either way.
      expect(Array.from(q.cam)).toEqual(Array.from(p.cam));
    });
    const meanAbs = sumAbs / off.length;
    console.info(`[tta] mean |Δp| ${meanAbs.toExponential(2)}, argmax kept ${same}/${off.length}`);
    expect(changed).toBeGreaterThan(0);
    expect(meanAbs).toBeLessThan(0.05);
    expect(same / off.length).toBeGreaterThanOrEqual(0.9);
  });

  it('puts the CAM peak of most ventricular beats inside the QRS (±60 ms of R)', async (ctx) => {
    if (!model) return ctx.skip();
    if (!model.shipped) return ctx.skip('needs the shipped model: a one-epoch smoke model has no meaningful CAM');
    const tolSamples = Math.round(0.06 * svc.loaded.spec.fs);
    const R = svc.loaded.spec.before;
    const perRecord: string[] = [];
    let inside = 0;
    let total = 0;
    for (const name of ['119', '208']) {
      const rec = await loadRecordInputs(name, svc);
      const vIdx = rec.aami.flatMap((a, i) => (a === 'V' ? [i] : []));
      expect(vIdx.length).toBeGreaterThan(100);
      const preds = await svc.classify(vIdx.map((i) => rec.inputs[i]!));
      // The V-class map, whatever the prediction: where the model finds ventricular evidence.
      const peaks = preds.map((p) => {
        const s = svc.getSaliency(p, 2);
        let arg = 0;
        for (let j = 1; j < s.length; j++) if (s[j]! > s[arg]!) arg = j;
        return arg;
      });
      const n = peaks.filter((j) => Math.abs(j - R) <= tolSamples).length;
      const late = peaks.filter((j) => j - R > tolSamples).length;
      perRecord.push(`${name}: ${n}/${peaks.length} inside, ${late} later (ST-T)`);
      inside += n;
      total += peaks.length;
    }
    console.info(`[cam] V-beat CAM peaks within ±60 ms of R: ${perRecord.join('; ')}`);
    // ±60 ms is 23 of the 144 window samples: 16 % by chance. Most V beats must peak there.
    expect(inside / total).toBeGreaterThanOrEqual(0.5);
  });

  it('converts to the stored Prediction form that the contract schema accepts', async (ctx) => {
    if (!model) return ctx.skip();
    const [p] = await svc.classify(rec208.inputs.slice(0, 1));
    const stored = toPrediction(`${'a'.repeat(64)}:MLII:${rec208.samples[0]}`, svc.model.id, p!);
    expect(Prediction.safeParse(stored).success).toBe(true);
    expect(stored.saliency).toHaveLength(144);
    expect(stored.foldProbs).toHaveLength(svc.loaded.folds.length);
    expect(stored.predicted).toBe(p!.predicted);
  });

  it('rejects malformed beats and calls after close', async (ctx) => {
    if (!model) return ctx.skip();
    await expect(svc.classify([{ window: new Float32Array(100), rhythm: null }])).rejects.toMatchObject({
      code: 'E_INVALID_INPUT',
    });
    const bad = new Float32Array(144);
    bad[3] = NaN;
    await expect(svc.classify([{ window: bad, rhythm: null }])).rejects.toMatchObject({ code: 'E_INVALID_INPUT' });
    expect(await svc.classify([])).toEqual([]);
    const other = await createInferenceService(model.manifestPath, { workers: 1, tta: false });
    await other.close();
    await expect(other.classify(rec208.inputs.slice(0, 1))).rejects.toBeInstanceOf(AppError);
  });
});

describe.skipIf(!hasSharedData(MITDB_DIR))('model validation', () => {
  let model: TestModel | null = null;
  let tmp: string;
  let manifest: Record<string, unknown> & {
    folds: { file: string; sha256: string }[];
    outputs: Record<string, unknown[]>;
  };

  beforeAll(async () => {
    const m = await getTestModel();
    if (!isTestModel(m)) {
      console.warn(`[skip] model validation tests: ${m.skip}`);
      return;
    }
    model = m;
    tmp = await mkdtemp(path.join(os.tmpdir(), 'ecg-infer-validate-'));
    manifest = JSON.parse(await readFile(m.manifestPath, 'utf8'));
  });

  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  /** A copy of the first fold under a fresh folder with a (possibly edited) one-fold manifest. */
  async function makeVariant(
    name: string,
    edit: (m: typeof manifest, onnx: string) => Promise<void> | void,
  ): Promise<string> {
    const dir = path.join(tmp, name);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const m = structuredClone(manifest);
    m.folds = [m.folds[0]!];
    const onnx = path.join(dir, m.folds[0]!.file);
    await copyFile(path.join(model!.dir, m.folds[0]!.file), onnx);
    await edit(m, onnx);
    const p = path.join(dir, 'model.json');
    await writeFile(p, JSON.stringify(m));
    return p;
  }

  it('accepts the untouched copy', async (ctx) => {
    if (!model) return ctx.skip();
    const svc = await createInferenceService(await makeVariant('ok', () => {}), { workers: 1 });
    expect(svc.loaded.folds).toHaveLength(1);
    await svc.close();
  });

  it('refuses a model file with one byte flipped, naming the file and the sha256 mismatch', async (ctx) => {
    if (!model) return ctx.skip();
    const p = await makeVariant('flipped', async (_m, onnx) => {
      const bytes = await readFile(onnx);
      bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
      await writeFile(onnx, bytes);
    });
    const err = await createInferenceService(p, { workers: 1 }).catch((e: unknown) => e);
    expectRefused(err, manifest.folds[0]!.file, 'sha256');
  });

  it('refuses a manifest whose sha256 does not match its file', async (ctx) => {
    if (!model) return ctx.skip();
    const p = await makeVariant('wrong-sha', (m) => {
      m.folds[0]!.sha256 = '0'.repeat(64);
    });
    expectRefused(
      await createInferenceService(p, { workers: 1 }).catch((e: unknown) => e),
      manifest.folds[0]!.file,
      'does not match',
    );
  });

  it('refuses a manifest declaring a wrong output shape, naming the output', async (ctx) => {
    if (!model) return ctx.skip();
    const p = await makeVariant('wrong-cam', (m) => {
      m.outputs = { ...m.outputs, cam: ['B', 5, 20] };
    });
    const err = await createInferenceService(p, { workers: 1 }).catch((e: unknown) => e);
    expectRefused(err, 'cam', '20', manifest.folds[0]!.file);
    const p2 = await makeVariant('wrong-logits', (m) => {
      m.outputs = { ...m.outputs, logits: ['B', 4] };
    });
    expectRefused(await createInferenceService(p2, { workers: 0 }).catch((e: unknown) => e), 'logits');
  });

  it('refuses a manifest whose beat channel count contradicts its input contract', async (ctx) => {
    if (!model) return ctx.skip();
    const p = await makeVariant('wrong-channels', (m) => {
      const inputs = m.inputs as Record<string, unknown[]>;
      inputs.beat = ['B', inputs.beat![1] === 2 ? 1 : 2, 144];
    });
    expectRefused(await createInferenceService(p, { workers: 0 }).catch((e: unknown) => e), 'channel');
  });

  it('refuses a missing file and a truncated file whose sha256 the manifest was edited to match', async (ctx) => {
    if (!model) return ctx.skip();
    const missing = await makeVariant('missing', (m) => {
      m.folds[0]!.file = 'nope.onnx';
    });
    expectRefused(
      await createInferenceService(missing, { workers: 1 }).catch((e: unknown) => e),
      'nope.onnx',
      'missing',
    );
    const truncated = await makeVariant('truncated', async (m, onnx) => {
      const bytes = (await readFile(onnx)).subarray(0, 5000);
      await writeFile(onnx, bytes);
      m.folds[0]!.sha256 = hashBytes(bytes);
    });
    expectRefused(
      await createInferenceService(truncated, { workers: 1 }).catch((e: unknown) => e),
      'onnxruntime cannot load it',
    );
  });
});
