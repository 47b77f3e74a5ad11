import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectQrs } from '../../electron/engine/beats/detect-qrs';
import { getBeats, loadRecord } from '../../electron/engine/wfdb/record';
import { hasSharedData, MITDB_DIR } from '../support/shared-data';

/** Records without long ventricular flutter (207) or paced rhythm; the first 5 minutes of each. */
const RECORDS = ['101', '106', '119', '203', '208', '209', '223', '230'];

describe.skipIf(!hasSharedData(MITDB_DIR))('Pan–Tompkins QRS detector on MIT-BIH', () => {
  it('reaches Se and PPV ≥ 99 % over DS1 records (150 ms tolerance)', async () => {
    let tp = 0;
    let fn = 0;
    let fp = 0;
    for (const name of RECORDS) {
      const rec = await loadRecord(path.join(MITDB_DIR, name));
      const n = Math.min(rec.nSamples, rec.fs * 300);
      const sig = rec.signals[0]!.mv.subarray(0, n);
      const edge = Math.round(0.15 * rec.fs);
      const truth = getBeats(rec)
        .map((b) => b.sample)
        .filter((s) => s >= edge && s < n - edge);
      const det = detectQrs(sig, rec.fs).rSamples.filter((s) => s >= edge && s < n - edge);
      const tol = 0.15 * rec.fs;
      const used = new Set<number>();
      let j = 0;
      for (const s of truth) {
        while (j < det.length && det[j]! < s - tol) j++;
        let k = j;
        while (k < det.length && det[k]! <= s + tol && used.has(k)) k++;
        if (k < det.length && Math.abs(det[k]! - s) <= tol) {
          used.add(k);
          tp++;
        } else fn++;
      }
      fp += det.length - used.size;
    }
    const se = tp / (tp + fn);
    const ppv = tp / (tp + fp);
    console.info(
      `QRS detection on ${RECORDS.length} records × 5 min: Se ${(se * 100).toFixed(2)} %, PPV ${(ppv * 100).toFixed(2)} %`,
    );
    expect(se).toBeGreaterThan(0.99);
    expect(ppv).toBeGreaterThan(0.99);
  });
});
