#!/usr/bin/env node
// Entry of the `ecg-review` CLI. Runs the esbuild bundle of the current sources (build/build-cli.js,
// rebuilt when a source changes); tsx's loader is the fallback where the bundle cannot be written,
// and is used on request (ECG_CLI_TSX=1) for stack traces into the TypeScript sources.
const io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  isTTY: Boolean(process.stdout.isTTY),
};

async function loadBundled() {
  const { ensureCliBundle } = await import('../build/build-cli.js');
  const { pathToFileURL } = await import('node:url');
  return import(pathToFileURL(await ensureCliBundle()).href);
}

async function loadFromSources() {
  const { register } = await import('tsx/esm/api');
  register();
  return import('../electron/cli/main.ts');
}

let cli = null;
if (process.env.ECG_CLI_TSX !== '1') {
  try {
    cli = await loadBundled();
  } catch (err) {
    if (process.env.ECG_DEBUG) io.err(`cli bundle unavailable, running from sources: ${err.message}`);
  }
}
cli ??= await loadFromSources();
process.exitCode = await cli.runCli(process.argv.slice(2), io);
