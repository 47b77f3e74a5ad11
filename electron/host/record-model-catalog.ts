import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** Record-level (whole-sheet) models live beside the beat models as `<modelsDir>/sheet-*` folders. */
export const ECG_RECORD_MODEL_PREFIX = 'sheet-';

export interface CatalogRecordModel {
  id: string;
  manifestPath: string;
}

/** True for a folder of the models dir that holds a record model, not a beat model. */
export function isRecordModelFolder(name: string): boolean {
  return name.startsWith(ECG_RECORD_MODEL_PREFIX);
}

async function readRecordManifest(manifestPath: string): Promise<CatalogRecordModel | null> {
  const raw = await readFile(manifestPath, 'utf8').catch(() => null);
  if (!raw) return null;
  let m: unknown;
  try {
    m = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!m || typeof m !== 'object') return null;
  const { name, version } = m as { name?: unknown; version?: unknown };
  const id =
    typeof name === 'string' && typeof version === 'string'
      ? `${name}@${version}`
      : path.basename(path.dirname(manifestPath));
  return { id, manifestPath };
}

/** Every `<modelsDir>/sheet-*\/model.json` that parses as JSON, by id. */
export async function listRecordModels(modelsDir: string): Promise<CatalogRecordModel[]> {
  const names = await readdir(modelsDir).catch(() => [] as string[]);
  const out: CatalogRecordModel[] = [];
  for (const name of names.sort()) {
    if (!isRecordModelFolder(name) || !(await stat(path.join(modelsDir, name)).catch(() => null))?.isDirectory())
      continue;
    const m = await readRecordManifest(path.join(modelsDir, name, 'model.json'));
    if (m) out.push(m);
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * The record model batches use: the settings' choice when given (a model.json, or the folder holding
 * one, anywhere), else the first installed `sheet-*` model, else none.
 */
export async function findRecordModel(modelsDir: string, chosen: string | null): Promise<CatalogRecordModel | null> {
  if (chosen) {
    const st = await stat(chosen).catch(() => null);
    const manifestPath = st?.isDirectory() ? path.join(chosen, 'model.json') : chosen;
    return readRecordManifest(path.resolve(manifestPath));
  }
  return (await listRecordModels(modelsDir))[0] ?? null;
}
