import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AAMI_CLASSES } from '../../common/ecg/aami';
import { parseHeader } from '../../electron/engine/wfdb/header';
import { getBeats, loadRecord } from '../../electron/engine/wfdb/record';
import { DS1_RECORDS, PACED_RECORDS } from '../../electron/engine/wfdb/records';
import { encodeAtr } from '../../electron/engine/wfdb/annotations';
import { computeChecksum, decode212 } from '../../electron/engine/wfdb/signal-format';
import { buildHeader16, writeAtr, writeDat16, writeHeader } from '../../electron/engine/wfdb/writer';
import { hasSharedData, MITDB_DIR } from '../support/shared-data';

/** The DS1 AAMI beat counts stated in ../shared/data/README.md. */
const README_DS1_COUNTS = { N: 45_866, S: 944, V: 3_788, F: 415, Q: 8 };

describe.skipIf(!hasSharedData(MITDB_DIR))('WFDB reader on MIT-BIH (shared data)', () => {
  it('reproduces the DS1 AAMI beat counts exactly', async () => {
    const counts = Object.fromEntries(AAMI_CLASSES.map((c) => [c, 0])) as Record<string, number>;
    for (const r of DS1_RECORDS) for (const b of getBeats(await loadRecord(r, { dir: MITDB_DIR }))) counts[b.aami]!++;
    expect(counts).toEqual(README_DS1_COUNTS);
  });

  it('re-encodes every DS1 and paced .atr to the same bytes', async () => {
    let withAux = 0;
    let withSub = 0;
    for (const r of [...DS1_RECORDS, ...PACED_RECORDS]) {
      const bytes = await readFile(path.join(MITDB_DIR, `${r}.atr`));
      const rec = await loadRecord(r, { dir: MITDB_DIR });
      expect(rec.annotations.length, r).toBeGreaterThan(1000);
      withAux += rec.annotations.filter((a) => a.aux).length;
      withSub += rec.annotations.filter((a) => a.subtype).length;
      expect(Buffer.from(encodeAtr(rec.annotations)).equals(bytes), `${r}.atr re-encoded`).toBe(true);
    }
    // The round trip exercised the AUX, SUB and SKIP paths, not just plain beat words.
    expect(withAux).toBeGreaterThan(100);
    expect(withSub).toBeGreaterThan(100);
  });

  it('decodes format 212 so every signal matches its header checksum and initial value', async () => {
    for (const r of [...DS1_RECORDS, ...PACED_RECORDS]) {
      const rec = await loadRecord(r, { dir: MITDB_DIR });
      expect(rec.nSamples).toBe(rec.header.nSamples);
      rec.signals.forEach((s, k) => {
        const spec = rec.header.signals[k]!;
        expect(s.checksumOk, `${r} ch${k}`).toBe(true);
        expect(computeChecksum(s.adc)).toBe(spec.checksum);
        expect(s.adc[0]).toBe(spec.initValue);
      });
    }
  });

  it('spot-checks record 101: first samples in mV from the raw bytes, gain 200, baseline 1024', async () => {
    const hea = parseHeader(await readFile(path.join(MITDB_DIR, '101.hea'), 'latin1'));
    const raw = await readFile(path.join(MITDB_DIR, '101.dat'));
    const rec = await loadRecord(path.join(MITDB_DIR, '101.hea'));
    expect(rec.signals.map((s) => s.name)).toEqual(['MLII', 'V1']);
    // Independent decode of the first 4 frames: low byte + low nibble of byte 1 / high nibble + byte 2.
    for (let f = 0; f < 4; f++) {
      const [b0, b1, b2] = [raw[3 * f]!, raw[3 * f + 1]!, raw[3 * f + 2]!];
      const s0 = ((b0 | ((b1 & 0x0f) << 8)) << 20) >> 20;
      const s1 = ((b2 | ((b1 & 0xf0) << 4)) << 20) >> 20;
      expect(rec.signals[0]!.mv[f]).toBeCloseTo((s0 - 1024) / 200, 12);
      expect(rec.signals[1]!.mv[f]).toBeCloseTo((s1 - 1024) / 200, 12);
    }
    expect(rec.signals[0]!.mv[0]).toBeCloseTo(-0.345, 12);
    const stream = decode212(raw);
    expect(computeChecksum(stream, 0, 2)).toBe(hea.signals[0]!.checksum);
    expect(computeChecksum(stream, 1, 2)).toBe(hea.signals[1]!.checksum);
  });

  it('reads the paced records like any other and finds their paced beats', async () => {
    for (const r of PACED_RECORDS) {
      const beats = getBeats(await loadRecord(r, { dir: MITDB_DIR }));
      expect(beats.filter((b) => b.symbol === '/').length, r).toBeGreaterThan(100);
    }
  });

  it('writes a format-16 record (header, .dat, .atr) that reads back to the same samples and annotations', async () => {
    const src = await loadRecord('208', { dir: MITDB_DIR });
    const n = 10 * 360;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ecg-wfdb-'));
    try {
      const adc = src.signals.map((s) => s.adc.slice(0, n));
      const header = buildHeader16({
        recordName: 'r208',
        fs: src.fs,
        signals: src.signals.map((s, k) => ({ name: s.name, adc: adc[k]!, adcGain: s.adcGain, baseline: s.baseline })),
        comments: ['first 10 s of MIT-BIH 208'],
      });
      const anns = src.annotations.filter((a) => a.sample < n);
      await writeHeader(path.join(dir, 'r208.hea'), header);
      await writeDat16(path.join(dir, 'r208.dat'), adc);
      await writeAtr(path.join(dir, 'r208.atr'), anns);
      const back = await loadRecord(path.join(dir, 'r208'));
      expect(back.nSamples).toBe(n);
      back.signals.forEach((s, k) => {
        expect(s.checksumOk).toBe(true);
        expect(s.name).toBe(src.signals[k]!.name);
        expect(Array.from(s.mv)).toEqual(Array.from(src.signals[k]!.mv.subarray(0, n)));
      });
      expect(back.annotations).toEqual(anns);
      expect(getBeats(back).map((b) => b.aami)).toEqual(
        getBeats(src)
          .filter((b) => b.sample < n)
          .map((b) => b.aami),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
