import { describe, expect, it } from 'vitest';
import { computeBeatInput, computeBeatTemplates, ECG_BEAT_INPUT_V1, type BeatInputSpec } from '../../beats/model-input';
import type { ExportBeat } from '../../store/export-reads';
import { buildStoredBeatInputs, groupLeadChunks } from '../../infer/rerun-inference';
import { buildBeatInputs, type PreparedBeat } from '../build-beat-inputs';
import type { DigitizedLeadWithBeats } from '../digitized-image';
import { fillGaps } from '../fill-gaps';

const V2: BeatInputSpec = { ...ECG_BEAT_INPUT_V1, channels: 2, templateNeighbours: 20, templateMinBeats: 3 };
const SHA = 'a'.repeat(64);

/**
 * A 10 s strip at 250 Hz: narrow beats every 0.8 s, every fourth one wide and inverted (a different
 * shape), so templates and windows differ. `gapAt` blanks the window of that beat.
 */
function makeStripLead(opts: { gapAt?: number; beats?: number } = {}): DigitizedLeadWithBeats {
  const fs = 250;
  const n = 2500;
  const rPeaks = Array.from({ length: opts.beats ?? 12 }, (_, i) => Math.round((0.5 + 0.8 * i) * fs));
  const samples = new Float32Array(n);
  rPeaks.forEach((r, i) => {
    const wide = i % 4 === 3;
    const width = wide ? 12 : 4;
    const amp = wide ? -1.4 : 1.1;
    for (let k = Math.max(0, r - 60); k < Math.min(n, r + 60); k++) {
      samples[k]! += amp * Math.exp(-0.5 * ((k - r) / width) ** 2) + 0.2 * Math.exp(-0.5 * ((k - r - 45) / 10) ** 2);
    }
  });
  if (opts.gapAt !== undefined) {
    const r = rPeaks[opts.gapAt]!;
    for (let k = r - 60; k < r + 40; k++) samples[k] = NaN;
  }
  return {
    name: 'II',
    fs,
    startTime: 0,
    samples,
    pixelMap: {
      panel: { x: 0, y: 0, width: 1000, height: 200 },
      originX: 0,
      originY: 100,
      pxPerSecond: 100,
      pxPerMv: 40,
      rotationDeg: 0,
      rotationCenterX: 0,
      rotationCenterY: 0,
    },
    quality: { coverage: 1, flat: false, calibrationPulseFound: true, notes: [] },
    rPeaks,
  };
}

describe('buildBeatInputs context template (contract v2)', () => {
  it("gives each beat the median of its lead's kept windows; a gap-dropped beat is left out of it", () => {
    const lead = makeStripLead({ gapAt: 5 });
    const got = buildBeatInputs(SHA, lead, V2, true);
    expect(got.map((p) => p.beat.rSample)).toEqual(lead.rPeaks.filter((_, i) => i !== 5));
    const filled = fillGaps(lead.samples);
    const want = computeBeatTemplates(
      got.map((p) => computeBeatInput(filled, p.beat.rSample, lead.fs, V2)),
      V2,
    );
    got.forEach((p, i) => {
      expect(p.input.rhythm).not.toBeNull();
      expect(Array.from(p.input.template!)).toEqual(Array.from(want[i]!));
    });
    // The dominant (narrow) shape wins the median: a wide beat's template is far from its own window.
    const wide = got.find((p) => p.beat.rSample === lead.rPeaks[3])!;
    const narrow = got.find((p) => p.beat.rSample === lead.rPeaks[2])!;
    const dist = (a: Float32Array, b: Float32Array) => a.reduce((s, v, j) => s + Math.abs(v - b[j]!), 0);
    expect(dist(wide.input.template!, wide.input.window)).toBeGreaterThan(
      5 * dist(narrow.input.template!, narrow.input.window),
    );
  });

  it('gives no template to single-beat crops, to leads below min_beats, or for a one-channel model', () => {
    const lead = makeStripLead();
    expect(buildBeatInputs(SHA, lead, V2, false).every((p) => !p.input.template && !p.input.rhythm)).toBe(true);
    const short = buildBeatInputs(SHA, makeStripLead({ beats: 2 }), V2, true);
    expect(short).toHaveLength(2);
    expect(short.every((p) => !p.input.template && !p.input.rhythm)).toBe(true);
    expect(buildBeatInputs(SHA, lead, ECG_BEAT_INPUT_V1, true).every((p) => !p.input.template)).toBe(true);
  });
});

describe('re-running inference from the review set', () => {
  /** The stored form of prepared beats, as listExportBeats returns them. */
  function toExportBeats(prepared: readonly PreparedBeat[]): ExportBeat[] {
    return prepared.map(({ beat }) => ({
      id: beat.id,
      imageSha256: beat.imageSha256,
      file: 'strip.png',
      lead: beat.lead,
      rSample: beat.rSample,
      fs: beat.fs,
      windowStart: beat.windowStart,
      windowEnd: beat.windowEnd,
      rhythm: beat.rhythm,
      reference: null,
      labels: {},
      finalLabel: null,
      modelId: null,
      predicted: null,
      probs: null,
      entropy: null,
    }));
  }

  it("rebuilds exactly the batch's windows, rhythm rows and templates from the stored beats and lead", () => {
    const strip = makeStripLead({ gapAt: 7 });
    const crop = { ...makeStripLead({ beats: 1 }), name: 'crop' };
    const batch = [...buildBeatInputs(SHA, strip, V2, true), ...buildBeatInputs('b'.repeat(64), crop, V2, false)];
    const leads = new Map([
      [`${SHA}\nII`, strip],
      [`${'b'.repeat(64)}\ncrop`, crop],
    ]);
    const rerun = buildStoredBeatInputs(
      toExportBeats(batch),
      (sha, name) => {
        const l = leads.get(`${sha}\n${name}`)!;
        return {
          imageSha256: sha,
          file: 'strip.png',
          name,
          fs: l.fs,
          startTime: 0,
          samples: Float32Array.from(l.samples),
        };
      },
      V2,
    );
    expect(rerun).toHaveLength(batch.length);
    rerun.forEach((r, i) => {
      const b = batch[i]!.input;
      expect(Array.from(r.window)).toEqual(Array.from(b.window));
      expect(r.rhythm && Array.from(r.rhythm)).toEqual(b.rhythm && Array.from(b.rhythm));
      expect(r.template ? Array.from(r.template) : null).toEqual(b.template ? Array.from(b.template) : null);
    });
    expect(rerun.filter((r) => r.template).length).toBe(batch.length - 1);
  });

  it('steps through whole leads, so no lead is split between two model runs', () => {
    const beats = toExportBeats([
      ...buildBeatInputs(SHA, makeStripLead(), V2, true),
      ...buildBeatInputs(SHA, { ...makeStripLead({ beats: 5 }), name: 'V1' }, V2, true),
      ...buildBeatInputs('c'.repeat(64), makeStripLead({ beats: 9 }), V2, true),
    ]);
    expect(groupLeadChunks(beats, 14)).toEqual([
      [0, 12],
      [12, 26],
    ]);
    expect(groupLeadChunks(beats, 4)).toEqual([
      [0, 12],
      [12, 17],
      [17, 26],
    ]);
  });
});
