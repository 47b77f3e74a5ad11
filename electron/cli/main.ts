import { type CliCommand, type CliIo, formatHelp, parseCommandArgs } from './command';
import { COMMANDS } from './registry';

function listCommands(): string {
  const w = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: ecg-review <command> [options]',
    '',
    'Offline ECG Review Desk: scan, digitize, classify and export scanned ECGs.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(w + 2)}${c.summary}`),
    '',
    'Run `ecg-review <command> --help` for the options of one command.',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(listCommands());
    return name ? 0 : 2;
  }
  const cmd: CliCommand | undefined = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    io.err(`ecg-review: unknown command "${name}"\n\n${listCommands()}`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseCommandArgs(cmd, rest);
  } catch (err) {
    io.err(`ecg-review ${name}: ${(err as Error).message}\n\n${formatHelp(cmd)}`);
    return 2;
  }
  if (parsed.values.help) {
    io.out(formatHelp(cmd));
    return 0;
  }
  try {
    return await cmd.run({ values: parsed.values, positionals: parsed.positionals, io });
  } catch (err) {
    const e = err as Error & { code?: string };
    io.err(`ecg-review ${name}: ${e.code ? `[${e.code}] ` : ''}${e.message}`);
    if (process.env.ECG_DEBUG) io.err(e.stack ?? '');
    return 1;
  }
}
