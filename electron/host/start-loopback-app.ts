import path from 'node:path';
import type { RecordClassifierFactory } from '../engine/batch/classify-sheets';
import { createDigitizer } from '../engine/batch/digitize-adapter';
import { getEngineVersion } from '../engine/export/engine-version';
import { createRecordClassifier } from '../engine/sheet/create-record-classifier';
import { getLogger } from '../engine/util/log';
import { findPackageRoot } from '../engine/util/package-root';
import { startLoopbackHost } from './loopback-server';
import { createEcgService, type EcgServiceHandle } from './service';
import { getAppHome, SettingsFile } from './settings';

const log = getLogger('app');
const ROOT = findPackageRoot();

export interface LoopbackAppOptions {
  /** Folder to open at start; null opens the sample data in assets/sample. */
  folder: string | null;
  home?: string;
  modelsDir?: string;
  staticDir?: string;
  port?: number;
  /** Skip the batch at start (tests drive it through the API). */
  autoStart?: boolean;
  inferenceWorkers?: number;
  /** Loads the record-level model (default: the engine's; tests may pass a stand-in); see EcgServiceDeps. */
  createRecordClassifier?: RecordClassifierFactory;
}

export interface LoopbackApp {
  url: string;
  origin: string;
  token: string;
  service: EcgServiceHandle;
  close(): Promise<void>;
}

/** Composition root of the browser-hosted app: settings, engine service, loopback host. */
export async function startLoopbackApp(opts: LoopbackAppOptions): Promise<LoopbackApp> {
  const home = opts.home ?? getAppHome();
  const settings = await SettingsFile.load(home);
  const sampleFolder = path.join(ROOT, 'assets', 'sample');
  const service = createEcgService({
    host: 'loopback',
    version: getEngineVersion(),
    settings,
    reviewSetsDir: path.join(home, 'review-sets'),
    modelsDir: opts.modelsDir ?? path.join(ROOT, 'models'),
    sampleFolder,
    digitize: createDigitizer(),
    imageUrlFor: (sha) => `/images/${sha}`,
    ...(opts.inferenceWorkers !== undefined ? { inference: { workers: opts.inferenceWorkers } } : {}),
    createRecordClassifier: opts.createRecordClassifier ?? createRecordClassifier,
  });
  const host = await startLoopbackHost({
    service,
    staticDir: opts.staticDir ?? path.join(ROOT, 'renderer', 'dist'),
    resolveImage: (sha) => service.resolveImage(sha),
    ...(opts.port !== undefined ? { port: opts.port } : {}),
  });
  if (opts.autoStart !== false) {
    const folder = opts.folder ?? sampleFolder;
    service.startBatch({ folder }).catch((err: Error) => log.error(`could not open ${folder}: ${err.message}`));
  }
  return {
    url: host.url,
    origin: host.origin,
    token: host.token,
    service,
    async close() {
      await host.close();
      await service.close();
    },
  };
}
