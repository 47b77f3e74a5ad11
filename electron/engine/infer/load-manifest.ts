import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AAMI_CLASSES, type AamiClass } from '../../../common/ecg/aami';
import type { TtaConfig } from '../../../common/inference';
import { AppError, formatIssues } from '../../../common/schemas/errors';
import { ModelManifest } from '../../../common/schemas/model';
import type { ModelRef } from '../../../common/schemas/prediction';
import { ECG_RHYTHM_FEATURES, readBeatInputSpec, type BeatInputSpec } from '../beats/model-input';
import { hashBytes } from '../util/hash';
import { getManifestTta } from './tta';
import { verifyModelFile } from './verify-model-file';

/** The tensors of the model input contract (models/INPUT_CONTRACT.md), by name. */
export const ECG_MODEL_INPUTS = ['beat', 'rhythm'] as const;
export const ECG_MODEL_OUTPUTS = ['logits', 'cam', 'embedding'] as const;

export type TensorShape = (number | string)[];

export interface ModelFold {
  index: number;
  file: string;
  path: string;
  sha256: string;
}

/** A manifest read, checked against the contract and resolved to absolute fold paths. */
export interface LoadedModel {
  manifestPath: string;
  manifest: ModelManifest;
  folds: ModelFold[];
  spec: BeatInputSpec;
  windowLength: number;
  rhythmLength: number;
  classes: AamiClass[];
  camSteps: number;
  embeddingSize: number;
  inputs: Record<string, TensorShape>;
  outputs: Record<string, TensorShape>;
  tta: TtaConfig | false;
  abstainEntropy: number | null;
  /**
   * Softmax temperature of every probability the engine reports: the manifest's `temperature` when
   * its abstain threshold was chosen on probabilities at that temperature (`uncertainty.tempered`),
   * else 1 (older manifests chose it untempered; tempering alone would move their abstain rate).
   */
  temperature: number;
  ref: ModelRef;
}

function refuse(what: string, problems: string[]): never {
  throw new AppError('E_MODEL_INVALID', `${what}: ${problems.join('; ')}`, problems);
}

/** Fixed size of a declared dimension, or null when symbolic (the batch axis). */
function fixedDim(shape: TensorShape | undefined, axis: number): number | null {
  const d = shape?.[axis];
  return typeof d === 'number' ? d : null;
}

/** The declared shapes must say what the contract and the rest of the manifest say. */
function checkDeclaredShapes(m: ModelManifest, spec: BeatInputSpec): string[] {
  const problems: string[] = [];
  const { inputs, outputs } = m;
  if (!inputs || !outputs) return ['manifest declares no `inputs`/`outputs` shapes'];
  const expect = (where: string, shape: TensorShape | undefined, rank: number, dims: Record<number, number>) => {
    if (!shape) return problems.push(`${where} is not declared`);
    if (shape.length !== rank) return problems.push(`${where} has rank ${shape.length}, contract says ${rank}`);
    for (const [axis, size] of Object.entries(dims)) {
      const got = fixedDim(shape, Number(axis));
      if (got !== size) problems.push(`${where} axis ${axis} is ${String(shape[Number(axis)])}, expected ${size}`);
    }
  };
  const L = spec.before + spec.after;
  const C = m.classes.length;
  expect('input beat', inputs.beat, 3, { 1: spec.channels, 2: L });
  expect('input rhythm', inputs.rhythm, 2, { 1: ECG_RHYTHM_FEATURES });
  expect('output logits', outputs.logits, 2, { 1: C });
  expect('output cam', outputs.cam, 3, { 1: C });
  expect('output embedding', outputs.embedding, 2, {});
  if (outputs.cam && fixedDim(outputs.cam, 2) === null) problems.push('output cam has no fixed time axis');
  if (outputs.embedding && fixedDim(outputs.embedding, 1) === null) problems.push('output embedding has no fixed size');
  const extra = [...Object.keys(inputs).filter((k) => !(ECG_MODEL_INPUTS as readonly string[]).includes(k))];
  if (extra.length) problems.push(`unknown inputs ${extra.join(', ')}`);
  return problems;
}

/**
 * Read a model manifest and refuse it (E_MODEL_INVALID, naming the file and the problem) unless it
 * parses, follows the input contract, and every fold file exists with the sha256 it declares.
 * `folds` picks ensemble members by position (benchmarks of one member).
 */
export async function loadModelManifest(manifestPath: string, opts: { folds?: number[] } = {}): Promise<LoadedModel> {
  const abs = path.resolve(manifestPath);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(abs, 'utf8'));
  } catch (err) {
    refuse(`model manifest ${abs}`, [(err as Error).message]);
  }
  const parsed = ModelManifest.safeParse(raw);
  if (!parsed.success) refuse(`model manifest ${abs}`, formatIssues(parsed.error));
  const m = parsed.data;
  if (m.classes.join(',') !== AAMI_CLASSES.join(',')) {
    refuse(`model manifest ${abs}`, [
      `classes ${m.classes.join(',')} are not the AAMI order ${AAMI_CLASSES.join(',')}`,
    ]);
  }
  let spec: BeatInputSpec;
  try {
    spec = readBeatInputSpec(m.input, m.inputs);
  } catch (err) {
    refuse(`model manifest ${abs}`, [(err as Error).message]);
  }
  const shapeProblems = checkDeclaredShapes(m, spec);
  if (shapeProblems.length) refuse(`model manifest ${abs}`, shapeProblems);

  const dir = path.dirname(abs);
  const wanted = opts.folds ?? m.folds.map((_, i) => i);
  const folds: ModelFold[] = [];
  for (const index of wanted) {
    const f = m.folds[index];
    if (!f) refuse(`model manifest ${abs}`, [`no fold ${index} (it lists ${m.folds.length})`]);
    const checked = await verifyModelFile(dir, f.file, f.sha256);
    folds.push({ index, file: f.file, ...checked });
  }
  const outputs = m.outputs!;
  const abstain = m.uncertainty?.abstain_entropy;
  return {
    manifestPath: abs,
    manifest: m,
    folds,
    spec,
    windowLength: spec.before + spec.after,
    rhythmLength: ECG_RHYTHM_FEATURES,
    classes: [...AAMI_CLASSES],
    camSteps: fixedDim(outputs.cam, 2)!,
    embeddingSize: fixedDim(outputs.embedding, 1)!,
    inputs: m.inputs!,
    outputs,
    tta: getManifestTta(m),
    abstainEntropy: typeof abstain === 'number' ? abstain : null,
    temperature: m.uncertainty?.tempered === true && m.temperature ? m.temperature : 1,
    // The weights are the model: the id hashes the fold files' sha256 in ensemble order.
    ref: {
      name: m.name,
      version: m.version,
      sha256: hashBytes(new TextEncoder().encode(folds.map((f) => f.sha256).join('\n'))),
    },
  };
}
