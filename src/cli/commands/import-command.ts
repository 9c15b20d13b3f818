// `lbsim import FILE [--format F] [--backend NAME] [--out FILE]`: a native balancer config becomes a
// complete scenario (JSON on stdout or --out); every directive lbsim does not model is listed on stderr.

import { writeFileSync } from 'node:fs';
import { formatScenarioError } from '../../scenario/errors.js';
import { importConfigFile } from '../../scenario/import/config-file.js';
import { spotText } from '../../scenario/import/index.js';
import type { ImportFormat } from '../../scenario/import/import-types.js';
import { ExitCode, UsageError } from '../exit-codes.js';

export interface ImportOptions {
  format?: ImportFormat;
  backend?: string;
  out?: string;
}

export function importCommand(file: string, options: ImportOptions): number {
  const outcome = importConfigFile(file, {
    ...(options.format === undefined ? {} : { format: options.format }),
    ...(options.backend === undefined ? {} : { backend: options.backend }),
  });
  if (!outcome.ok) {
    for (const error of outcome.errors) process.stderr.write(formatScenarioError(error) + '\n');
    return ExitCode.invalidInput;
  }
  const { config } = outcome;
  const text = JSON.stringify(config.scenario, null, 2) + '\n';
  if (options.out === undefined) process.stdout.write(text);
  else {
    try {
      writeFileSync(options.out, text);
    } catch (error) {
      throw new UsageError(`--out: cannot write ${options.out}: ${(error as Error).message}`);
    }
  }
  const instances = Array.isArray(config.scenario['Instances']) ? config.scenario['Instances'].length : 0;
  const name = String(config.scenario['LoadBalancerName']);
  process.stderr.write(
    `${file}: ${config.format} ${name}, ${instances} ${instances === 1 ? 'instance' : 'instances'}; ` +
      `${config.applied.length} directives applied, ${config.notModelled.length} not modelled${config.notModelled.length > 0 ? ':' : ''}\n`,
  );
  for (const note of config.notModelled) process.stderr.write(`  ${spotText(note)} ${note.directive}: ${note.detail}\n`);
  if (options.out !== undefined) process.stderr.write(`wrote ${options.out}; add Traffic, Events and Expect, then: lbsim run ${options.out}\n`);
  return ExitCode.ok;
}
