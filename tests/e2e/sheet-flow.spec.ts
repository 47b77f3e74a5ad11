import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parseRecordsCsv } from '../../electron/engine/export/records-export';
import { hashBytes } from '../../electron/engine/util/hash';
import { ECG12_DIR } from '../support/shared-data';
import { startTestHost, type TestHost } from '../support/start-host';
import { BatchPage } from './pages/BatchPage';
import { ExportDialog } from './pages/ExportDialog';
import { SheetPage } from './pages/SheetPage';
import { StartPage } from './pages/StartPage';
import { saveScreenshot } from './screenshots';

test.describe.configure({ mode: 'serial' });

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SAMPLE_SHEET = path.join(ROOT, 'assets', 'sample', 'sheet-223-00000.png');
/** Real ecg12 scans, copied to a temporary folder for the run (never into the repo). */
const REAL_SHEETS = ['mi/MI(1).jpg', 'normal/Normal(100).jpg'];
const REVIEWER = 'Dr Sheet';

let host: TestHost;
let work: string;
let folder: string;
let realSha: string | null = null;
let sampleSha: string;

test.beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'ecg-e2e-sheet-'));
  folder = path.join(work, 'archive');
  await mkdir(folder);
  await copyFile(SAMPLE_SHEET, path.join(folder, 'rendered-sheet.png'));
  sampleSha = hashBytes(await readFile(SAMPLE_SHEET));
  for (const f of REAL_SHEETS) {
    const src = path.join(ECG12_DIR, f);
    const ok = await copyFile(src, path.join(folder, path.basename(f))).then(
      () => true,
      () => false,
    );
    if (ok && !realSha) realSha = hashBytes(await readFile(src));
  }
  if (!realSha) console.warn(`[note] no ecg12 scans at ${ECG12_DIR}: the flow runs on the rendered sheet only`);
  // The shipped record model, run by the engine as the app runs it.
  host = await startTestHost({ model: null, recordModelDir: path.join(ROOT, 'models', 'sheet-features-mlp') });
});

test.afterAll(async () => {
  await host?.close();
  await rm(work, { recursive: true, force: true });
});

test('open a folder with 12-lead sheets, switch leads, label the record by keyboard, export it', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && /Content Security Policy/i.test(m.text()) && errors.push(m.text()));
  const start = new StartPage(page);
  const batch = new BatchPage(page);
  const sheets = new SheetPage(page);
  const target = realSha ?? sampleSha;

  await test.step('open the folder', async () => {
    await start.open(host.url);
    await start.setReviewerIfAsked(REVIEWER);
    await start.startBatch(folder);
    await batch.waitUntilDone(3 * 60_000);
    expect(await batch.state()).toBe('done');
  });

  await test.step('the sheets list shows every sheet with the record model call', async () => {
    await sheets.openList();
    await expect(sheets.rows()).toHaveCount(realSha ? 1 + REAL_SHEETS.length : 1);
    await sheets.openSheet(target);
    await sheets.waitForScan();
    await expect(sheets.traces()).toHaveCount(13);
    await expect(sheets.saliency().first()).toBeAttached();
    await expect(sheets.prediction()).toHaveAttribute('data-predicted', /.+/);
    await saveScreenshot(page, 'sheet');
  });

  await test.step('switch to one lead and back, by keyboard and by the switcher', async () => {
    await sheets.press('ArrowRight');
    await expect(sheets.image()).toHaveAttribute('data-lead', 'I');
    await expect(sheets.traces()).toHaveCount(1);
    await sheets.selectLead('V2');
    await expect(sheets.traces()).toHaveCount(1);
    await expect(sheets.traces().first()).toHaveAttribute('data-lead', 'V2');
    await saveScreenshot(page, 'sheetLead');
    // The help lists the sheet keys beside the beat keys; Esc closes it and leaves the lead alone.
    await sheets.press('?');
    const help = page.getByTestId('shortcuts-dialog');
    await expect(help.getByRole('table', { name: 'Sheet view shortcuts' })).toContainText('Shift+1 … Shift+4');
    await expect(help.getByRole('table', { name: 'Beat review shortcuts' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();
    await expect(sheets.image()).toHaveAttribute('data-lead', 'V2');
    await sheets.press('a');
    await expect(sheets.image()).toHaveAttribute('data-lead', 'all');
    await expect(sheets.traces()).toHaveCount(13);
  });

  await test.step('label the record with Shift+3, undo and redo it', async () => {
    const predicted = await sheets.prediction().getAttribute('data-predicted');
    const done = page.waitForResponse((r) => r.url().endsWith('/api/setRecordLabel'));
    await sheets.press('Shift+Digit3');
    expect(((await (await done).json()) as { ok: boolean }).ok).toBe(true);
    await expect(sheets.labelPanel()).toHaveAttribute('data-label', 'mi');
    await expect(sheets.labelPanel()).toHaveAttribute('data-final', 'mi');
    if (predicted !== 'mi') await expect(page.getByTestId('record-disagrees-model')).toBeVisible();
    await sheets.press('u');
    await expect(sheets.labelPanel()).toHaveAttribute('data-label', '');
    await sheets.press('Shift+U');
    await expect(sheets.labelPanel()).toHaveAttribute('data-label', 'mi');
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await saveScreenshot(page, 'sheetDark');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await page.getByRole('button', { name: '← Sheets' }).click();
    const row = sheets.list().locator(`[data-testid="sheet-row"][data-sha="${target}"]`);
    await expect(row.locator('td').nth(4)).toHaveText('Myocardial infarction');
  });

  await test.step('export CSV: records.csv holds the record label', async () => {
    const outDir = path.join(work, 'export');
    const dialog = new ExportDialog(page);
    await dialog.open();
    const result = await dialog.exportTo('CSV', outDir);
    expect(result.files).toContain('records.csv');
    const rows = parseRecordsCsv(await readFile(path.join(result.outDir, 'records.csv'), 'utf8'));
    const mine = rows.find((r) => r.sha256 === target);
    expect(mine).toMatchObject({ finalLabel: 'mi', labels: { [REVIEWER]: 'mi' } });
    expect(mine?.modelId).toBe('sheet-features-mlp@1.1.0');
    await dialog.close();
  });

  expect(errors).toEqual([]);
});
