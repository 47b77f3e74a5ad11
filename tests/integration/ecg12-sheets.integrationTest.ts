/**
 * Whole-sheet review on real scanned 12-lead reports (shared/data/ecg12): the 3×4 panels and the
 * rhythm strip are found where a person marked them by hand (tests/fixtures/ecg12-panels.json),
 * calibrated to the printed grid, placed on one time axis, and a blanked panel is reported by name.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { ECG_MM_PER_INCH } from '../../common/ecg/paper';
import { Lead } from '../../common/schemas/signal';
import { digitizeImage, type DigitizeResult } from '../../electron/engine/digitize/digitize-image';
import { ECG12_DIR, hasSharedData } from '../support/shared-data';

interface FixtureSheet {
  sha256: string;
  path: string;
  rhythmLead: string | null;
  panels: Record<string, [number, number, number, number]>;
}
const FIXTURE = JSON.parse(
  readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'ecg12-panels.json'), 'utf8'),
) as { imageSize: [number, number]; tolerance: number; sheets: FixtureSheet[] };
/** The scans are 200 dpi: the printed 1 mm grid is 7.87 px. */
const ECG12_PX_PER_MM = 200 / ECG_MM_PER_INCH;
const STANDARD_ORDER = ['I', 'aVR', 'V1', 'V4', 'II', 'aVL', 'V2', 'V5', 'III', 'aVF', 'V3', 'V6'];

/** Files by sha256 from labels.tsv: a fixture names its file by content, never by name alone. */
function findBySha(): Map<string, string> {
  const rows = readFileSync(path.join(ECG12_DIR, 'labels.tsv'), 'utf8').trim().split('\n').slice(1);
  return new Map(rows.map((l) => l.split('\t')).map(([p, , sha]) => [sha!, path.join(ECG12_DIR, p!)]));
}

describe.skipIf(!hasSharedData(ECG12_DIR))('12-lead layout on real scans', () => {
  const results = new Map<string, DigitizeResult>();
  const files = new Map<string, string>();

  beforeAll(async () => {
    const bySha = findBySha();
    for (const s of FIXTURE.sheets) {
      const file = bySha.get(s.sha256);
      if (!file) throw new Error(`fixture sheet ${s.sha256} (${s.path}) is not in labels.tsv`);
      files.set(s.sha256, file);
      results.set(s.sha256, await digitizeImage(file));
    }
  }, 120_000);

  it('reads the files the fixture names (sha256 of the bytes)', () => {
    for (const s of FIXTURE.sheets) expect(results.get(s.sha256)!.sha256).toBe(s.sha256);
  });

  it('finds the 13 panels where they were marked by hand (±3 % of the image)', () => {
    const [w, h] = FIXTURE.imageSize;
    for (const s of FIXTURE.sheets) {
      const r = results.get(s.sha256)!;
      expect(r.status, `${s.path}: ${JSON.stringify(r.reasons)}`).not.toBe('refused');
      expect(r.panels, s.path).toHaveLength(13);
      expect(r.checks!.panelsFound, s.path).toBe(13);
      // Standard order, column-wise as printed, then the rhythm strip.
      expect(r.panels!.slice(0, 12).map((p) => p.lead)).toEqual(STANDARD_ORDER);
      for (const [lead, [x0, y0, x1, y1]] of Object.entries(s.panels)) {
        const p = r.panels!.find((q) => (lead === 'rhythm' ? q.lead.endsWith(' rhythm') : q.lead === lead));
        expect(p, `${s.path} ${lead}`).toBeDefined();
        const { x, y, width, height } = p!.box;
        const where = `${s.path} ${lead}: found ${[x, y, x + width, y + height].map(Math.round)} vs marked ${[x0, y0, x1, y1]}`;
        expect(Math.abs(x - x0), where).toBeLessThan(FIXTURE.tolerance * w);
        expect(Math.abs(x + width - x1), where).toBeLessThan(FIXTURE.tolerance * w);
        expect(Math.abs(y - y0), where).toBeLessThan(FIXTURE.tolerance * h);
        expect(Math.abs(y + height - y1), where).toBeLessThan(FIXTURE.tolerance * h);
      }
      // Header text and rules above the grid are not leads.
      const top = Math.min(...r.leads.map((l) => l.pixelMap.panel.y));
      expect(top, s.path).toBeGreaterThan(250);
      for (const lead of r.leads) expect(Lead.safeParse(lead).success, `${s.path} ${lead.name}`).toBe(true);
    }
  });

  it('names the rhythm strip by the limb lead it repeats, matching the printed label', () => {
    for (const s of FIXTURE.sheets) {
      if (!s.rhythmLead) continue;
      const r = results.get(s.sha256)!;
      expect(r.panels!.at(-1)!.lead, s.path).toBe(`${s.rhythmLead} rhythm`);
    }
  });

  it('calibrates to the printed grid within 3 % (200 dpi: 7.87 px/mm)', () => {
    for (const s of FIXTURE.sheets) {
      const c = results.get(s.sha256)!.calibration!;
      expect(c.gridFound, s.path).toBe(true);
      expect(Math.abs(c.pxPerMmX / ECG12_PX_PER_MM - 1), s.path).toBeLessThan(0.03);
      expect(Math.abs(c.pxPerMmY / ECG12_PX_PER_MM - 1), s.path).toBeLessThan(0.03);
      // The 1 mV pulses agree with the grid's gain.
      for (const l of results.get(s.sha256)!.leads.filter((q) => q.quality.pulseGainRatio))
        expect(Math.abs(l.quality.pulseGainRatio! - 1), `${s.path} ${l.name}`).toBeLessThan(0.06);
    }
  });

  it('puts every panel on the rhythm strip’s time axis, four 2.5 s columns', () => {
    for (const s of FIXTURE.sheets) {
      const r = results.get(s.sha256)!;
      const rhythm = r.panels!.at(-1)!;
      expect(rhythm.startTime).toBeCloseTo(0, 1);
      expect(Math.abs(rhythm.duration - 10)).toBeLessThan(0.3);
      for (const p of r.panels!.slice(0, 12)) {
        const col = STANDARD_ORDER.indexOf(p.lead) % 4;
        expect(Math.abs(p.startTime - col * (rhythm.duration / 4)), `${s.path} ${p.lead}`).toBeLessThan(0.02);
        expect(Math.abs(p.duration - rhythm.duration / 4)).toBeLessThan(0.02);
      }
    }
  });

  it('links the rhythm strip’s beats to the panels of the same time, and reports the checks', () => {
    for (const s of FIXTURE.sheets) {
      const r = results.get(s.sha256)!;
      const rhythm = r.panels!.at(-1)!;
      const rhythmBeats = r.beats[rhythm.lead]!;
      expect(rhythmBeats.length, s.path).toBeGreaterThan(5);
      for (const p of r.panels!.slice(0, 12)) {
        for (const b of r.beats[p.lead] ?? []) {
          const t = b.rSample / b.fs + p.startTime;
          const nearest = Math.min(...rhythmBeats.map((q) => Math.abs(q.rSample / q.fs - t)));
          expect(nearest, `${s.path} ${p.lead} beat at ${t.toFixed(2)} s`).toBeLessThanOrEqual(0.1 + 1e-9);
        }
      }
      const c = r.checks!;
      // A failed check makes the sheet partial with a reason naming it; all passed, it is ok.
      expect(r.status === 'ok', s.path).toBe(c.ok && r.reasons.length === 0);
      if (!c.heartRate.ok) expect(r.reasons.some((x) => x.code === 'check-heart-rate')).toBe(true);
      if (!c.beatAgreement.ok) expect(r.reasons.some((x) => x.code === 'check-beat-agreement')).toBe(true);
    }
    // On these five the heart rates agree (they were read off clean scans).
    const agree = FIXTURE.sheets.filter((s) => results.get(s.sha256)!.checks!.heartRate.ok).length;
    expect(agree).toBeGreaterThanOrEqual(4);
  });

  /** The fixture's first sheet with one marked panel painted white (its edges kept), re-encoded. */
  async function blankPanel(box: [number, number, number, number]): Promise<Buffer> {
    const s = FIXTURE.sheets[0]!;
    const [x0, y0, x1, y1] = box;
    const white = await sharp({
      create: { width: x1 - x0 - 8, height: y1 - y0 - 10, channels: 3, background: '#ffffff' },
    })
      .png()
      .toBuffer();
    return sharp(files.get(s.sha256)!)
      .composite([{ input: white, left: x0 + 4, top: y0 + 5 }])
      .jpeg({ quality: 92 })
      .toBuffer();
  }

  it('reports a sheet with one panel blanked out as partial, naming that panel', async () => {
    const r = await digitizeImage(await blankPanel(FIXTURE.sheets[0]!.panels.aVL!));
    expect(r.status).toBe('partial');
    expect(r.checks!.panelsFound).toBe(12);
    expect(r.checks!.missingPanels).toEqual(['aVL']);
    const reason = r.reasons.find((x) => x.code === 'check-panels');
    expect(reason?.message).toContain('aVL');
    // The other panels are still read, named as before.
    expect(r.leads.map((l) => l.name)).toEqual(expect.arrayContaining(['I', 'aVR', 'II', 'V2', 'III', 'V6']));
    expect(r.leads.some((l) => l.name === 'aVL')).toBe(false);
  }, 60_000);

  it('names a blanked rhythm strip, and the panels keep their own beats', async () => {
    const r = await digitizeImage(await blankPanel(FIXTURE.sheets[0]!.panels.rhythm!));
    expect(r.status).toBe('partial');
    expect(r.checks!.missingPanels).toEqual(['rhythm strip']);
    expect(r.reasons.find((x) => x.code === 'check-panels')?.message).toContain('rhythm strip');
    expect(r.leads).toHaveLength(12);
    expect(r.beats.II!.length).toBeGreaterThan(1);
  }, 60_000);
});
