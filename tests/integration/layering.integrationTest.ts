import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'layering');

async function lintFixture(rel: string) {
  // The project config ignores tests/fixtures; lint them explicitly with only the layering rule.
  const eslint = new ESLint({ cwd: ROOT, ignore: false, overrideConfig: { rules: { 'layering/imports': 'error' } } });
  const [result] = await eslint.lintFiles([path.join(FIXTURES, rel)]);
  return result!.messages.filter((m) => m.ruleId === 'layering/imports').map((m) => m.message);
}

describe('layering rule', () => {
  it('catches the renderer importing engine code and a Node built-in', async () => {
    const msgs = await lintFixture('bad/renderer/src/imports-engine.ts');
    expect(msgs).toHaveLength(2);
    expect(msgs.join('\n')).toMatch(/renderer may not import node module "node:fs"/);
    expect(msgs.join('\n')).toMatch(/not allowed to access .*engine.* \(engine\) from renderer/);
  });

  it('catches the engine importing electron', async () => {
    expect(await lintFixture('bad/electron/engine/imports-electron.ts')).toEqual([
      'Bad layering. engine may not import electron module "electron".',
    ]);
  });

  it('catches common importing a platform module', async () => {
    expect(await lintFixture('bad/common/imports-node.ts')).toEqual([
      'Bad layering. common may not import node module "path".',
    ]);
  });

  it('lets the renderer import the contract and d3', async () => {
    expect(await lintFixture('good/renderer/src/imports-common.ts')).toEqual([]);
  });

  it('finds no breach in the real source tree', async () => {
    const eslint = new ESLint({
      cwd: ROOT,
      errorOnUnmatchedPattern: false,
      overrideConfig: { rules: { 'layering/imports': 'error' } },
    });
    const results = await eslint.lintFiles(['common', 'electron', 'renderer']);
    const breaches = results.flatMap((r) =>
      r.messages
        .filter((m) => m.ruleId === 'layering/imports')
        .map((m) => `${path.relative(ROOT, r.filePath)}: ${m.message}`),
    );
    expect(breaches).toEqual([]);
  });
});
