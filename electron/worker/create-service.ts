import path from 'node:path';
import type { WorkerInit } from '../../common/worker-protocol';
import { createDigitizer } from '../engine/batch/digitize-adapter';
import { createRecordClassifier } from '../engine/sheet/create-record-classifier';
import { createEcgService, type EcgServiceHandle } from '../host/service';
import { getAppHome, SettingsFile } from '../host/settings';

/**
 * The engine service inside the utility process, composed as the loopback host composes it
 * (electron/host/start-loopback-app.ts), so both hosts share settings, recent sets and review sets
 * under the same app home (ECG_HOME overrides it).
 */
export async function createWorkerService(init: WorkerInit): Promise<EcgServiceHandle> {
  const home = getAppHome();
  const settings = await SettingsFile.load(home);
  return createEcgService({
    host: 'electron',
    version: init.version,
    settings,
    reviewSetsDir: path.join(home, 'review-sets'),
    modelsDir: init.modelsDir,
    sampleFolder: init.sampleFolder,
    digitize: createDigitizer(),
    createRecordClassifier,
    // Main answers getImageUrl itself (it owns the protocol); this keeps the service's answer the same.
    imageUrlFor: (sha256) => `ecg-image://image/${sha256}`,
  });
}
