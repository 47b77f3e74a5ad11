import { AAMI_CLASSES, type AamiClass } from '../../../common/ecg/aami';
import type { ExportBeat, ExportLead } from '../store/export-reads';
import { formatCsvRow } from './csv';
import { computeKaggleBeatRow } from './kaggle-beat-row';

/** Label column of the Kaggle-layout CSV: 0..4 = N,S,V,F,Q; -1 = no class (only with --include-unlabelled). */
export function getKaggleLabel(label: string | null): number {
  return AAMI_CLASSES.indexOf(label as AamiClass);
}

/** beats.csv: 187 scaled samples then the label, no header, one beat per line. */
export function formatKaggleCsv(
  beats: readonly ExportBeat[],
  getLead: (sha: string, lead: string) => ExportLead,
): string {
  const lines: string[] = [];
  for (const b of beats) {
    const lead = getLead(b.imageSha256, b.lead);
    const row = computeKaggleBeatRow(lead.samples, lead.fs, b.rSample, b.rhythm?.localRR ?? null);
    lines.push(`${Array.from(row, (v) => (v === 0 ? '0' : v.toFixed(6))).join(',')},${getKaggleLabel(b.finalLabel)}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** beats-full.csv: one row per beat with its provenance, every reviewer's label and the model's output. */
export function formatFullCsv(beats: readonly ExportBeat[], reviewers: readonly string[]): string {
  const header = [
    'beat_id',
    'source_file',
    'sha256',
    'lead',
    'r_sample',
    'fs',
    ...reviewers.map((r) => `label_${r}`),
    'final_label',
    'model_id',
    ...AAMI_CLASSES.map((c) => `p_${c}`),
    'entropy',
  ];
  const lines = [formatCsvRow(header)];
  for (const b of beats) {
    lines.push(
      formatCsvRow([
        b.id,
        b.file,
        b.imageSha256,
        b.lead,
        b.rSample,
        b.fs,
        ...reviewers.map((r) => b.labels[r] ?? ''),
        b.finalLabel ?? '',
        b.modelId ?? '',
        ...AAMI_CLASSES.map((_, i) => (b.probs ? b.probs[i]! : '')),
        b.entropy ?? '',
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}
