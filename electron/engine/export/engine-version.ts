import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findPackageRoot } from '../util/package-root';

let cached: string | null = null;

/** The app/engine version from package.json, recorded in every export's provenance. */
export function getEngineVersion(): string {
  if (cached === null) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(findPackageRoot(), 'package.json'), 'utf8')) as {
        version?: string;
      };
      cached = pkg.version ?? 'unknown';
    } catch {
      cached = 'unknown';
    }
  }
  return cached;
}
