import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { computeRhythmFeatures, readBeatInputSpec } from '../../electron/engine/beats/model-input';
import { buildBeatModelInputs } from '../../electron/engine/infer/build-model-inputs';
import { createInferenceService, type EngineInferenceService } from '../../electron/engine/infer/inference-service';
import { getBeats, loadRecord } from '../../electron/engine/wfdb';
import { hasSharedData, MITDB_DIR } from '../support/shared-data';
import { getTestModel, isTestModel } from '../support/test-model';

/**
 * Issue 13: the rhythm input is really used. Record 209's premature atrial beats (A, class S) are
 * classified twice: with their own RR features, and with the features of a beat that comes exactly
 * on the record's average rhythm (every ln ratio 0, rhythm still "available"). A contract v2 model
 * keeps the beat's own context template in both runs: only the RR features change.
 */
describe.skipIf(!hasSharedData(MITDB_DIR))('rhythm context changes the S probability of premature beats', () => {
  let service: EngineInferenceService | null = null;
  let skip = '';
  beforeAll(async () => {
    const m = await getTestModel();
    if (!isTestModel(m)) skip = m.skip;
    else if (!m.shipped) skip = 'only the trained shipped model can show it (a smoke model learns nothing)';
    else service = await createInferenceService(m.manifestPath, { workers: 0, tta: false });
    if (skip) console.warn(`[skip] ${skip}`);
  }, 120_000);
  afterAll(() => service?.close());

  it('drops when the RR features are replaced by the record’s average rhythm', async (ctx) => {
    if (!service) return ctx.skip();
    const manifest = JSON.parse(await readFile(service.loaded.manifestPath, 'utf8')) as {
      input: unknown;
      inputs: unknown;
    };
    const spec = readBeatInputSpec(manifest.input, manifest.inputs);
    const record = await loadRecord('209', { dir: MITDB_DIR });
    const beats = getBeats(record);
    const lead = record.signals[0]!.mv;
    const rhythm = computeRhythmFeatures(
      beats.map((b) => b.sample / record.fs),
      spec,
    );
    const premature = beats
      .map((b, i) => ({ b, i }))
      .filter(({ b, i }) => b.symbol === 'A' && rhythm[i * 7]! < -0.1) // premature: RR before it shorter than the local rhythm
      .slice(0, 60);
    expect(premature.length).toBe(60);
    const average = Float32Array.from([0, 0, 0, 0, 0, 0, 1]);
    const all = buildBeatModelInputs(
      lead,
      record.fs,
      beats.map((b) => b.sample),
      spec,
    );
    const inputs = premature.flatMap(({ i }) => {
      const own = all[i]!;
      expect(Array.from(own.rhythm!)).toEqual(Array.from(rhythm.subarray(i * 7, i * 7 + 7)));
      return [own, { ...own, rhythm: average }];
    });
    const out = await service.classify(inputs);
    const S = 1;
    const withOwn = out.filter((_, k) => k % 2 === 0).map((r) => r.probs[S]!);
    const withAverage = out.filter((_, k) => k % 2 === 1).map((r) => r.probs[S]!);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(
      `record 209, 60 A beats: mean P(S) with own RR ${mean(withOwn).toFixed(3)}, with average RR ${mean(withAverage).toFixed(3)}`,
    );
    expect(mean(withAverage)).toBeLessThan(mean(withOwn));
    expect(withOwn.filter((p, k) => withAverage[k]! < p).length).toBeGreaterThan(45);
  });
});
