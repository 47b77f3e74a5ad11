import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ModelManifest } from '../../common/schemas/model';

export interface CatalogModel {
  id: string;
  name: string;
  version: string;
  manifestPath: string;
}

/** The models installed beside the app: every `<dir>/<name>/model.json` that parses as a manifest. */
export async function listInstalledModels(modelsDir: string): Promise<CatalogModel[]> {
  const entries = await readdir(modelsDir, { withFileTypes: true }).catch(() => []);
  const out: CatalogModel[] = [];
  for (const e of entries) {
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    const manifestPath = path.join(modelsDir, e.name, 'model.json');
    const raw = await readFile(manifestPath, 'utf8').catch(() => null);
    if (!raw) continue;
    const parsed = ModelManifest.safeParse(JSON.parse(raw));
    if (!parsed.success) continue;
    out.push({ id: `${parsed.data.name}@${parsed.data.version}`, name: parsed.data.name, version: parsed.data.version, manifestPath });
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}
