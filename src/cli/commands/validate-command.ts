// `lbsim validate FILE…`: checks each file and prints every error, or a one-line summary per valid file.

import { loadScenarioFile } from '../../scenario/load.js';
import { formatScenarioError } from '../../scenario/errors.js';
import { formatMs } from '../../sim/time.js';
import { ExitCode } from '../exit-codes.js';

export function validateCommand(files: readonly string[]): number {
  let invalid = 0;
  for (const file of files) {
    const loaded = loadScenarioFile(file);
    if (loaded.ok) {
      const s = loaded.scenario;
      const traffic = s.traffic.replay === undefined ? `${s.traffic.rate} req/s` : `replay of ${s.traffic.replay.files.join(', ')} (${s.traffic.replay.format})`;
      process.stdout.write(
        `${file}: ok (${s.name}: ${s.instances.length} instances, ${traffic}, ${formatMs(s.durationMs)}, ${s.events.length} ${s.events.length === 1 ? "event" : "events"})\n`,
      );
    } else {
      invalid++;
      for (const error of loaded.errors) process.stderr.write(formatScenarioError(error) + '\n');
    }
  }
  if (invalid > 0 && files.length > 1) process.stderr.write(`${invalid} of ${files.length} files are invalid\n`);
  return invalid > 0 ? ExitCode.invalidInput : ExitCode.ok;
}
