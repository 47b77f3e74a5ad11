import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test as base } from '@playwright/test';
import { hasSharedData, MITDB_DIR } from '../support/shared-data';
import { startTestHost } from '../support/start-host';
import { renderSynthFolder } from '../support/synth-folder';
import { getTestModel, isTestModel } from '../support/test-model';

export interface E2eHost {
  url: string;
  origin: string;
  token: string;
  /** The folder of rendered images (plus two broken files) the reviewer opens. */
  folder: string;
}

/**
 * One real loopback app per worker (engine, model, SQLite store) and a folder of images rendered
 * from MIT-BIH records. Skips with the reason when the data or a model is missing.
 */
export const test = base.extend<object, { host: E2eHost | { skip: string } }>({
  host: [
    // Playwright reads the fixture's dependencies from this (empty) destructuring pattern.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      if (!hasSharedData(MITDB_DIR)) return use({ skip: `no MIT-BIH data at ${MITDB_DIR} to render images from` });
      const model = await getTestModel();
      if (!isTestModel(model)) return use({ skip: model.skip });
      const work = await mkdtemp(path.join(os.tmpdir(), 'ecg-e2e-'));
      const folder = path.join(work, 'archive');
      await renderSynthFolder(folder, [{ kind: 'strip', count: 4, records: ['119', '208', '209'] }]);
      // Failure is data: two files the batch must refuse with reasons the UI shows.
      await writeFile(path.join(folder, 'empty.png'), '');
      await writeFile(path.join(folder, 'notes.jpg'), 'not an image at all');
      // The model is copied in rather than linked: the catalog lists real folders only (readdir's
      // Dirent of a symlink is not a directory).
      const host = await startTestHost({ model: null });
      await cp(model.dir, path.join(host.home, 'models', 'e2e-model'), { recursive: true });
      await use({ url: host.url, origin: host.origin, token: host.token, folder });
      await host.close();
      await rm(work, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 5 * 60_000 },
  ],
});

/** The host, or skip the calling test with the reason it cannot run here. */
export function requireHost(host: E2eHost | { skip: string }): E2eHost {
  if ('skip' in host) {
    console.warn(`[skip] ${host.skip}`);
    test.skip(true, host.skip);
  }
  return host as E2eHost;
}

export { expect } from '@playwright/test';
