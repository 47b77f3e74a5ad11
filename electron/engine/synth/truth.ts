import type { z } from 'zod';
import type { TruthBeat, TruthLead } from '../../../common/schemas/truth';
import type { WfdbBeat, WfdbRecord } from '../wfdb/record';

type TruthLeadT = z.infer<typeof TruthLead>;
type TruthBeatT = z.infer<typeof TruthBeat>;

/** The true samples (mV at the record's fs) of `channel` over [start, end]. */
export function buildTruthLead(
  record: WfdbRecord,
  channel: number,
  start: number,
  end: number,
  name?: string,
): TruthLeadT {
  const s = Math.max(0, start);
  const e = Math.min(record.nSamples - 1, end);
  const sig = record.signals[channel]!;
  return {
    name: name ?? sig.name,
    channel,
    fs: record.fs,
    startSample: s,
    samples: Array.from(sig.mv.subarray(s, e + 1)),
  };
}

/** Beats whose R lies in [start, end], found by binary search in the sorted beat list. */
export function getBeatsInRange(beats: readonly WfdbBeat[], start: number, end: number): WfdbBeat[] {
  let lo = 0;
  let hi = beats.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (beats[mid]!.sample < start) lo = mid + 1;
    else hi = mid;
  }
  const out: WfdbBeat[] = [];
  for (let i = lo; i < beats.length && beats[i]!.sample <= end; i++) out.push(beats[i]!);
  return out;
}

export function makeTruthBeat(panel: number, b: WfdbBeat, p: { x: number; y: number }): TruthBeatT {
  const r = (v: number) => Math.round(v * 1000) / 1000;
  return { panel, sample: b.sample, x: r(p.x), y: r(p.y), code: b.symbol, aami: b.aami };
}

export function roundTo(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
