import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeBeatInput, computeRhythmFeatures, ECG_BEAT_INPUT_V1 } from '../../electron/engine/beats/model-input';
import { getBeats, loadRecord } from '../../electron/engine/wfdb/record';
import { hasSharedData, MITDB_DIR } from '../support/shared-data';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const GOLDEN = path.join(ROOT, 'models', 'beat-resnet34', 'golden.json');

function hasNumpy(): boolean {
  try {
    execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn('[skip] python3 with numpy not found: the live cross-check with models/train/contract.py is skipped');
    return false;
  }
}

describe.skipIf(!hasSharedData(MITDB_DIR) || !hasNumpy())(
  'beat model input: TypeScript against models/train/contract.py',
  () => {
    it('reproduces windows and rhythm features of record 209 to 1e-4', async () => {
      const rec = await loadRecord(path.join(MITDB_DIR, '209'));
      const sig = rec.signals[0]!.mv;
      const beats = getBeats(rec).map((b) => b.sample);
      const picks = [beats[5]!, beats[100]!, beats[1000]!, 3, rec.nSamples - 5];
      const script = `
import json, sys
import numpy as np
sys.path.insert(0, ${JSON.stringify(path.join(ROOT, 'models'))})
from train.contract import beat_input, rhythm_features
d = json.load(sys.stdin)
sig = np.array(d['sig'])
print(json.dumps({'w': [beat_input(sig, r, d['fs']).tolist() for r in d['picks']],
                  'r': rhythm_features(np.array(d['t'])).tolist()}))`;
      const out = JSON.parse(
        execFileSync('python3', ['-c', script], {
          input: JSON.stringify({ sig: Array.from(sig), fs: rec.fs, picks, t: beats.map((s) => s / rec.fs) }),
          maxBuffer: 1 << 28,
        }).toString(),
      ) as { w: number[][]; r: number[][] };
      picks.forEach((r, k) => {
        const ts = computeBeatInput(sig, r, rec.fs, ECG_BEAT_INPUT_V1);
        ts.forEach((v, j) => expect(Math.abs(v - out.w[k]![j]!)).toBeLessThan(1e-4));
      });
      const rf = computeRhythmFeatures(
        beats.map((s) => s / rec.fs),
        ECG_BEAT_INPUT_V1,
      );
      let worst = 0;
      out.r.forEach((row, i) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - rf[i * 7 + j]!)))));
      expect(worst).toBeLessThan(1e-4);
    });
  },
);

describe.skipIf(!hasSharedData(MITDB_DIR) || !existsSync(GOLDEN))(
  'beat model input: golden.json written by the training side',
  () => {
    it('reproduces its rhythm features and windows to 1e-4', async () => {
      const g = JSON.parse(readFileSync(GOLDEN, 'utf8')) as {
        channel: number;
        fs_in: number;
        rhythm_golden: { sample: number; rhythm: number[] }[];
        windows: { sample: number; beat: number[] }[];
      };
      const rec = await loadRecord(path.join(MITDB_DIR, '209'));
      const beats = getBeats(rec).map((b) => b.sample);
      expect(beats.slice(0, g.rhythm_golden.length)).toEqual(g.rhythm_golden.map((b) => b.sample));
      const rf = computeRhythmFeatures(
        beats.map((s) => s / g.fs_in),
        ECG_BEAT_INPUT_V1,
      );
      g.rhythm_golden.forEach((b, i) =>
        b.rhythm.forEach((v, j) => expect(Math.abs(v - rf[i * 7 + j]!)).toBeLessThan(1e-4)),
      );
      const sig = rec.signals[g.channel]!.mv;
      for (const w of g.windows)
        computeBeatInput(sig, w.sample, g.fs_in, ECG_BEAT_INPUT_V1).forEach((v, j) =>
          expect(Math.abs(v - w.beat[j]!)).toBeLessThan(1e-4),
        );
    });
  },
);
if (!existsSync(GOLDEN)) console.warn(`[skip] ${GOLDEN} not written yet: the golden parity test is skipped`);
