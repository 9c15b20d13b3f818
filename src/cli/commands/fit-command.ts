// `lbsim fit LOG…`: describes access logs as a scenario fragment on stdout (rate, request mix,
// fitted service time) and explains the fit on stderr. Exit 2 when the logs cannot be read.

import { REPLAY_FORMATS, type ReplayFormat } from '../../model/config.js';
import { detectFormat } from '../../replay/fit/detect-format.js';
import { fitFragment, fitLog, fitSummaryLines } from '../../replay/fit/fit-log.js';
import { replaySummaryLines } from '../../replay/run-replay.js';
import { ExitCode, UsageError } from '../exit-codes.js';

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
