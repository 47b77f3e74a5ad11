#!/usr/bin/env node
// `npm run bench [-- name ...]`: runs tests/bench/<name>.bench.ts modules and writes each result
// with the machine's facts to tests/bench/results/<name>.json. Figures are compared as ratios
// within one run; nothing here asserts a time.
import { execSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const ROOT = path.resolve(import.meta.dirname, '..');
const BENCH = path.join(ROOT, 'tests', 'bench');
const available = readdirSync(BENCH).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace('.bench.ts', ''));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : available;

function machineFacts() {
  let commit = null;
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
  } catch {
    // not a git checkout (an unpacked release): the result just has no commit
  }
  return {
    date: new Date().toISOString(),
    commit,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    loadAverage: os.loadavg().map((x) => +x.toFixed(2)),
  };
}

let failed = 0;
for (const name of names) {
  if (!available.includes(name)) {
    console.error(`bench: no benchmark "${name}" (have: ${available.join(', ')})`);
    failed++;
    continue;
  }
  console.log(`bench: ${name} …`);
  const t0 = performance.now();
  try {
    const mod = await import(pathToFileURL(path.join(BENCH, `${name}.bench.ts`)).href);
    const result = await mod.run();
    const out = { name, machine: machineFacts(), seconds: +((performance.now() - t0) / 1000).toFixed(1), result };
    writeFileSync(path.join(BENCH, 'results', `${name}.json`), JSON.stringify(out, null, 2) + '\n');
    console.log(`bench: ${name} done in ${out.seconds} s → tests/bench/results/${name}.json`);
  } catch (err) {
    console.error(`bench: ${name} failed: ${err.stack ?? err}`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
