import type { FileReason } from '../../../common/schemas/image';
import { formatIssues } from '../../../common/schemas/errors';
import { RecordPrediction } from '../../../common/schemas/record';
import type { Lead } from '../../../common/schemas/signal';
import { getLogger } from '../util/log';
import type { DigitizedImage } from './digitized-image';

const log = getLogger('batch');

/**
 * What the batch needs of a record-level (whole-sheet) classifier: the contract of
 * engine/sheet's `createRecordClassifier(manifestPath)`, kept structural here so the batch does not
 * depend on how the model runs.
 */
export interface RecordClassifier {
  readonly modelId: string;
  classify(imageSha256: string, leads: Lead[]): Promise<RecordPrediction>;
  close?(): Promise<void>;
}

export type RecordClassifierFactory = (manifestPath: string) => Promise<RecordClassifier>;

/** The digitizer's leads in the contract's shape (NaN gaps as null). */
export function toContractLeads(imageSha256: string, digitized: DigitizedImage): Lead[] {
  return digitized.leads.map((l) => ({
    imageSha256,
    name: l.name,
    fs: l.fs,
    units: 'mV' as const,
    startTime: l.startTime,
    samples: Array.from(l.samples, (v) => (Number.isFinite(v) ? v : null)),
    pixelMap: l.pixelMap,
    quality: l.quality,
  }));
}

/**
 * Classify the sheets of a group of images with the record model. Only images digitized as `sheet`
 * (and not refused) are asked. A failing sheet never stops the batch: it keeps no record prediction
 * and gets a reason saying why, while its status (a matter of digitization) stays as it was.
 */
export async function classifySheets(
  classifier: RecordClassifier | null | undefined,
  items: readonly { image: { sha256: string }; digitized: DigitizedImage }[],
): Promise<Map<string, RecordPrediction>> {
  const out = new Map<string, RecordPrediction>();
  if (!classifier) return out;
  for (const p of items) {
    const d = p.digitized;
    if (d.kind !== 'sheet' || d.status === 'refused' || d.leads.length === 0) continue;
    try {
      // Checked here, not only at the store's door: a malformed answer must cost this sheet its
      // prediction, not the whole group's transaction.
      const r = RecordPrediction.safeParse(
        await classifier.classify(p.image.sha256, toContractLeads(p.image.sha256, d)),
      );
      if (!r.success) throw new Error(`answer outside the contract: ${formatIssues(r.error).join('; ')}`);
      if (r.data.imageSha256 !== p.image.sha256) throw new Error(`answer names image ${r.data.imageSha256}`);
      out.set(p.image.sha256, r.data);
    } catch (err) {
      log.warn(`record model ${classifier.modelId} failed on ${p.image.sha256}`, err);
      const reason: FileReason = {
        code: 'record-model-failed',
        message: `record model ${classifier.modelId}: ${(err as Error).message}`,
      };
      d.reasons = [...d.reasons, reason];
    }
  }
  return out;
}
