import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOption = NonNullable<ParseArgsConfig['options']>[string];
/** A parseArgs option plus the line `--help` prints for it. */
export type CliOption = ParseArgsOption & { description?: string };

/** One `ecg-review` subcommand: its own options, help text and run function. */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  options: Record<string, CliOption>;
  /** Extra lines for --help (what it writes, examples). */
  help?: string;
  run(args: {
    values: Record<string, string | boolean | string[] | boolean[] | undefined>;
    positionals: string[];
    io: CliIo;
  }): Promise<number>;
}

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  isTTY: boolean;
}

export function formatHelp(cmd: CliCommand): string {
  const lines = [`Usage: ecg-review ${cmd.usage}`, '', cmd.summary, ''];
  const opts = Object.entries(cmd.options);
  if (opts.length) {
    lines.push('Options:');
    for (const [name, o] of opts) {
      const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ' <value>' : ''}`;
      lines.push(`  ${flag.padEnd(30)}${o.description ?? ''}`);
    }
    lines.push('  -h, --help                    show this help');
  }
  if (cmd.help) lines.push('', cmd.help);
  return lines.join('\n');
}

export function parseCommandArgs(cmd: CliCommand, argv: string[]) {
  const options = Object.fromEntries(
    Object.entries(cmd.options).map(([k, { description: _d, ...o }]) => [k, o as ParseArgsOption]),
  );
  return parseArgs({
    args: argv,
    options: { ...options, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
}
