import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError, formatIssues } from '../../../common/schemas/errors';
import { RecordModelManifest } from '../../../common/schemas/model';
import { RECORD_CLASSES } from '../../../common/schemas/record';
import { verifyModelFile } from '../infer/verify-model-file';
import { ECG_SHEET_FEATURE_NAMES, ECG_SHEET_FEATURES_VERSION } from './sheet-feature-spec';

export interface LoadedRecordModel {
  manifestPath: string;
  manifest: RecordModelManifest;
  /** Absolute fold file paths, sha256-checked, in ensemble order. */
  folds: string[];
  /** `name@version`, as stored with every record prediction. */
  modelId: string;
  temperature: number;
  abstainEntropy: number | null;
}

function refuse(what: string, problems: string[]): never {
  throw new AppError('E_MODEL_INVALID', `${what}: ${problems.join('; ')}`, problems);
}

/** What a manifest must agree on with this engine: classes, and the exact feature list it was trained on. */
function checkContract(m: RecordModelManifest): string[] {
  const problems: string[] = [];
  if (m.classes.join(',') !== RECORD_CLASSES.join(','))
    problems.push(`classes ${m.classes.join(',')} are not the record classes ${RECORD_CLASSES.join(',')}`);
  const f = m.input.features;
  if (f.version !== ECG_SHEET_FEATURES_VERSION)
    problems.push(`trained on sheet features v${f.version}, this engine measures v${ECG_SHEET_FEATURES_VERSION}`);
  const diff = f.names.findIndex((n, i) => n !== ECG_SHEET_FEATURE_NAMES[i]);
  if (f.names.length !== ECG_SHEET_FEATURE_NAMES.length || diff >= 0)
    problems.push(
      `feature list differs from the engine's (${f.names.length} vs ${ECG_SHEET_FEATURE_NAMES.length} names` +
        (diff >= 0 ? `, first at #${diff}: ${f.names[diff]} vs ${ECG_SHEET_FEATURE_NAMES[diff] ?? 'none'})` : ')'),
    );
  if (m.inputs.features[1] !== f.names.length)
    problems.push(`input features is declared ${String(m.inputs.features[1])} wide for ${f.names.length} names`);
  if (m.outputs.logits[1] !== m.classes.length)
    problems.push(`output logits is declared ${String(m.outputs.logits[1])} wide for ${m.classes.length} classes`);
  return problems;
}

/**
 * Read a record model's manifest and refuse it (E_MODEL_INVALID, naming the file and the problem)
 * unless it parses, was trained on exactly the features this engine measures, and every fold file
 * exists with the sha256 it declares.
 */
export async function loadRecordModel(manifestPath: string): Promise<LoadedRecordModel> {
  const abs = path.resolve(manifestPath);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(abs, 'utf8'));
  } catch (err) {
    refuse(`record model manifest ${abs}`, [(err as Error).message]);
  }
  const parsed = RecordModelManifest.safeParse(raw);
  if (!parsed.success) refuse(`record model manifest ${abs}`, formatIssues(parsed.error));
  const m = parsed.data;
  const problems = checkContract(m);
  if (problems.length) refuse(`record model manifest ${abs}`, problems);
  const dir = path.dirname(abs);
  const folds: string[] = [];
  for (const f of m.folds) folds.push((await verifyModelFile(dir, f.file, f.sha256, 'record model file')).path);
  return {
    manifestPath: abs,
    manifest: m,
    folds,
    modelId: `${m.name}@${m.version}`,
    temperature: m.temperature,
    abstainEntropy: m.uncertainty?.abstain_entropy ?? null,
  };
}
