// What every esbuild bundle of the app's Node code shares (build-electron.js, build-cli.js).

/** Native or platform modules stay outside the bundles and load from node_modules (asar-unpacked in the app). */
export const ECG_ELECTRON_EXTERNALS = ['electron', 'sharp', 'better-sqlite3', 'onnxruntime-node'];

/** Bundled CommonJS dependencies call require() for built-ins; give an ESM bundle one. */
export const ECG_ESM_REQUIRE_BANNER =
  "import { createRequire as __ecgCreateRequire } from 'node:module'; const require = __ecgCreateRequire(import.meta.url);";
