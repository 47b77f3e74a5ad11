import { getBeats, type WfdbBeat, type WfdbRecord } from '../wfdb/record';

const BEATS = new WeakMap<WfdbRecord, WfdbBeat[]>();

/** The record's AAMI beats sorted by sample, computed once per record object. */
export function getSortedBeats(record: WfdbRecord): WfdbBeat[] {
  let beats = BEATS.get(record);
  if (!beats) {
    beats = getBeats(record).sort((a, b) => a.sample - b.sample);
    BEATS.set(record, beats);
  }
  return beats;
}
