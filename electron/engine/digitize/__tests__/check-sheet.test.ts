import { describe, expect, it } from 'vitest';
import { checkSheet } from '../check-sheet';
import type { SheetPanel } from '../digitize-layout';
import { ECG_LAYOUT_3X4 } from '../lead-names';
import { confirmRhythmPeaks, mergePanelBeats } from '../link-panel-beats';

/** The standard 3×4 + rhythm II layout: 2.5 s columns on one 10 s axis. */
function makePanels(): SheetPanel[] {
  const panels: SheetPanel[] = [];
  ECG_LAYOUT_3X4.forEach((names, row) =>
    names.forEach((lead, column) =>
      panels.push({
        lead,
        row,
        column,
        box: { x: column * 100, y: row * 100, width: 100, height: 100 },
        startTime: column * 2.5,
        duration: 2.5,
        found: true,
        coverage: 1,
      }),
    ),
  );
  panels.push({
    lead: 'II rhythm',
    row: 3,
    column: 0,
    box: { x: 0, y: 300, width: 400, height: 100 },
    startTime: 0,
    duration: 10,
    found: true,
    coverage: 1,
  });
  return panels;
}

/** Beats every `rr` s from `t0`, as each panel sees them (s from its own start). */
function makePeaks(panels: SheetPanel[], rr: number, t0 = 0.3): Map<string, number[]> {
  const times: number[] = [];
  for (let t = t0; t < 10; t += rr) times.push(t);
  const out = new Map<string, number[]>();
  for (const p of panels)
    if (p.row < 3)
      out.set(
        p.lead,
        times.filter((t) => t >= p.startTime && t < p.startTime + p.duration).map((t) => t - p.startTime),
      );
  return out;
}

describe('whole-sheet self-checks', () => {
  it('passes a sheet whose panels and rhythm strip show the same beats', () => {
    const panels = makePanels();
    const peaks = makePeaks(panels, 0.8);
    const rhythmTimes = [...mergePanelBeats(panels, peaks)];
    const { checks, reasons } = checkSheet(panels, {
      beats: {},
      rhythmLead: 'II rhythm',
      rhythmTimes,
      panelPeaks: peaks,
    });
    expect(reasons).toEqual([]);
    expect(checks.ok).toBe(true);
    expect(checks.heartRate.rhythmBpm).toBeCloseTo(75, 0);
    expect(checks.beatAgreement.share).toBe(1);
  });

  it('merges a column’s panels by majority and counts a beat on a column boundary once', () => {
    const panels = makePanels();
    const peaks = makePeaks(panels, 1);
    // One panel alone sees a spurious QRS; the beat at 2.5 s shows at the end of column 0 and the start of column 1.
    peaks.get('I')!.push(1.9);
    peaks.set('aVR', [0, ...peaks.get('aVR')!]);
    peaks.set('aVL', [0, ...peaks.get('aVL')!]);
    peaks.get('II')!.push(2.49);
    peaks.get('III')!.push(2.49);
    const merged = mergePanelBeats(panels, peaks);
    expect(merged.some((t) => Math.abs(t - 1.9) < 0.05)).toBe(false);
    expect(merged.filter((t) => Math.abs(t - 2.5) < 0.05)).toHaveLength(1);
  });

  it('makes a sheet partial naming the check and the panels when the rates disagree', () => {
    const panels = makePanels();
    const peaks = makePeaks(panels, 0.8);
    // The rhythm strip's detector also took every T wave for a beat: twice the rate.
    const rhythmTimes: number[] = [];
    for (let t = 0.3; t < 10; t += 0.4) rhythmTimes.push(t);
    const { checks, reasons } = checkSheet(panels, {
      beats: {},
      rhythmLead: 'II rhythm',
      rhythmTimes,
      panelPeaks: peaks,
    });
    expect(checks.heartRate.ok).toBe(false);
    expect(reasons.map((r) => r.code)).toContain('check-heart-rate');
    expect(reasons.find((r) => r.code === 'check-heart-rate')!.message).toMatch(/150 bpm, panels 75 bpm/);
    expect(checks.beatAgreement.share).toBeLessThan(0.6);
    expect(reasons.map((r) => r.code)).toContain('check-beat-agreement');
  });

  it('names a blank panel', () => {
    const panels = makePanels();
    const peaks = makePeaks(panels, 0.8);
    const v3 = panels.find((p) => p.lead === 'V3')!;
    v3.found = false;
    v3.coverage = 0.02;
    peaks.delete('V3');
    const { checks, reasons } = checkSheet(panels, {
      beats: {},
      rhythmLead: 'II rhythm',
      rhythmTimes: mergePanelBeats(panels, peaks),
      panelPeaks: peaks,
    });
    expect(checks.panelsFound).toBe(12);
    expect(checks.missingPanels).toEqual(['V3']);
    expect(reasons.find((r) => r.code === 'check-panels')!.message).toContain('V3');
    expect(checks.ok).toBe(false);
  });
});

describe('confirmRhythmPeaks', () => {
  const fs = 500;
  const panels = makePanels();
  const rhythm = panels.find((p) => p.row === 3)!;
  const beats: number[] = [];
  for (let t = 0.3; t < 10; t += 0.6) beats.push(t);
  /** The strip's detections at full strength. */
  const confirmStrong = (
    raw: number[],
    peaks: Map<string, number[]>,
    notes: string[],
    energyAt?: (t: number) => number,
  ) =>
    confirmRhythmPeaks(
      raw,
      raw.map(() => 300),
      fs,
      rhythm,
      panels,
      peaks,
      notes,
      energyAt,
    );

  it('keeps strong rhythm-strip beats that small V-lead panels place a T wave later', () => {
    // Columns 0 and 1 show the beats; the V leads of columns 2 and 3 detect T waves 0.22 s late.
    const peaks = makePeaks(panels, 0.6);
    for (const p of panels)
      if (p.row < 3 && p.column >= 2)
        peaks.set(
          p.lead,
          peaks.get(p.lead)!.map((t) => t + 0.22),
        );
    const raw = beats.map((t) => Math.round(t * fs));
    const notes: string[] = [];
    const kept = confirmStrong(raw, peaks, notes);
    expect(kept).toEqual(raw);
    expect(notes).toEqual([]);
  });

  it('drops a weak detection that no panel shows between two regular beats', () => {
    const peaks = makePeaks(panels, 0.6);
    const raw = [...beats.map((t) => Math.round(t * fs)), Math.round(4.8 * fs)].sort((a, b) => a - b);
    const strength = raw.map((r) => (r === Math.round(4.8 * fs) ? 20 : 300));
    const kept = confirmRhythmPeaks(raw, strength, fs, rhythm, panels, peaks, []);
    expect(kept).toEqual(beats.map((t) => Math.round(t * fs)));
  });

  it('adds a beat the panels show into a hole of the strip only where the strip shows a QRS too', () => {
    // The strip's detector missed the beats at 3.3 s and 6.3 s: both leave a 1.2 s hole.
    const peaks = makePeaks(panels, 0.6);
    const raw = beats
      .filter((t) => Math.abs(t - 3.3) > 0.01 && Math.abs(t - 6.3) > 0.01)
      .map((t) => Math.round(t * fs));
    // The strip's QRS energy: a real QRS at 3.3 s, nothing at 6.3 s (noise that panels of one
    // low-voltage lead agree on).
    const energyAt = (t: number) => (Math.abs(t - 6.3) < 0.05 ? 2 : 300);
    const kept = confirmStrong(raw, peaks, [], energyAt);
    expect(kept).toEqual([...raw, Math.round(3.3 * fs)].sort((a, b) => a - b));
  });
});
