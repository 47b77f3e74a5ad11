import type { CliCommand } from './command';
import { scanCommand } from './commands/scan';

/** Every subcommand, in the order `--help` lists them. */
export const COMMANDS: CliCommand[] = [scanCommand];
