import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ModelManifest } from '../../common/schemas/model';
import { isRecordModelFolder } from './record-model-catalog';

export interface CatalogModel {
  id: string;
  name: string;
  version: string;
  manifestPath: string;
  /** A model fine-tuned from another (manifest `base_model`, models/train/finetune.py). */
  fineTuned: boolean;
}

/** The models installed beside the app: every `<dir>/<name>/model.json` that parses as a manifest. */
export async function listInstalledModels(modelsDir: string): Promise<CatalogModel[]> {
  const names = await readdir(modelsDir).catch(() => [] as string[]);
  const out: CatalogModel[] = [];
  for (const name of names.sort()) {
    // stat, not the dirent: a model folder may be a symlink (installed models, test fixtures).
    if (name.startsWith('.') || isRecordModelFolder(name)) continue; // sheet-* hold record models, not beat models
    if (!(await stat(path.join(modelsDir, name)).catch(() => null))?.isDirectory()) continue;
    const manifestPath = path.join(modelsDir, name, 'model.json');
    const raw = await readFile(manifestPath, 'utf8').catch(() => null);
    if (!raw) continue;
    const parsed = ModelManifest.safeParse(JSON.parse(raw));
    if (!parsed.success) continue;
    out.push({
      id: `${parsed.data.name}@${parsed.data.version}`,
      name: parsed.data.name,
      version: parsed.data.version,
      manifestPath,
      fineTuned: parsed.data.base_model !== undefined,
    });
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * The model used until someone picks one: the chosen id if installed, else the first general model.
 * A fine-tuned model is fitted to one set of corrections (often one patient), so installing one
 * must not silently make it every batch's model.
 */
export function getDefaultModel(models: readonly CatalogModel[], chosenId: string | null): CatalogModel | undefined {
  return models.find((m) => m.id === chosenId) ?? models.find((m) => !m.fineTuned) ?? models[0];
}
