// Loads one of the app's Node entries from the esbuild bundle of the current sources
// (build/build-cli.js, rebuilt when a source changes). tsx's loader is the fallback where the bundle
// cannot be written, and is used on request (ECG_CLI_TSX=1) for stack traces into the TypeScript.
import { pathToFileURL } from 'node:url';

/** `bundled`: the entry's file name in the bundle folder; `source`: its .ts path from the repo root. */
export async function loadEntry(bundled, source) {
  if (process.env.ECG_CLI_TSX !== '1') {
    try {
      const { ensureCliBundle } = await import('../build/build-cli.js');
      const dir = new URL('.', pathToFileURL(await ensureCliBundle()));
      return await import(new URL(bundled, dir).href);
    } catch (err) {
      if (process.env.ECG_DEBUG) process.stderr.write(`cli bundle unavailable, running from sources: ${err.message}\n`);
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import(new URL(`../${source}`, import.meta.url).href);
}
