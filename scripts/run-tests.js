#!/usr/bin/env node
// `npm test`: runs every suite (vitest unit + integration, pytest for models/, Playwright in
// Chromium, the Electron end-to-end suite) and ends with one line CI can read:
// "N passed, N failed, N skipped", totalled over all suites.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'test-results');
mkdirSync(OUT, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function add(suite, p, f, s, note = '') {
  totals.passed += p;
  totals.failed += f;
  totals.skipped += s;
  lines.push(`${suite}: ${p} passed, ${f} failed, ${s} skipped${note ? ` (${note})` : ''}`);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const only = process.argv.slice(2);
const want = (s) => only.length === 0 || only.includes(s);

if (want('vitest')) {
  const file = path.join(OUT, 'vitest.json');
  const code = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${file}`]);
  const j = readJson(file);
  if (j) add('vitest', j.numPassedTests, j.numFailedTests + (j.numFailedTestSuites && !j.numFailedTests ? j.numFailedTestSuites : 0), j.numPendingTests + j.numTodoTests);
  else add('vitest', 0, 1, 0, `runner exited ${code} without a report`);
}

if (want('pytest')) {
  const probe = spawnSync('python3', ['-c', 'import pytest, numpy'], { cwd: ROOT });
  if (probe.status !== 0 || !existsSync(path.join(ROOT, 'models', 'tests'))) {
    add('pytest', 0, 0, 0, 'skipped: python3 with pytest and numpy not available');
  } else {
    const xml = path.join(OUT, 'pytest.xml');
    run('python3', ['-m', 'pytest', '-q', 'models/tests', `--junitxml=${xml}`]);
    const text = existsSync(xml) ? readFileSync(xml, 'utf8') : '';
    const m = /<testsuite [^>]*errors="(\d+)" failures="(\d+)" skipped="(\d+)" tests="(\d+)"/.exec(text);
    if (m) {
      const [errors, failures, skipped, tests] = m.slice(1).map(Number);
      add('pytest', tests - errors - failures - skipped, errors + failures, skipped);
    } else add('pytest', 0, 1, 0, 'no junit report');
  }
}

for (const [suite, config] of [
  ['playwright', 'tests/e2e/playwright.config.ts'],
  ['electron-e2e', 'tests/electron/playwright.config.ts'],
]) {
  if (!want(suite)) continue;
  if (!existsSync(path.join(ROOT, config))) {
    add(suite, 0, 0, 0, `no suite yet (${config})`);
    continue;
  }
  const file = path.join(OUT, `${suite}.json`);
  const code = run('npx', ['playwright', 'test', '-c', config], { PLAYWRIGHT_JSON_OUTPUT_NAME: file, PW_JSON_REPORT: file });
  const j = readJson(file);
  if (j?.stats) add(suite, j.stats.expected, j.stats.unexpected, j.stats.skipped, j.stats.flaky ? `${j.stats.flaky} flaky` : '');
  else add(suite, 0, code === 0 ? 0 : 1, 0, `runner exited ${code} without a report`);
}

console.log('\n' + lines.join('\n'));
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
