import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ECG_PACKAGE_NAME = 'ecg-review-desk';
const cache = new Map<string, string>();

/**
 * The app's root folder (where its package.json, models/ and assets/ are), found by walking up from
 * `from`. Paths are not counted from a module's own folder, because the same module runs from its
 * source file, from the CLI bundle under dist/cli/ and from the Electron bundles under dist/electron/.
 */
export function findPackageRoot(from: string = import.meta.dirname): string {
  const hit = cache.get(from);
  if (hit) return hit;
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === ECG_PACKAGE_NAME) {
          cache.set(from, dir);
          return dir;
        }
      } catch {
        // an unreadable package.json further down (a dependency's) is not ours: keep walking up
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`no ${ECG_PACKAGE_NAME} package.json above ${from}`);
  }
}
