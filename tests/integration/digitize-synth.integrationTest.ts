import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SynthTruth } from '../../common/schemas/truth';
import { digitizeImage, type DigitizeResult } from '../../electron/engine/digitize/digitize-image';
import { getSortedBeats, renderBeatImage, renderSheet, renderStrip } from '../../electron/engine/synth';
import { loadRecord } from '../../electron/engine/wfdb/record';
import { correlateBeatCrop, scoreBeats, scorePanel } from '../bench/digitize-eval';
import { hasSharedData, MITDB_DIR } from '../support/shared-data';

/**
 * Acceptance on rendered images with truth, artefact level 0: SNR, beat detection and grid
 * calibration floors that a broken extractor (wrong scale, wrong rows, lost trace) would miss.
 */
const RECORDS = ['106', '209'];

interface Case {
  truth: SynthTruth;
  result: DigitizeResult;
}

describe.skipIf(!hasSharedData(MITDB_DIR))('digitizing rendered ECGs (artefact level 0)', () => {
  const pages: Case[] = [];
  const beats: Case[] = [];

  beforeAll(async () => {
    for (const [i, name] of RECORDS.entries()) {
      const rec = await loadRecord(path.join(MITDB_DIR, name));
      for (const r of [
        await renderSheet(rec, { seed: 100 + i, artifacts: 0 }),
        await renderStrip(rec, { seed: 200 + i, artifacts: 0 }),
      ]) {
        pages.push({ truth: r.truth, result: await digitizeImage(r.image) });
      }
      const all = getSortedBeats(rec);
      for (let k = 0; k < 10; k++) {
        const r = await renderBeatImage(rec, all[50 + k * 97]!, { seed: 300 + k, artifacts: 0 });
        beats.push({ truth: r.truth, result: await digitizeImage(r.image) });
      }
    }
  });

  it('reads every page with the kind it was rendered as', () => {
    for (const p of pages) {
      expect(p.result.status).not.toBe('refused');
      expect(p.result.kind).toBe(p.truth.kind);
    }
    expect(beats.every((b) => b.result.kind === 'beat')).toBe(true);
  });

  it('calibrates from the grid within 2 % of the truth', () => {
    for (const p of pages) {
      const truthPxPerMm = p.truth.dpi / 25.4;
      expect(Math.abs(p.result.calibration!.pxPerMmX / truthPxPerMm - 1)).toBeLessThan(0.02);
      expect(Math.abs(p.result.calibration!.pxPerMmY / truthPxPerMm - 1)).toBeLessThan(0.02);
      for (const panel of p.truth.panels) {
        const s = scorePanel(p.truth, panel, p.result.leads);
        expect(Math.abs(s.timeScaleError)).toBeLessThan(0.02);
        expect(Math.abs(s.gainError)).toBeLessThan(0.02);
      }
    }
  });

  it('extracts every panel with a median SNR ≥ 10 dB against the drawn signal', () => {
    const snrs: number[] = [];
    for (const p of pages) {
      for (const panel of p.truth.panels) {
        const s = scorePanel(p.truth, panel, p.result.leads);
        expect(s.matched).not.toBeNull();
        expect(s.coverage).toBeGreaterThan(0.95);
        snrs.push(s.snrImageDb);
      }
    }
    snrs.sort((a, b) => a - b);
    console.info(
      `panel SNR (dB): min ${snrs[0]!.toFixed(1)}, median ${snrs[snrs.length >> 1]!.toFixed(1)}, n ${snrs.length}`,
    );
    expect(snrs[snrs.length >> 1]).toBeGreaterThan(10);
    expect(snrs[0]).toBeGreaterThan(5);
  });

  it('finds the true beats: Se and PPV ≥ 97 % (150 ms)', () => {
    let truth = 0;
    let detected = 0;
    let tp = 0;
    for (const p of pages) {
      p.truth.panels.forEach((_, i) => {
        const b = scoreBeats(p.truth, i, p.result.leads, p.result.beats);
        truth += b.truth;
        detected += b.detected;
        tp += b.truePositives;
      });
    }
    console.info(`beats: truth ${truth}, detected ${detected}, matched ${tp}`);
    expect(tp / truth).toBeGreaterThan(0.97);
    expect(tp / detected).toBeGreaterThan(0.97);
  });

  it('reconstructs single-beat crops with correlation ≥ 0.98', () => {
    const r = beats.map((b) => correlateBeatCrop(b.truth, b.result.leads[0]!));
    r.sort((a, b) => a - b);
    console.info(`beat crops: min r ${r[0]!.toFixed(4)}, median ${r[r.length >> 1]!.toFixed(4)}`);
    expect(r[r.length >> 1]).toBeGreaterThan(0.99);
    expect(r[0]).toBeGreaterThan(0.98);
  });
});
