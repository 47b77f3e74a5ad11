import { InferenceSession, Tensor } from 'onnxruntime-node';
import { AppError } from '../../../common/schemas/errors';
import { ECG_MODEL_INPUTS, ECG_MODEL_OUTPUTS, type TensorShape } from './load-manifest';

export interface SessionSignature {
  inputs: Record<string, TensorShape>;
  outputs: Record<string, TensorShape>;
}

/** One CPU session per fold file: sequential graph, `intraOpThreads` threads, no inter-op pool. */
export async function createFoldSession(file: string, intraOpThreads: number): Promise<InferenceSession> {
  try {
    return await InferenceSession.create(file, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      intraOpNumThreads: intraOpThreads,
      interOpNumThreads: 1,
    });
  } catch (err) {
    throw new AppError('E_MODEL_INVALID', `model file ${file}: onnxruntime cannot load it: ${(err as Error).message}`);
  }
}

function sameNames(got: readonly string[], want: readonly string[]): boolean {
  return got.length === want.length && want.every((n) => got.includes(n));
}

function formatShape(s: readonly (number | string)[]): string {
  return `[${s.join(', ')}]`;
}

/** A declared fixed size must match; a symbolic one (the batch axis) matches anything. */
function shapeProblem(where: string, got: readonly (number | string)[], want: TensorShape): string | null {
  if (!got.length) return null; // the file does not record a shape: the probe run decides
  if (got.length !== want.length)
    return `${where} has shape ${formatShape(got)}, manifest declares ${formatShape(want)}`;
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (typeof w === 'number' && g !== w)
      return `${where} has shape ${formatShape(got)}, manifest declares ${formatShape(want)}`;
  }
  return null;
}

/**
 * Refuse a session whose tensors differ from the manifest: names first, then the shapes stored in
 * the file, then a two-beat probe run whose real output shapes must match (a graph can declare one
 * shape and compute another).
 */
export async function checkSessionSignature(
  session: InferenceSession,
  file: string,
  declared: SessionSignature,
): Promise<void> {
  const problems: string[] = [];
  if (!sameNames(session.inputNames, ECG_MODEL_INPUTS)) {
    problems.push(`inputs are ${session.inputNames.join(', ')}, contract says ${ECG_MODEL_INPUTS.join(', ')}`);
  }
  if (!sameNames(session.outputNames, ECG_MODEL_OUTPUTS)) {
    problems.push(`outputs are ${session.outputNames.join(', ')}, contract says ${ECG_MODEL_OUTPUTS.join(', ')}`);
  }
  if (problems.length) throw new AppError('E_MODEL_INVALID', `model file ${file}: ${problems.join('; ')}`, problems);
  for (const meta of [...session.inputMetadata, ...session.outputMetadata]) {
    const isInput = session.inputNames.includes(meta.name);
    const want = (isInput ? declared.inputs : declared.outputs)[meta.name]!;
    if (!meta.isTensor) problems.push(`${meta.name} is not a tensor`);
    else {
      if (meta.type !== 'float32') problems.push(`${meta.name} is ${meta.type}, contract says float32`);
      const p = shapeProblem(`${isInput ? 'input' : 'output'} ${meta.name}`, meta.shape, want);
      if (p) problems.push(p);
    }
  }
  if (problems.length) throw new AppError('E_MODEL_INVALID', `model file ${file}: ${problems.join('; ')}`, problems);

  const probeBatch = 2;
  const dims = (shape: TensorShape) => shape.map((d) => (typeof d === 'number' ? d : probeBatch));
  const feeds: Record<string, Tensor> = {};
  for (const name of ECG_MODEL_INPUTS) {
    const d = dims(declared.inputs[name]!);
    feeds[name] = new Tensor('float32', new Float32Array(d.reduce((a, b) => a * b, 1)), d);
  }
  let out: InferenceSession.ReturnType;
  try {
    out = await session.run(feeds);
  } catch (err) {
    throw new AppError('E_MODEL_INVALID', `model file ${file}: probe run failed: ${(err as Error).message}`);
  }
  for (const name of ECG_MODEL_OUTPUTS) {
    const want = dims(declared.outputs[name]!);
    const got = out[name]!.dims;
    if (got.join(',') !== want.join(',')) {
      problems.push(
        `output ${name} comes out ${formatShape(got)} for ${probeBatch} beats, manifest declares ${formatShape(declared.outputs[name]!)}`,
      );
    }
  }
  if (problems.length) throw new AppError('E_MODEL_INVALID', `model file ${file}: ${problems.join('; ')}`, problems);
}
