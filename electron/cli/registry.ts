import type { CliCommand } from './command';
import { scanCommand } from './commands/scan';
import { batchCommand } from './commands/batch';
import { classifyCommand } from './commands/classify';
import { exportCommand } from './commands/export';
import { mergeCommand } from './commands/merge';
import { fuzzCommand } from './commands/fuzz';
import { synthCommand } from './commands/synth';
import { digitizeCommand } from './commands/digitize';
import { sheetFeaturesCommand } from './commands/sheet-features';

/** Every subcommand, in the order `--help` lists them. */
export const COMMANDS: CliCommand[] = [
  scanCommand,
  batchCommand,
  classifyCommand,
  exportCommand,
  mergeCommand,
  fuzzCommand,
  synthCommand,
  digitizeCommand,
  sheetFeaturesCommand,
];
