import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { findElectronBinary } from '../../electron/main/locate-electron';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Build the renderer and the shell bundles once, only where there is an Electron to run them. */
export default async function globalSetup() {
  const electron = findElectronBinary();
  if (!electron.path) {
    process.stdout.write(`[skip] Electron binary not installed: ${electron.reason}; the shell suite will skip.\n`);
    return;
  }
  if (process.env.ECG_E2E_SKIP_BUILD === '1') return;
  await build({ configFile: path.join(ROOT, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
  const { buildElectron } = (await import(pathToFileURL(path.join(ROOT, 'build', 'build-electron.js')).href)) as {
    buildElectron(opts?: { minify?: boolean }): Promise<unknown>;
  };
  await buildElectron();
}
