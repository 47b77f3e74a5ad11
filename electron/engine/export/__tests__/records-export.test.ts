import { describe, expect, it } from 'vitest';
import type { ExportRecord } from '../../store/record-reads';
import { formatRecordComments, formatRecordsCsv, parseRecordComments, parseRecordsCsv } from '../records-export';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const records: ExportRecord[] = [
  {
    imageSha256: A,
    file: '/scans/MI(1), copy.jpg',
    kind: 'sheet',
    labels: { alice: 'mi', 'Dr "Q", MD': 'history_mi' },
    finalLabel: null,
    modelId: 'sheet-cnn@1.2.0#abc',
    predicted: 'mi',
    probs: [0.1, 0.05, 0.6000000000000001, 0.25],
    entropy: 1.0123,
    abstain: true,
  },
  {
    imageSha256: B,
    file: '/scans/Normal(3).jpg',
    kind: 'sheet',
    labels: { alice: 'normal' },
    finalLabel: 'normal',
    modelId: null,
    predicted: null,
    probs: null,
    entropy: null,
    abstain: null,
  },
];

describe('record-level export', () => {
  it('reads records.csv back to the same labels, probabilities and abstain marks', () => {
    const text = formatRecordsCsv(records, ['alice', 'Dr "Q", MD', 'bob']);
    expect(parseRecordsCsv(text)).toEqual([
      {
        sha256: A,
        labels: { alice: 'mi', 'Dr "Q", MD': 'history_mi' },
        finalLabel: null,
        modelId: 'sheet-cnn@1.2.0#abc',
        predicted: 'mi',
        probs: [0.1, 0.05, 0.6000000000000001, 0.25],
        abstain: true,
      },
      {
        sha256: B,
        labels: { alice: 'normal' },
        finalLabel: 'normal',
        modelId: null,
        predicted: null,
        probs: null,
        abstain: null,
      },
    ]);
    expect(text.split('\n')[0]).toBe(
      [
        'sha256,source_file,kind,record_label_alice,"record_label_Dr ""Q"", MD",record_label_bob',
        'final_record_label,record_model_id,record_predicted',
        'p_normal,p_abnormal_heartbeat,p_mi,p_history_mi,record_entropy,record_abstain',
      ].join(','),
    );
  });

  it('reads the WFDB header lines back, names with quotes and spaces included', () => {
    for (const r of records) {
      const lines = formatRecordComments(r);
      expect(lines[0]).toBe(`record_label: ${r.finalLabel ?? 'none'}`);
      expect(parseRecordComments(['source: x', ...lines, 'exported by ecg-review-desk'])).toEqual({
        finalLabel: r.finalLabel,
        labels: r.labels,
        model: r.modelId ? { id: r.modelId, predicted: r.predicted, probs: r.probs, abstain: r.abstain } : null,
      });
    }
    expect(parseRecordComments(['source: x', 'lead: II'])).toBeNull();
  });
});
