import { existsSync } from 'node:fs';
import path from 'node:path';

export interface ShellPaths {
  preload: string;
  worker: string;
  rendererDir: string;
  modelsDir: string;
  icon: string;
  sampleFolder: string | null;
}

/**
 * Where the bundles, the renderer and the models are, from the folder of the main bundle
 * (dist/electron/main, also inside app.asar). Models ship as extraResources outside the asar.
 */
export function getShellPaths(opts: {
  mainDir: string;
  isPackaged: boolean;
  resourcesPath: string | undefined;
  env: NodeJS.ProcessEnv;
}): ShellPaths {
  const appRoot = path.resolve(opts.mainDir, '..', '..', '..');
  const resources = opts.resourcesPath ?? appRoot;
  // assets/sample in the repo ships as extraResources "sample" (build/electron-builder.json).
  const sample = opts.isPackaged ? path.join(resources, 'sample') : path.join(appRoot, 'assets', 'sample');
  return {
    preload: path.join(opts.mainDir, '..', 'preload', 'index.cjs'),
    worker: path.join(opts.mainDir, '..', 'worker', 'index.cjs'),
    rendererDir: path.join(appRoot, 'renderer', 'dist'),
    modelsDir: opts.isPackaged ? path.join(resources, 'models') : path.join(appRoot, 'models'),
    icon: path.join(appRoot, 'assets', 'icons', 'icon.png'),
    sampleFolder: opts.env.ECG_SAMPLE_FOLDER ?? (existsSync(sample) ? sample : null),
  };
}

/**
 * The folder named on the command line (`npm start -- <folder>` runs `electron . <folder>`), if any.
 * Switches (Chromium's, Playwright's --inspect, which may come first) are skipped; in development the
 * first positional argument is the app path.
 */
export function getFolderArgument(argv: readonly string[], isPackaged: boolean): string | null {
  const positional = argv.slice(1).filter((a) => !a.startsWith('-'));
  return positional[isPackaged ? 0 : 1] ?? null;
}
