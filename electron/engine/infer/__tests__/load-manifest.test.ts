import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../../common/schemas/errors';
import { hashBytes } from '../../util/hash';
import { loadModelManifest } from '../load-manifest';

// The training code's spelling of the contract (models/train/contract.py, report.py).
function makeManifest(sha: string) {
  return {
    name: 'beat-resnet34',
    version: '1.0.0',
    classes: ['N', 'S', 'V', 'F', 'Q'],
    input: {
      fs: 180,
      before: 64,
      after: 80,
      normalisation: { type: 'zscore', std_floor_mv: 0.01 },
      rhythm: { clip: 2.0, local_window_beats: 5, min_beats: 3 },
    },
    inputs: { beat: ['B', 1, 144], rhythm: ['B', 7] },
    outputs: { logits: ['B', 5], cam: ['B', 5, 18], embedding: ['B', 128] },
    folds: [{ file: 'fold0.onnx', sha256: sha }],
    uncertainty: { abstain_entropy: 0.9 },
    tta: { shift_samples: [-2, 2], recommended: true },
  };
}

describe('loadModelManifest', () => {
  let dir: string;
  const bytes = new TextEncoder().encode('not really onnx, but the bytes are what the sha256 covers');
  const sha = hashBytes(bytes);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ecg-manifest-'));
    await writeFile(path.join(dir, 'fold0.onnx'), bytes);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function load(m: unknown): Promise<unknown> {
    const p = path.join(dir, 'model.json');
    await writeFile(p, JSON.stringify(m));
    return loadModelManifest(p).catch((e: unknown) => e);
  }

  it('reads the training manifest: window, shapes, tta decision, abstain threshold, model id', async () => {
    const m = (await load(makeManifest(sha))) as Awaited<ReturnType<typeof loadModelManifest>>;
    expect(m.windowLength).toBe(144);
    expect(m.camSteps).toBe(18);
    expect(m.embeddingSize).toBe(128);
    expect(m.spec.stdFloorMv).toBe(0.01);
    expect(m.tta).toEqual({ shifts: [-2, 2], scales: [] });
    expect(m.abstainEntropy).toBe(0.9);
    expect(m.ref.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m.folds[0]!.path).toBe(path.join(dir, 'fold0.onnx'));
  });

  /** Contract v2 as models/train/report.py writes it: the template channel in `input` and `inputs.beat`. */
  function makeV2(m: ReturnType<typeof makeManifest>) {
    return {
      ...m,
      input: { ...m.input, version: 2, template: { channel: 1, rule: 'median', neighbours: 20, min_beats: 3 } },
      inputs: { ...m.inputs, beat: ['B', 2, 144] },
    };
  }

  it('reads a v2 manifest as a two-channel model and a v1 manifest as a one-channel one', async () => {
    const v2 = (await load(makeV2(makeManifest(sha)))) as Awaited<ReturnType<typeof loadModelManifest>>;
    expect(v2.spec).toMatchObject({ channels: 2, templateNeighbours: 20, templateMinBeats: 3 });
    const v1 = (await load(makeManifest(sha))) as Awaited<ReturnType<typeof loadModelManifest>>;
    expect(v1.spec.channels).toBe(1);
  });

  it.each([
    ['a v2 input with a one-channel beat tensor', (m: ReturnType<typeof makeManifest>) => makeV2(m), ['B', 1, 144]],
    ['a v1 input with a two-channel beat tensor', (m: ReturnType<typeof makeManifest>) => m, ['B', 2, 144]],
  ])('refuses %s', async (_what, make, beat) => {
    const m = make(makeManifest(sha));
    m.inputs.beat = beat;
    const err = await load(m);
    expect((err as AppError).code).toBe('E_MODEL_INVALID');
    expect((err as AppError).message).toContain('channel');
  });

  it('applies the calibration temperature only where the abstain threshold was chosen at it', async () => {
    type Loaded = Awaited<ReturnType<typeof loadModelManifest>>;
    const base = makeManifest(sha);
    const tempered = (await load({
      ...base,
      temperature: 0.7,
      uncertainty: { abstain_entropy: 0.5, tempered: true },
    })) as Loaded;
    expect(tempered.temperature).toBe(0.7);
    const older = (await load({ ...base, temperature: 0.7 })) as Loaded;
    expect(older.temperature).toBe(1);
    expect(((await load(base)) as Loaded).temperature).toBe(1);
  });

  it('refuses a version 2 input without its template', async () => {
    const m = makeV2(makeManifest(sha));
    const { template: _drop, ...input } = m.input;
    const err = await load({ ...m, input });
    expect((err as AppError).code).toBe('E_MODEL_INVALID');
    expect((err as AppError).message).toContain('template');
  });

  it.each([
    [
      'a window the contract does not declare',
      (m: ReturnType<typeof makeManifest>) => (m.inputs.beat = ['B', 1, 128]),
      'input beat axis 2',
    ],
    [
      'logits for a different class count',
      (m: ReturnType<typeof makeManifest>) => (m.outputs.logits = ['B', 4]),
      'output logits axis 1',
    ],
    [
      'classes out of AAMI order',
      (m: ReturnType<typeof makeManifest>) => (m.classes = ['S', 'N', 'V', 'F', 'Q']),
      'AAMI order',
    ],
    [
      'a missing normalisation',
      (m: ReturnType<typeof makeManifest>) => delete (m.input as Partial<typeof m.input>).normalisation,
      'normalization',
    ],
    [
      'a fold file outside its folder',
      (m: ReturnType<typeof makeManifest>) => (m.folds[0]!.file = '../elsewhere.onnx'),
      'outside',
    ],
    ['a wrong sha256', (m: ReturnType<typeof makeManifest>) => (m.folds[0]!.sha256 = 'f'.repeat(64)), 'does not match'],
  ])('refuses %s with E_MODEL_INVALID', async (_what, edit, mention) => {
    const m = makeManifest(sha);
    edit(m);
    const err = await load(m);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('E_MODEL_INVALID');
    expect((err as AppError).message).toContain(mention);
  });

  it('refuses a file that is not JSON, naming the file', async () => {
    const p = path.join(dir, 'broken.json');
    await writeFile(p, '{ "name": ');
    const err = await loadModelManifest(p).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('E_MODEL_INVALID');
    expect((err as AppError).message).toContain('broken.json');
  });
});
