#!/usr/bin/env node
// `npm run dist [-- --linux|--win|--mac ...]`: renderer + shell bundles, then electron-builder with
// build/electron-builder.json (the afterPack hook flips the fuses). Needs the Electron binary.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildElectron, ECG_ROOT } from './build-electron.js';

export const ECG_BUILDER_CONFIG = path.join(ECG_ROOT, 'build', 'electron-builder.json');

/** Same rule as electron/main/locate-electron.ts, in plain JS so this script runs without tsx. */
export function getElectronProblem(root = ECG_ROOT) {
  const pkg = path.join(root, 'node_modules', 'electron');
  if (!existsSync(path.join(pkg, 'package.json'))) return 'the optional dependency "electron" is not installed';
  const pathTxt = path.join(pkg, 'path.txt');
  if (!existsSync(pathTxt)) return 'node_modules/electron has no downloaded binary (no path.txt)';
  const bin = path.join(pkg, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(bin) ? null : `the Electron binary is missing at ${bin}`;
}

function run(label, args) {
  process.stdout.write(`\n> ${label}\n`);
  const r = spawnSync(process.execPath, args, { cwd: ECG_ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status})`);
}

async function main() {
  const problem = getElectronProblem();
  if (problem) {
    process.stderr.write(
      `npm run dist: cannot package: ${problem}.\n` +
        "Electron's binary is downloaded by its postinstall from the Electron release host, which this machine cannot reach.\n" +
        'On a machine that can: `npm install` (or `npm install electron@38 --no-save`), then run `npm run dist` again.\n' +
        'Everything else (tests, CLI, `npm start` on the loopback host) works without it.\n',
    );
    process.exit(2);
  }
  run('build renderer', [
    path.join(ECG_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
    'build',
    '--config',
    'renderer/vite.config.ts',
  ]);
  process.stdout.write('\n> build electron bundles\n');
  await buildElectron({ minify: true });
  run('electron-builder', [
    path.join(ECG_ROOT, 'node_modules', 'electron-builder', 'cli.js'),
    '--config',
    ECG_BUILDER_CONFIG,
    '--publish',
    'never',
    ...process.argv.slice(2),
  ]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().catch((err) => {
    process.stderr.write(`npm run dist: ${err.message}\n`);
    process.exit(1);
  });
}
