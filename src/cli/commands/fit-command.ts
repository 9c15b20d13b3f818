// `lbsim fit LOG…`: describes access logs as a scenario fragment on stdout (rate, request mix,
// fitted service time) and explains the fit on stderr. Exit 2 when the logs cannot be read.

import { Option, type Command } from 'commander';
import { REPLAY_FORMATS, type ReplayFormat } from '../../model/config.js';
import { detectFormat } from '../../replay/fit/detect-format.js';
import { fitFragment, fitLog, fitSummaryLines } from '../../replay/fit/fit-log.js';
import { replaySummaryLines } from '../../replay/run-replay.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import type { SetExit } from '../program/regression-program.js';

export interface FitOptions {
  format?: ReplayFormat;
  logFormat?: string;
}

export async function fitCommand(files: string[], options: FitOptions): Promise<number> {
  const format = options.format ?? (await detectFormat(files[0]!));
  if (format === null) throw new UsageError(`${files[0]}: not a log lbsim can read (${REPLAY_FORMATS.join(', ')}); give --format`);
  if (options.logFormat !== undefined && format !== 'nginx') throw new UsageError('--log-format: only the nginx format takes a log_format');
  const fit = await fitLog({ files, format, logFormat: options.logFormat ?? null });
  if (fit.stats.requests === 0) throw new UsageError(`${files.join(', ')}: no request to fit`);
  const stderr = [`format ${format}${options.format === undefined ? ' (detected)' : ''}`, ...replaySummaryLines(fit.stats), ...fitSummaryLines(fit)];
  for (const line of stderr) process.stderr.write(`${line}\n`);
  process.stdout.write(`${JSON.stringify(fitFragment(fit), null, 2)}\n`);
  return ExitCode.ok;
}

export function addFitCommand(program: Command, setExit: SetExit): void {
  program
    .command('fit')
    .description('describe access logs as a scenario fragment: arrival rate, request mix and a fitted service-time distribution')
    .argument('<logs...>', 'access logs (gzip read as it streams), in time order')
    .addOption(new Option('--format <format>', 'the log format (detected when omitted)').choices([...REPLAY_FORMATS]))
    .option('--log-format <string>', 'nginx: the log_format the log was written with')
    .addHelpText('after', '\nThe fragment (stdout, JSON) has Traffic and ServiceTime keys to merge into a scenario; the fit is explained on stderr.\nExit codes: 0 ok, 2 a log that cannot be read or has no valid line, or usage.')
    .action((logs: string[], options: FitOptions) => setExit(fitCommand(logs, options)));
}
