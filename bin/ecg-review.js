#!/usr/bin/env node
// Entry of the `ecg-review` CLI: loads the TypeScript sources through tsx's ESM loader.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../electron/cli/main.ts');
const io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  isTTY: Boolean(process.stdout.isTTY),
};
process.exitCode = await runCli(process.argv.slice(2), io);
