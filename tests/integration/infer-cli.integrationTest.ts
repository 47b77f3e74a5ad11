import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main';
import { detectQrs } from '../../electron/engine/beats/detect-qrs';
import { buildBeatModelInputs } from '../../electron/engine/infer/build-model-inputs';
import { createInferenceService } from '../../electron/engine/infer/inference-service';
import { getBeats, loadRecord } from '../../electron/engine/wfdb/record';
import { hasSharedData, MITDB_DIR } from '../support/shared-data';
import { getTestModel, isTestModel, type TestModel } from '../support/test-model';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), isTTY: false }, out, err };
}

function parseCsv(text: string): Record<string, string>[] {
  const [head, ...rows] = text.trim().split('\n');
  const cols = head!.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [cols[i]!, v])));
}

describe.skipIf(!hasSharedData(MITDB_DIR))('ecg-review classify --wfdb', () => {
  let model: TestModel | null = null;
  let tmp: string;

  beforeAll(async () => {
    const m = await getTestModel();
    if (!isTestModel(m)) {
      console.warn(`[skip] classify CLI tests: ${m.skip}`);
      return;
    }
    model = m;
    tmp = await mkdtemp(path.join(os.tmpdir(), 'ecg-classify-cli-'));
  });

  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('writes one row per reference beat with probabilities, prediction and uncertainty', async (ctx) => {
    if (!model) return ctx.skip();
    const out = path.join(tmp, '119.csv');
    const c = capture();
    const code = await runCli(
      [
        'classify',
        '--wfdb',
        path.join(MITDB_DIR, '119'),
        '--model',
        model.manifestPath,
        '--seconds',
        '600',
        '--out',
        out,
      ],
      c.io,
    );
    expect(c.err).toEqual([]);
    expect(code).toBe(0);
    const rows = parseCsv(await readFile(out, 'utf8'));
    const rec = await loadRecord('119', { dir: MITDB_DIR });
    const ref = getBeats(rec).filter((b) => b.sample < 600 * rec.fs);
    expect(rows).toHaveLength(ref.length);
    rows.forEach((r, i) => {
      expect(Number(r.sample)).toBe(ref[i]!.sample);
      expect(r.reference_code).toBe(ref[i]!.symbol);
      expect(r.reference_aami).toBe(ref[i]!.aami);
      const p = ['N', 'S', 'V', 'F', 'Q'].map((k) => Number(r[`p_${k}`]));
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      expect(r.predicted).toBe(['N', 'S', 'V', 'F', 'Q'][p.indexOf(Math.max(...p))]);
      expect(Number(r.entropy)).toBeGreaterThanOrEqual(0);
      expect(r.rhythm_used).toBe('true');
    });
    expect(c.out.join('\n')).toMatch(/macro-F1/);
  });

  it('classifies detected beats as single-beat crops when rhythm is off', async (ctx) => {
    if (!model) return ctx.skip();
    const out = path.join(tmp, '208d.csv');
    const c = capture();
    const code = await runCli(
      [
        'classify',
        '--wfdb',
        path.join(MITDB_DIR, '208'),
        '--model',
        model.manifestPath,
        '--beats',
        'detected',
        '--rhythm',
        'off',
        '--seconds',
        '600',
        '--out',
        out,
      ],
      c.io,
    );
    expect(code).toBe(0);
    const rows = parseCsv(await readFile(out, 'utf8'));
    const rec = await loadRecord('208', { dir: MITDB_DIR });
    const ref = getBeats(rec).filter((b) => b.sample < 600 * rec.fs);
    // Pan–Tompkins on a real record: close to the reference count, most matched to a reference beat.
    expect(Math.abs(rows.length - ref.length) / ref.length).toBeLessThan(0.1);
    expect(rows.filter((r) => r.reference_aami).length / rows.length).toBeGreaterThan(0.9);
    expect(rows.every((r) => r.rhythm_used === 'false')).toBe(true);
  });

  it("gives detected beats their context from the whole record's detected beats (rhythm, v2 template)", async (ctx) => {
    if (!model) return ctx.skip();
    const out = path.join(tmp, '209d.csv');
    const c = capture();
    const args = ['classify', '--wfdb', path.join(MITDB_DIR, '209'), '--model', model.manifestPath];
    const code = await runCli([...args, '--beats', 'detected', '--tta', 'off', '--seconds', '60', '--out', out], c.io);
    expect(code).toBe(0);
    const rows = parseCsv(await readFile(out, 'utf8'));
    // The engine's own path: detect over the whole record, context from all detections, keep 60 s.
    const rec = await loadRecord('209', { dir: MITDB_DIR });
    const detected = detectQrs(rec.signals[0]!.mv, rec.fs).rSamples;
    const svc = await createInferenceService(model.manifestPath, { workers: 0, tta: false });
    try {
      const inputs = buildBeatModelInputs(rec.signals[0]!.mv, rec.fs, detected, svc.loaded.spec);
      const kept = inputs.filter((_, i) => detected[i]! < 60 * rec.fs);
      if (svc.loaded.spec.channels === 2) expect(kept.every((b) => b.template)).toBe(true);
      const want = await svc.classify(kept);
      expect(rows.map((r) => Number(r.sample))).toEqual(detected.filter((s) => s < 60 * rec.fs));
      rows.forEach((r, i) => {
        expect(r.rhythm_used).toBe('true');
        ['N', 'S', 'V', 'F', 'Q'].forEach((k, c) =>
          expect(Math.abs(Number(r[`p_${k}`]) - want[i]!.probs[c]!)).toBeLessThan(2e-6),
        );
      });
    } finally {
      await svc.close();
    }
  });

  it('refuses bad arguments with a usage error', async () => {
    const c = capture();
    expect(await runCli(['classify', '--wfdb', '119'], c.io)).toBe(2);
    expect(c.err.join('\n')).toMatch(/--out/);
    const d = capture();
    expect(await runCli(['classify', '--wfdb', '119', '--out', '/tmp/x.csv', '--beats', 'maybe'], d.io)).toBe(2);
  });
});
