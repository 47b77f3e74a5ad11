#!/usr/bin/env node
// Entry of the `ecg-review` CLI (bundled from electron/cli/main.ts, see load-entry.js).
import { loadEntry } from './load-entry.js';

const io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  isTTY: Boolean(process.stdout.isTTY),
};
const { runCli } = await loadEntry('cli-main.js', 'electron/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2), io);
