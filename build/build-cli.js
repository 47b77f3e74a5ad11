// The `ecg-review` CLI and the loopback app as esbuild bundles (plus their two worker_threads entries) under
// dist/cli/<key>/, where <key> names the state of the sources it was built from. Run through tsx,
// every thread of a batch (host, 2 inference and 2 digitize workers) spent about a second of CPU
// loading TypeScript through tsx's loader thread: ~4 s of a 10-image batch's 5 s. Bundled: ~1 s.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { ECG_ELECTRON_EXTERNALS, ECG_ESM_REQUIRE_BANNER } from './node-bundle.js';

export const ECG_ROOT = path.resolve(import.meta.dirname, '..');
/** Source trees the CLI is built from; tests and fixtures do not change the bundle. */
const SOURCE_DIRS = ['common', 'electron'];
const SKIP = /(^|\/)(__tests__|node_modules)(\/|$)|\.test\.ts$/;
/** A stale bundle is removed only when this old, so a batch still running from it keeps its workers' files. */
const PRUNE_AFTER_MS = 60 * 60 * 1000;

const ENTRIES = [
  ['electron/cli/main.ts', 'cli-main.js'],
  // worker-pool.ts and digitize-pool.ts load ./infer-worker.js and ./digitize-worker.js beside their bundle.
  ['electron/engine/infer/infer-worker.ts', 'infer-worker.js'],
  ['electron/engine/batch/digitize-worker.ts', 'digitize-worker.js'],
  // `npm start` without Electron: the loopback host (bin/start.js).
  ['electron/host/start-loopback-app.ts', 'loopback-app.js'],
];

function listSources(root, rel, out) {
  for (const e of readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const r = `${rel}/${e.name}`;
    if (SKIP.test(r)) continue;
    if (e.isDirectory()) listSources(root, r, out);
    else if (/\.(ts|js|json)$/.test(e.name)) out.push(r);
  }
  return out;
}

/** Names the sources' state: every file's path, size and mtime, package.json's, the build scripts' and Node's version. */
export function computeSourceKey(root = ECG_ROOT) {
  const files = SOURCE_DIRS.filter((d) => existsSync(path.join(root, d)))
    .flatMap((d) => listSources(root, d, []))
    .sort();
  if (existsSync(path.join(root, 'package.json'))) files.push('package.json');
  const h = createHash('sha256').update(process.version);
  for (const f of files) {
    const s = statSync(path.join(root, f));
    h.update(`${f}\0${s.size}\0${s.mtimeMs}\n`);
  }
  for (const script of [import.meta.filename, path.join(import.meta.dirname, 'node-bundle.js')]) {
    const s = statSync(script);
    h.update(`${path.basename(script)}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return h.digest('hex').slice(0, 16);
}

function pruneStale(cliDir, keep) {
  for (const name of readdirSync(cliDir)) {
    if (name === keep) continue;
    const p = path.join(cliDir, name);
    try {
      if (Date.now() - statSync(p).mtimeMs > PRUNE_AFTER_MS) rmSync(p, { recursive: true, force: true });
    } catch {
      // another process pruned it first
    }
  }
}

/**
 * The bundled CLI's entry for the current sources, built first if missing. Concurrent callers each
 * build into their own temporary folder and rename it into place, so none sees a half-written bundle.
 */
export async function ensureCliBundle(root = ECG_ROOT) {
  const cliDir = path.join(root, 'dist', 'cli');
  const key = computeSourceKey(root);
  const dir = path.join(cliDir, key);
  const entry = path.join(dir, 'cli-main.js');
  if (existsSync(entry)) return entry;
  // Loaded only to build: a CLI start with a current bundle does not pay for esbuild.
  const { build } = await import('esbuild');
  mkdirSync(cliDir, { recursive: true });
  const tmp = path.join(cliDir, `.tmp-${process.pid}-${Date.now()}`);
  try {
    await Promise.all(
      ENTRIES.map(([from, to]) =>
        build({
          entryPoints: [path.join(root, from)],
          outfile: path.join(tmp, to),
          bundle: true,
          format: 'esm',
          platform: 'node',
          target: 'node20',
          external: ECG_ELECTRON_EXTERNALS,
          banner: { js: ECG_ESM_REQUIRE_BANNER },
          sourcemap: 'linked',
          legalComments: 'none',
          logLevel: 'silent',
          absWorkingDir: root,
        }),
      ),
    );
    try {
      renameSync(tmp, dir);
    } catch (err) {
      if (!existsSync(entry)) throw err; // not "another process got there first"
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  pruneStale(cliDir, key);
  return entry;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const started = Date.now();
  const entry = await ensureCliBundle();
  process.stdout.write(`${path.relative(ECG_ROOT, entry)} (${Date.now() - started} ms)\n`);
}
