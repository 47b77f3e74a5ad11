import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, requireHost, test } from './host';
import { BatchPage } from './pages/BatchPage';
import { DisagreementsPage } from './pages/DisagreementsPage';
import { ExportDialog } from './pages/ExportDialog';
import { ReviewPage } from './pages/ReviewPage';
import { StartPage } from './pages/StartPage';
import { StatsPage } from './pages/StatsPage';
import { parseCsv, readExportedLabels } from './read-export-csv';
import { saveScreenshot } from './screenshots';

test.describe.configure({ mode: 'serial' });

function tryReadLabels(file: string): Map<string, string> | null {
  try {
    return readExportedLabels(file);
  } catch {
    return null;
  }
}

const KEYS = ['n', 's', 'v', 'n', 'f', 'q', 'n', 'v', 's', 'n', 'n', 'v', 'q', 'f', 's', 'n', 'v', 'n', 's', 'v'];

test('open a folder, label by keyboard, undo, relabel a cluster, export CSV with the corrections', async ({
  page,
  host: maybeHost,
}) => {
  const host = requireHost(maybeHost);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // The host's CSP forbids inline scripts and eval: the build must not need them.
  page.on('console', (m) => m.type() === 'error' && /Content Security Policy/i.test(m.text()) && errors.push(m.text()));
  const start = new StartPage(page);
  const batch = new BatchPage(page);
  const review = new ReviewPage(page);

  await test.step('open the folder', async () => {
    await start.open(host.url);
    await start.setReviewerIfAsked('Dr E2E');
    await saveScreenshot(page, 'start');
    await start.startBatch(host.folder);
  });

  await test.step('batch completes with progress shown', async () => {
    await expect(batch.stage('classify').getByRole('progressbar')).toBeVisible();
    await batch.waitUntilDone(4 * 60_000);
    expect(await batch.state()).toBe('done');
    const classify = await batch.stageCounts('classify');
    expect(classify.max).toBeGreaterThan(0);
    expect(classify.done).toBe(classify.max);
    expect(await batch.beatsFound()).toBeGreaterThanOrEqual(40);
    await saveScreenshot(page, 'batchDone');
    await batch.openReview();
    await review.waitForThumbnails();
    await saveScreenshot(page, 'grid');
  });

  const expected = new Map<string, string>();
  await test.step('label 20 beats by keyboard', async () => {
    await review.click(0);
    for (let i = 0; i < KEYS.length; i++) {
      expected.set(await review.beatId(i), KEYS[i]!.toUpperCase());
      await review.labelFocused(i, KEYS[i]!);
    }
    await expect(review.cell(KEYS.length)).toHaveClass(/focused/);
    await saveScreenshot(page, 'labelled');
  });

  let undone = '';
  await test.step('undo one', async () => {
    const last = await review.beatId(KEYS.length - 1);
    undone = last;
    await review.press('u');
    await expect(review.cell(KEYS.length - 1)).toHaveAttribute('data-label', '');
    expected.delete(last);
    // The other nineteen are untouched.
    await expect(review.cell(KEYS.length - 2)).toHaveAttribute('data-label', KEYS[KEYS.length - 2]!.toUpperCase());
  });

  let cluster: string[] = [];
  await test.step('bulk-relabel a cluster found by "find similar"', async () => {
    const seedIndex = KEYS.length + 2;
    const seed = await review.beatId(seedIndex);
    await review.click(seedIndex);
    await review.waitForDetail(seed);
    await saveScreenshot(page, 'detail', { selector: '[data-testid="beat-detail"]' });
    await expect(review.detail().getByTestId('record-strip')).toBeVisible();
    await review.detail().evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await saveScreenshot(page, 'detailRecord', { selector: '[data-testid="beat-detail"]' });
    const similar = await review.findSimilar();
    expect(similar.length).toBeGreaterThan(0);
    cluster = [seed, ...similar.filter((id) => id !== seed)];
    await expect.poll(() => review.selectedCount()).toBe(cluster.length);
    await saveScreenshot(page, 'similar');
    await review.press('?');
    await expect(page.getByTestId('shortcuts-dialog')).toBeVisible();
    await saveScreenshot(page, 'shortcuts');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('shortcuts-dialog')).toBeHidden();
    const done = page.waitForResponse((r) => r.url().endsWith('/api/setLabel'));
    await review.press('v');
    const body = (await (await done).json()) as { ok: boolean; value: { events: { beatId: string; to: string }[] } };
    expect(body.ok).toBe(true);
    // One event per beat whose label changed: beats of the cluster already labelled V need none.
    const changed = new Set(body.value.events.map((e) => e.beatId));
    for (const id of changed) expect(cluster).toContain(id);
    for (const id of cluster) if (!changed.has(id)) expect(expected.get(id), `unchanged ${id}`).toBe('V');
    for (const id of cluster) expected.set(id, 'V');
    await expect(review.cell(seedIndex)).toHaveAttribute('data-label', 'V');
  });

  await test.step('dark theme keeps the grid readable', async () => {
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await saveScreenshot(page, 'gridDark');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
  });

  await test.step('disagreements and statistics', async () => {
    const queue = new DisagreementsPage(page);
    await queue.open();
    expect(await queue.total()).toBeGreaterThanOrEqual(0);
    await saveScreenshot(page, 'disagreements');
    const stats = new StatsPage(page);
    await stats.open();
    const cells = await stats.confusionCells();
    // Every beat we labelled now has a final label, so it is counted in the matrix.
    expect(cells).toHaveLength(25);
    expect(cells.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(expected.size);
    await saveScreenshot(page, 'stats');
  });

  await test.step('export CSV: the file holds the corrections', async () => {
    const outDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'ecg-e2e-export-')), 'csv');
    const dialog = new ExportDialog(page);
    await dialog.open();
    const result = await dialog.exportTo('CSV', outDir);
    await saveScreenshot(page, 'export');
    const csvs = result.files
      .filter((f) => f.endsWith('.csv'))
      .map((f) => (path.isAbsolute(f) ? f : path.join(result.outDir, f)));
    expect(csvs.length, `CSV files among ${result.files.join(', ')}`).toBeGreaterThan(0);
    for (const f of csvs) expect(existsSync(f), f).toBe(true);
    // The per-beat table (with a header naming each beat) holds every correction.
    const full = csvs.map((f) => ({ f, labels: tryReadLabels(f) })).find((x) => x.labels);
    expect(full, `a CSV with beat ids and final labels among ${csvs.join(', ')}`).toBeTruthy();
    for (const [id, label] of expected) expect(full!.labels!.get(id), `label of ${id}`).toBe(label);
    // Unlabelled, unless "find similar" put it in the cluster relabelled V afterwards.
    expect(full!.labels!.get(undone) ?? '').toBe(expected.get(undone) ?? '');
    // The training table (samples then the class index) has one row per corrected beat, same classes.
    const training = csvs.find((f) => f !== full!.f && path.basename(f) === 'beats.csv');
    if (training) {
      const classes = parseCsv(readFileSync(training, 'utf8')).map((r) => Number(r[r.length - 1]));
      expect(classes).toHaveLength(expected.size);
      const want = [...expected.values()].map((l) => 'NSVFQ'.indexOf(l)).sort();
      expect([...classes].sort()).toEqual(want);
    }
    await dialog.close();
    rmSync(path.dirname(outDir), { recursive: true, force: true });
  });

  expect(errors).toEqual([]);
});

test('a refused folder shows the host’s message, not a blank screen', async ({ page, host: maybeHost }) => {
  const host = requireHost(maybeHost);
  const start = new StartPage(page);
  await start.open(host.url);
  await start.setReviewerIfAsked('Dr E2E');
  await start.startBatch(path.join(os.tmpdir(), 'ecg-e2e-no-such-folder', String(Date.now())));
  const toast = page.getByTestId('toast-error');
  await expect(toast).toBeVisible();
  await expect(toast).toContainText(/E_[A-Z_]+/);
  await expect(start.root()).toBeVisible();
  await saveScreenshot(page, 'errorToast');
});
