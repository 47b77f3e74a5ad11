import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';

/**
 * Every screenshot the suite saves, in one place. They are looked at by a person before a commit
 * (not compared pixel by pixel: the data come from the real engine and model).
 */
export const ECG_SCREENSHOTS = {
  start: 'start.png',
  batchDone: 'batch-done.png',
  grid: 'review-grid.png',
  labelled: 'review-labelled.png',
  similar: 'review-find-similar.png',
  detail: 'beat-detail.png',
  detailRecord: 'beat-detail-record.png',
  gridDark: 'review-grid-dark.png',
  shortcuts: 'shortcuts.png',
  disagreements: 'disagreements.png',
  stats: 'stats.png',
  export: 'export-done.png',
  errorToast: 'error-refused-folder.png',
  sheet: 'sheet-view.png',
  sheetLead: 'sheet-view-lead.png',
  sheetDark: 'sheet-view-dark.png',
} as const;

export type ScreenshotName = keyof typeof ECG_SCREENSHOTS;

export const ECG_SCREENSHOT_DIR = path.join(import.meta.dirname, 'screenshots');

export async function saveScreenshot(
  page: Page,
  name: ScreenshotName,
  opts: { fullPage?: boolean; selector?: string } = {},
) {
  mkdirSync(ECG_SCREENSHOT_DIR, { recursive: true });
  const file = path.join(ECG_SCREENSHOT_DIR, ECG_SCREENSHOTS[name]);
  if (opts.selector) await page.locator(opts.selector).screenshot({ path: file });
  else await page.screenshot({ path: file, fullPage: opts.fullPage ?? false });
  return file;
}
