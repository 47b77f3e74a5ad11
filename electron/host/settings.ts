import { mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { Reviewer } from '../../common/schemas/review';
import { writeFileAtomic } from '../engine/util/atomic-write';

/** Where the app keeps its own files: settings and review sets. Never inside a source folder. */
export function getAppHome(): string {
  return (
    process.env.ECG_HOME ??
    path.join(process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'ecg-review-desk')
  );
}

const Settings = z.object({
  reviewer: Reviewer.nullable().default(null),
  recent: z.array(z.string()).default([]),
  activeModel: z.string().nullable().default(null),
  /** Record-level model (a model.json or its folder) when not the first `sheet-*` folder of the models dir. */
  recordModel: z.string().nullable().default(null),
});
export type Settings = z.infer<typeof Settings>;

const ECG_MAX_RECENT = 10;

export class SettingsFile {
  private constructor(
    private readonly file: string,
    private value: Settings,
  ) {}

  static async load(home = getAppHome()): Promise<SettingsFile> {
    await mkdir(home, { recursive: true });
    const file = path.join(home, 'settings.json');
    const raw = await readFile(file, 'utf8').catch(() => '{}');
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = {}; // a damaged settings file costs the recents list, never the start-up
    }
    const r = Settings.safeParse(parsed);
    return new SettingsFile(file, r.success ? r.data : Settings.parse({}));
  }

  get(): Settings {
    return structuredClone(this.value);
  }

  async update(patch: Partial<Settings>): Promise<void> {
    this.value = { ...this.value, ...patch };
    await writeFileAtomic(this.file, JSON.stringify(this.value, null, 2));
  }

  async addRecent(reviewSetPath: string): Promise<void> {
    const recent = [reviewSetPath, ...this.value.recent.filter((p) => p !== reviewSetPath)].slice(0, ECG_MAX_RECENT);
    await this.update({ recent });
  }
}
