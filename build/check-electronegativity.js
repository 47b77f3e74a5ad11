#!/usr/bin/env node
// Runs Electronegativity over electron/ and fails on any finding that build/electronegativity-justifications.md
// does not justify (matched by check id and file). Meant for `npm run lint`.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
export const ECG_JUSTIFICATIONS = path.join(ROOT, 'build', 'electronegativity-justifications.md');
const GLOBAL = '(global)';

/** The installed Electron's version, else the lowest one package.json allows. */
export function getElectronVersion(root = ROOT) {
  const installed = path.join(root, 'node_modules', 'electron', 'package.json');
  if (existsSync(installed)) return JSON.parse(readFileSync(installed, 'utf8')).version;
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const range = pkg.optionalDependencies?.electron ?? pkg.devDependencies?.electron ?? '38.0.0';
  const m = /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(range);
  return m ? `${m[1]}.${m[2] ?? 0}.${m[3] ?? 0}` : '38.0.0';
}

/** Findings from a SARIF report: check id, file (repo-relative, or "(global)") and line. */
export function readSarifFindings(sarif, inputDir) {
  const results = sarif.runs?.flatMap((r) => r.results ?? []) ?? [];
  return results.map((r) => {
    const loc = r.locations?.[0]?.physicalLocation;
    const uri = loc?.artifactLocation?.uri ?? '';
    const file =
      !uri || uri === 'file:///' || uri === 'N/A' ? GLOBAL : path.posix.join(inputDir, uri.replace(/^file:\/\//, ''));
    return {
      id: r.ruleId,
      file,
      line: file === GLOBAL ? 0 : (loc?.region?.startLine ?? 0),
      message: r.message?.text ?? '',
    };
  });
}

/** Rows of the justification table: | CHECK_ID | file or (global) | why | shown by |. */
export function readJustifications(markdown) {
  const rows = [];
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 5 || !/^[A-Z][A-Z0-9_]+$/.test(cells[1].replace(/`/g, ''))) continue;
    const why = cells[3];
    if (!why) continue;
    rows.push({ id: cells[1].replace(/`/g, ''), file: cells[2].replace(/`/g, ''), why });
  }
  return rows;
}

export function getUnjustified(findings, justifications) {
  return findings.filter((f) => !justifications.some((j) => j.id === f.id && (j.file === f.file || j.file === '*')));
}

/** Scan `inputDir` (relative to the repo root, or absolute) and return its findings. */
export async function runElectronegativity(inputDir = 'electron') {
  const dir = mkdtempSync(path.join(tmpdir(), 'ecg-electronegativity-'));
  const out = path.join(dir, 'report.sarif');
  try {
    const args = [CLI, '-i', inputDir, '-e', getElectronVersion(), '-r', '-o', out];
    const log = await new Promise((resolve) => {
      execFile(process.execPath, args, { cwd: ROOT, encoding: 'utf8' }, (err, stdout, stderr) =>
        resolve(`${err ? `exit ${err.code}: ` : ''}${stderr || stdout}`),
      );
    });
    if (!existsSync(out)) throw new Error(`electronegativity wrote no report (${String(log).trim().slice(-500)})`);
    return readSarifFindings(JSON.parse(readFileSync(out, 'utf8')), inputDir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const findings = await runElectronegativity();
  const justifications = readJustifications(readFileSync(ECG_JUSTIFICATIONS, 'utf8'));
  const unjustified = getUnjustified(findings, justifications);
  for (const f of findings) {
    const tag = unjustified.includes(f) ? 'UNJUSTIFIED' : 'justified';
    process.stdout.write(
      `${tag.padEnd(12)} ${f.id} ${f.file}${f.line ? `:${f.line}` : ''}  ${f.message.split('\n')[0]}\n`,
    );
  }
  process.stdout.write(`electronegativity: ${findings.length} finding(s), ${unjustified.length} unjustified\n`);
  if (unjustified.length) {
    process.stderr.write(`Fix them or justify each in ${path.relative(ROOT, ECG_JUSTIFICATIONS)}.\n`);
    process.exitCode = 1;
  }
}
