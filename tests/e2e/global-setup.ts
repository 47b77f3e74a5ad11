import path from 'node:path';
import { build } from 'vite';

/** The host serves renderer/dist: build it once per run (ECG_E2E_SKIP_BUILD=1 reuses the last build). */
export default async function globalSetup() {
  if (process.env.ECG_E2E_SKIP_BUILD === '1') return;
  await build({
    configFile: path.resolve(import.meta.dirname, '..', '..', 'renderer', 'vite.config.ts'),
    logLevel: 'warn',
  });
}
