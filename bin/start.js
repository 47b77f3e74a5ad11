#!/usr/bin/env node
// `npm start [-- <folder>]`: the Electron window where Electron's binary is installed; otherwise
// the same UI on the loopback host (127.0.0.1, random port and token), printing its URL.
// With no folder it opens the sample data shipped in assets/sample.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadEntry } from './load-entry.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const forceBrowser = args.includes('--browser') || process.env.ECG_NO_ELECTRON === '1';
const folder = args.find((a) => !a.startsWith('--'));

function ensureBuilt(outFile, script) {
  if (existsSync(path.join(ROOT, outFile))) return;
  console.log(`building ${outFile} …`);
  const r = spawnSync('npm', ['run', script], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

async function findElectron() {
  try {
    const mod = await import('electron');
    const bin = mod.default;
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const electron = forceBrowser ? null : await findElectron();
ensureBuilt('renderer/dist/index.html', 'build:renderer');
if (electron) {
  // Bundling takes ~2 s: always rebuild so a source change is never run from a stale bundle.
  const built = spawnSync('npm', ['run', 'build:electron'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  const child = spawn(electron, ['.', ...(folder ? [path.resolve(folder)] : [])], { cwd: ROOT, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!forceBrowser) console.log('Electron is not installed here (its binary could not be downloaded): starting the loopback host instead.');
  const { startLoopbackApp } = await loadEntry('loopback-app.js', 'electron/host/start-loopback-app.ts');
  const app = await startLoopbackApp({ folder: folder ? path.resolve(folder) : null });
  console.log(`\nECG Review Desk is running. Open this address in a browser on this machine:\n\n  ${app.url}\n\nPress Ctrl+C to stop.`);
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
