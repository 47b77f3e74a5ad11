import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type ElectronLocation = { path: string; reason: null } | { path: null; reason: string };

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * The Electron binary, if this machine has one: `electron` is an optional dependency whose
 * postinstall downloads the binary, which fails offline. Everything that needs it (npm start,
 * npm run dist, the Playwright suite) asks here and explains itself when it is absent.
 */
export function findElectronBinary(root: string = ROOT, env: NodeJS.ProcessEnv = process.env): ElectronLocation {
  const override = env.ECG_ELECTRON_PATH;
  if (override)
    return existsSync(override)
      ? { path: override, reason: null }
      : { path: null, reason: `ECG_ELECTRON_PATH=${override} does not exist` };
  const pkgDir = path.join(root, 'node_modules', 'electron');
  if (!existsSync(path.join(pkgDir, 'package.json'))) {
    return {
      path: null,
      reason:
        'the optional dependency "electron" is not installed (its binary could not be downloaded on this machine)',
    };
  }
  const pathTxt = path.join(pkgDir, 'path.txt');
  if (!existsSync(pathTxt))
    return { path: null, reason: 'node_modules/electron is present but its binary was never downloaded (no path.txt)' };
  const binary = path.join(pkgDir, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(binary)
    ? { path: binary, reason: null }
    : { path: null, reason: `Electron binary missing at ${binary}` };
}

/** The bundled main-process entry that `electron <entry>` runs (built by build/build-electron.js). */
export function getMainEntryPath(root: string = ROOT): string {
  return path.join(root, 'dist', 'electron', 'main', 'index.js');
}
