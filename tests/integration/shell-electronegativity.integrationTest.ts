import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Electronegativity over electron/ must leave no finding that build/electronegativity-justifications.md
// does not justify; a deliberately bad window in a scratch folder shows the scanner is not blind.
const ROOT = path.resolve(import.meta.dirname, '..', '..');
type Finding = { id: string; file: string; line: number; message: string };
type Check = {
  runElectronegativity(dir: string): Promise<Finding[]>;
  readJustifications(md: string): Array<{ id: string; file: string; why: string }>;
  getUnjustified(f: Finding[], j: Array<{ id: string; file: string }>): Finding[];
  ECG_JUSTIFICATIONS: string;
};
const check: Check = await import(pathToFileURL(path.join(ROOT, 'build', 'check-electronegativity.js')).href);
const scratch = mkdtempSync(path.join(tmpdir(), 'ecg-en-bad-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('electronegativity', () => {
  it('finds nothing unjustified in electron/, and flags an insecure window elsewhere', async () => {
    writeFileSync(
      path.join(scratch, 'bad.js'),
      "const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { contextIsolation: false, sandbox: false } }).loadURL('http://example.com');\n",
    );
    const [ours, bad] = await Promise.all([
      check.runElectronegativity('electron'),
      check.runElectronegativity(scratch),
    ]);
    const justifications = check.readJustifications(readFileSync(check.ECG_JUSTIFICATIONS, 'utf8'));
    expect(check.getUnjustified(ours, justifications)).toEqual([]);
    // Every justification is still needed: a row whose finding disappeared should be deleted.
    for (const j of justifications)
      expect(
        ours.some((f) => f.id === j.id && f.file === j.file),
        `${j.id} ${j.file}`,
      ).toBe(true);

    const badIds = bad.map((f) => f.id);
    expect(badIds).toEqual(
      expect.arrayContaining([
        'CONTEXT_ISOLATION_JS_CHECK',
        'SANDBOX_JS_CHECK',
        'LIMIT_NAVIGATION_GLOBAL_CHECK',
        'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
      ]),
    );
    expect(check.getUnjustified(bad, justifications).length).toBeGreaterThan(0);
  });

  it('matches a justification by check id and file only', () => {
    const rows = check.readJustifications(
      '| Check | File | Why | Shown by |\n| --- | --- | --- | --- |\n| `CSP_GLOBAL_CHECK` | (global) | header CSP | csp.test.ts |\n| SANDBOX_JS_CHECK | electron/main/a.ts |  | x |\n',
    );
    expect(rows).toEqual([{ id: 'CSP_GLOBAL_CHECK', file: '(global)', why: 'header CSP' }]);
    const findings = [
      { id: 'CSP_GLOBAL_CHECK', file: '(global)', line: 0, message: '' },
      { id: 'SANDBOX_JS_CHECK', file: 'electron/main/a.ts', line: 3, message: '' },
    ];
    expect(check.getUnjustified(findings, rows).map((f) => f.id)).toEqual(['SANDBOX_JS_CHECK']);
  });
});
