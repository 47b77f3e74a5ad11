#!/usr/bin/env node
// Bundles the Electron shell with esbuild (which ships with vite): the main process as ESM, the
// sandboxed preload as one CommonJS file (a sandboxed preload cannot load our own modules), and
// the engine worker as CommonJS so native modules load through require() from app.asar.unpacked.
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ECG_ELECTRON_EXTERNALS, ECG_ESM_REQUIRE_BANNER } from './node-bundle.js';

export const ECG_ROOT = path.resolve(import.meta.dirname, '..');
export const ECG_OUT_DIR = path.join(ECG_ROOT, 'dist', 'electron');
export { ECG_ELECTRON_EXTERNALS };
/** Electron 38: Node 22, Chromium 140. */
const NODE_TARGET = 'node22';
const CHROME_TARGET = 'chrome140';

export const ECG_BUNDLES = [
  { name: 'main', entry: 'electron/main/index.ts', out: 'main/index.js', format: 'esm', platform: 'node' },
  { name: 'preload', entry: 'electron/preload/index.ts', out: 'preload/index.cjs', format: 'cjs', platform: 'browser' },
  { name: 'worker', entry: 'electron/worker/index.ts', out: 'worker/index.cjs', format: 'cjs', platform: 'node' },
  // The inference pool's worker_threads entry: engine/infer/worker-pool.ts loads ./infer-worker.js from
  // beside the bundle it was bundled into. ESM (it uses top-level await; the repo is "type": "module").
  {
    name: 'infer-worker',
    entry: 'electron/engine/infer/infer-worker.ts',
    out: 'worker/infer-worker.js',
    format: 'esm',
    platform: 'node',
  },
  // The batch's decode + digitize pool (engine/batch/digitize-pool.ts loads ./digitize-worker.js the same way).
  {
    name: 'digitize-worker',
    entry: 'electron/engine/batch/digitize-worker.ts',
    out: 'worker/digitize-worker.js',
    format: 'esm',
    platform: 'node',
  },
];

function getOptions(bundle, { minify, outDir }) {
  const common = {
    entryPoints: [path.join(ECG_ROOT, bundle.entry)],
    outfile: path.join(outDir, bundle.out),
    bundle: true,
    format: bundle.format,
    platform: bundle.platform,
    minify,
    sourcemap: minify ? false : 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    absWorkingDir: ECG_ROOT,
  };
  if (bundle.name === 'preload') {
    // Sandboxed preloads get only a require() for 'electron' and a few polyfilled built-ins.
    return { ...common, external: ['electron'], target: CHROME_TARGET };
  }
  if (bundle.format === 'esm') {
    return {
      ...common,
      external: ECG_ELECTRON_EXTERNALS,
      target: NODE_TARGET,
      banner: { js: ECG_ESM_REQUIRE_BANNER },
    };
  }
  return {
    ...common,
    external: ECG_ELECTRON_EXTERNALS,
    target: NODE_TARGET,
    // Engine code is ESM and finds files with import.meta; map it onto the CommonJS bundle's own.
    define: {
      'import.meta.dirname': '__dirname',
      'import.meta.filename': '__filename',
      'import.meta.url': '__ecgImportMetaUrl',
      'import.meta.resolve': '__ecgImportMetaResolve',
    },
    banner: {
      js: [
        "const __ecgImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
        "const __ecgImportMetaResolve = (s) => require('node:url').pathToFileURL(require.resolve(s)).href;",
      ].join('\n'),
    },
  };
}

/** Bundles into `outDir` (default dist/electron), keeping the main/preload/worker layout main relies on. */
export async function buildElectron({ minify = false, outDir = ECG_OUT_DIR } = {}) {
  const missing = ECG_BUNDLES.filter((b) => !existsSync(path.join(ECG_ROOT, b.entry)));
  if (missing.length) throw new Error(`missing entry: ${missing.map((b) => b.entry).join(', ')}`);
  const resolved = path.resolve(outDir);
  if (resolved === ECG_ROOT || resolved === path.parse(resolved).root) throw new Error(`refusing to empty ${resolved}`);
  rmSync(resolved, { recursive: true, force: true });
  const started = Date.now();
  await Promise.all(ECG_BUNDLES.map((b) => build(getOptions(b, { minify, outDir }))));
  return { outDir, bundles: ECG_BUNDLES.map((b) => path.join(outDir, b.out)), ms: Date.now() - started };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  try {
    const result = await buildElectron({ minify: process.argv.includes('--minify') });
    process.stdout.write(
      `built ${result.bundles.map((b) => path.relative(ECG_ROOT, b)).join(', ')} in ${result.ms} ms\n`,
    );
  } catch (err) {
    process.stderr.write(`build:electron failed: ${err.message}\n`);
    process.exitCode = 1;
  }
}
