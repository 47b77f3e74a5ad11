import type { ExportBeat, ExportLead } from '../store/export-reads';
import { encodeAtr, type WfdbAnnotation } from '../wfdb/annotations';
import { getMitCode } from '../wfdb/aami-map';
import { formatHeader } from '../wfdb/header';
import { buildHeader16, convertMvToAdc, encodeDat16 } from '../wfdb/writer';
import { getExportMitSymbol } from './aami-to-mit';

/** 1000 adu/mV in format 16: ±32.7 mV range, 1 µV steps (quantisation error ≤ 0.5 µV). */
export const ECG_WFDB_EXPORT_GAIN = 1000;

export interface WfdbRecordFiles {
  recordName: string;
  files: { name: string; data: string | Uint8Array }[];
}

/** WFDB record names allow letters, digits and underscores. */
export function formatRecordName(imageSha256: string, lead: string, taken: Set<string>): string {
  const base = `${imageSha256.slice(0, 12)}_${lead.replace(/[^A-Za-z0-9]/g, '_')}`;
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  taken.add(name);
  return name;
}

function toCommentText(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}

/**
 * One WFDB record per image lead holding exported beats: the extracted signal as a single-signal
 * format-16 record, and an `.atr` with each beat's final label as an MIT code (see aami-to-mit.ts).
 * `getImageComments` adds per-image header comments (the sheet's record-level label).
 */
export function buildWfdbRecords(
  beats: readonly ExportBeat[],
  getLead: (sha: string, lead: string) => ExportLead,
  provenance: string[],
  getImageComments: (imageSha256: string) => string[] = () => [],
): WfdbRecordFiles[] {
  const groups = new Map<string, ExportBeat[]>();
  for (const b of beats) {
    const k = `${b.imageSha256}\n${b.lead}`;
    const g = groups.get(k);
    if (g) g.push(b);
    else groups.set(k, [b]);
  }
  const taken = new Set<string>();
  const out: WfdbRecordFiles[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const lead = getLead(first.imageSha256, first.lead);
    const recordName = formatRecordName(first.imageSha256, first.lead, taken);
    const adc = convertMvToAdc(lead.samples, ECG_WFDB_EXPORT_GAIN);
    const header = buildHeader16({
      recordName,
      fs: lead.fs,
      signals: [{ name: lead.name, adc, adcGain: ECG_WFDB_EXPORT_GAIN }],
      comments: [
        `source: ${toCommentText(lead.file)}`,
        `sha256: ${lead.imageSha256}`,
        `lead: ${toCommentText(lead.name)}`,
        `start_time_s: ${lead.startTime}`,
        ...getImageComments(lead.imageSha256).map(toCommentText),
        ...provenance.map(toCommentText),
      ],
    });
    const annotations: WfdbAnnotation[] = [...group]
      .sort((a, b) => a.rSample - b.rSample)
      .map((b) => {
        const symbol = getExportMitSymbol(b.finalLabel);
        return { sample: b.rSample, code: getMitCode(symbol), symbol, subtype: 0, chan: 0, num: 0, aux: null };
      });
    out.push({
      recordName,
      files: [
        { name: `${recordName}.hea`, data: formatHeader(header) },
        { name: `${recordName}.dat`, data: encodeDat16([adc]) },
        { name: `${recordName}.atr`, data: encodeAtr(annotations) },
      ],
    });
  }
  return out;
}
