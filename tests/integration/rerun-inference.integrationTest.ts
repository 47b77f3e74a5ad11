import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasSharedData, MITDB_DIR } from '../support/shared-data';
import { startTestHost, type TestHost } from '../support/start-host';
import { renderSynthFolder } from '../support/synth-folder';
import { getTestModel, isTestModel } from '../support/test-model';

/** A second installed model: the test model's ONNX files under another name (so another id). */
async function installSecondModel(modelDir: string, modelsDir: string): Promise<string> {
  const man = JSON.parse(await readFile(path.join(modelDir, 'model.json'), 'utf8')) as {
    name: string;
    version: string;
    folds: { file: string }[];
  };
  const dir = path.join(modelsDir, 'second');
  await mkdir(dir);
  for (const f of man.folds) await symlink(path.join(modelDir, f.file), path.join(dir, f.file));
  const name = `${man.name}-second`;
  // Marked as fine-tuned: installing it must not make it the default (the base stays active until picked).
  await writeFile(
    path.join(dir, 'model.json'),
    JSON.stringify({ ...man, name, base_model: { name: man.name, version: man.version } }),
  );
  return `${name}@${man.version}`;
}

describe.skipIf(!hasSharedData(MITDB_DIR))('switching the model and re-running inference on a review set', () => {
  let skip: string | null = null;
  let host: TestHost;
  let work: string;
  let modelDir: string;

  const call = async <T>(method: string, input: unknown = {}): Promise<T> => {
    const r = await host.call(method, input);
    if (!r.body.ok) throw new Error(`${method}: ${r.body.error?.code} ${r.body.error?.message}`);
    return r.body.value as T;
  };

  beforeAll(async () => {
    const model = await getTestModel();
    if (!isTestModel(model)) {
      skip = model.skip;
      return console.warn(`[skip] ${model.skip}`);
    }
    modelDir = model.dir;
    work = await mkdtemp(path.join(os.tmpdir(), 'ecg-rerun-'));
    const folder = path.join(work, 'in');
    await renderSynthFolder(folder, [{ kind: 'strip', count: 3, records: ['119'] }]);
    host = await startTestHost({ model, folder: null });
    await call('setReviewer', { name: 'erin', role: 'reviewer' });
    const { batchId } = await call<{ batchId: string }>('startBatch', { folder });
    await host.service.waitForBatch();
    expect((await call<{ state: string }>('getBatchProgress', { batchId })).state).toBe('done');
  }, 300_000);
  afterAll(async () => {
    await host?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('lists both models, switches, re-classifies every beat under the new id and keeps every label', async (ctx) => {
    if (skip) return ctx.skip();
    const store = host.service.getStore()!;
    const beats = store.listExportBeats({ includeUnlabelled: true });
    expect(beats.length).toBeGreaterThan(10);
    const firstModel = store.listModels().find((m) => m.active)!.id;
    // Labels of several kinds, including a disagreement with the model and an 'unsure'.
    const ids = beats.map((b) => b.id);
    await call('setLabel', { beatIds: ids.slice(0, 5), label: 'V' });
    await call('setLabel', { beatIds: ids.slice(5, 8), label: 'unsure' });
    await call('acceptModel', { beatIds: ids.slice(8, 12) });
    await call('comment', { beatId: ids[0], text: 'check lead' });
    const labelsBefore = store.listExportBeats({ includeUnlabelled: true }).map((b) => [b.id, b.labels, b.finalLabel]);
    const eventsBefore = store.listEvents().length;

    const secondId = await installSecondModel(modelDir, path.join(host.home, 'models'));
    const models = await call<{ id: string; active: boolean }[]>('listModels');
    expect(models.map((m) => m.id)).toContain(secondId);
    expect(models.filter((m) => m.active)).toHaveLength(1);
    expect(models.find((m) => m.id === secondId)!.active).toBe(false);

    const set = await call<{ id: string; modelId: string; hasPredictions: boolean }>('setActiveModel', {
      id: secondId,
    });
    expect(set).toMatchObject({ id: secondId, hasPredictions: false });
    expect((await call<{ id: string; active: boolean }[]>('listModels')).find((m) => m.active)!.id).toBe(secondId);

    const r = await call<{ modelId: string; previousModelId: string; beats: number; changed: number }>(
      'rerunInference',
    );
    expect(r.modelId).toBe(set.modelId);
    expect(r.previousModelId).toBe(firstModel);
    expect(r.beats).toBe(beats.length);

    // Every label (and the label log) unchanged; each beat's detail names the new model.
    expect(store.listExportBeats({ includeUnlabelled: true }).map((b) => [b.id, b.labels, b.finalLabel])).toEqual(
      labelsBefore,
    );
    expect(store.listEvents().length).toBe(eventsBefore);
    for (const id of [ids[0]!, ids[6]!, ids[ids.length - 1]!]) {
      const d = await call<{ modelId: string | null }>('getBeat', { beatId: id });
      expect(d.modelId).toBe(r.modelId);
    }
    // The second model has the first one's weights: identical probabilities show the re-run rebuilt
    // exactly the batch's inputs (windows from the stored leads, rhythm from the stored RR context).
    const probsOf = (modelId: string) =>
      new Map(
        (
          store.db
            .prepare(
              `SELECT b.id, p.probs FROM predictions p JOIN beats b ON b.key = p.beat_key JOIN models m ON m.key = p.model_key WHERE m.id = ?`,
            )
            .all(modelId) as { id: string; probs: string }[]
        ).map((row) => [row.id, JSON.parse(row.probs) as number[]]),
      );
    const [p1, p2] = [probsOf(firstModel), probsOf(r.modelId)];
    expect(p2.size).toBe(beats.length);
    let worst = 0;
    for (const [id, p] of p1) p.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - p2.get(id)![k]!))));
    expect(worst).toBeLessThan(1e-5);
    expect(r.changed).toBe(0);
    // Both models' predictions stay stored; switching back needs no re-run.
    expect(
      store
        .listModels()
        .map((m) => m.id)
        .sort(),
    ).toEqual([firstModel, r.modelId].sort());
    const back = await call<{ hasPredictions: boolean; modelId: string }>('setActiveModel', {
      id: models.find((m) => m.id !== secondId)!.id,
    });
    expect(back).toMatchObject({ hasPredictions: true, modelId: firstModel });
    expect((await call<{ modelId: string | null }>('getBeat', { beatId: ids[0] })).modelId).toBe(firstModel);
  });

  it('refuses an id that is not installed', async (ctx) => {
    if (skip) return ctx.skip();
    const res = await host.call('setActiveModel', { id: 'nope@0.0.0' });
    expect(res.body.ok).toBe(false);
    expect(res.body.error?.code).toBe('E_NOT_FOUND');
  });
});
