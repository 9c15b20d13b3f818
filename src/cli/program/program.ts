// The lbsim command line: parses argv with commander, dispatches to a command, and turns
// user mistakes into messages and exit code 2 (never a stack trace).

import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import pc from 'picocolors';
import { DEFAULT_ACCESS_LOG_START } from '../output/access-log-file.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { explainCommand, type ExplainOptions } from '../commands/explain-command.js';
import { importCommand, type ImportOptions } from '../commands/import-command.js';
import { addFitCommand } from '../commands/fit-command.js';
import { IMPORT_FORMATS } from '../../scenario/import/import-types.js';
import { InvalidScenario } from '../load-scenario.js';
import { ReplayInputError } from '../../replay/replay-stats.js';
import { replaySummaryLines } from '../../replay/run-replay.js';
import { addLiveCommands } from './live-program.js';
import { addRegressionCommands, type SetExit } from './regression-program.js';
import { runCommand, type RunOptions } from '../commands/run-command.js';
import { addServeCommand } from '../commands/serve-command.js';
import { validateCommand } from '../commands/validate-command.js';
import { colorWanted } from '../output/color.js';

function version(): string {
  const packageJson = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return packageJson.version;
}

function buildProgram(setExit: SetExit): Command {
  const program = new Command('lbsim')
    .description('Simulate a load balancer with health checks: when and why clients get 502, 503 and 504.')
    .version(version(), '-v, --version')
    .showHelpAfterError('(run "lbsim --help" for usage)')
    .exitOverride();

  program
    .command('run')
    .description('run a scenario file and print the report')
    .argument('<file>', 'scenario JSON (an ELB description plus instances, traffic and events)')
    .option('--seed <n>', 'override the scenario Seed')
    .option('--duration <d>', 'override the scenario Duration (seconds, or "90s", "10m")')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json']).default('text'))
    .option('--events <file>', 'write every event as NDJSON to this file')
    .option('--log-requests', 'with --events, also write one "request" event per finished request')
    .option('--access-log <file>', 'write one Classic ELB access-log line per finished request to this file')
    .option('--access-log-start <iso>', `the time simulated 0s maps to in the access log (default ${DEFAULT_ACCESS_LOG_START})`)
    .option('--html <file>', 'write a self-contained HTML report (charts, health swimlanes, incidents) that opens offline')
    .option('--no-color', 'plain text even on a terminal')
    .addHelpText('after', '\nExit codes: 0 ok, 1 an Expect assertion failed, 2 invalid input or usage.')
    .action((file: string, options: RunOptions) => setExit(runCommand(file, { ...options, color: colorWanted(options.color) })));

  program
    .command('explain')
    .description('explain one incident, one moment or one request of a run; without a selector, list the incidents')
    .argument('<file>', 'scenario JSON')
    .option('--incident <n>', 'the incident numbered N in the report: fault, health checks, detection lag, requests exposed')
    .option('--at <time>', 'a moment ("2m30s", "150s", 150): truth, belief and faults per instance, and what a request would meet')
    .option('--request <id>', 'a request id (as in --events and the access log): where it went, what it got and why')
    .option('--seed <n>', 'override the scenario Seed')
    .option('--duration <d>', 'override the scenario Duration (seconds, or "90s", "10m")')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', '\nExit codes: 0 ok, 2 invalid input, more than one selector, or a selector the run cannot answer.')
    .action((file: string, options: ExplainOptions) => setExit(explainCommand(file, options)));

  program
    .command('validate')
    .description('check scenario files and print every error with its line and column')
    .argument('<files...>', 'scenario JSON files')
    .action((files: string[]) => setExit(validateCommand(files)));

  program
    .command('import')
    .description('turn a native balancer config (haproxy.cfg, nginx.conf, Envoy YAML/JSON, an ALB target group, a Classic ELB) into a scenario')
    .argument('<file>', 'the config file')
    .addOption(new Option('--format <format>', 'the config format (detected when omitted)').choices([...IMPORT_FORMATS]))
    .option('--backend <name>', 'the backend, upstream, cluster or target group to take when the file has several')
    .option('--out <file>', 'write the scenario to this file instead of standard output')
    .addHelpText(
      'after',
      '\nThe scenario keeps the config\'s settings in lbsim\'s vocabulary; every directive lbsim does not model is listed\n' +
        '(stderr, and the scenario\'s Imported block, which the run report prints). Add Traffic, Events and Expect.\n' +
        'A scenario can also reference the config instead of a copy: "Config": {"File": "haproxy.cfg", "Backend": "app"}.\n' +
        '\nExit codes: 0 ok, 2 the config has errors (each with file:line:column) or usage.',
    )
    .action((file: string, options: ImportOptions) => setExit(importCommand(file, options)));

  addFitCommand(program, setExit);
  addRegressionCommands(program, setExit);
  addServeCommand(program, setExit);
  addLiveCommands(program, setExit);
  return program;
}

/** The commands that finish synchronously (run, validate, explain, merge, schema); see mainAsync. */
export function main(argv: readonly string[]): number {
  let exitCode: number | Promise<number> = ExitCode.ok;
  const program = buildProgram((code) => (exitCode = code));
  try {
    program.parse(argv as string[], { from: 'user' });
  } catch (error) {
    return handleError(error);
  }
  // Set by the action, which TypeScript cannot see: it would narrow the variable to its initial number.
  const code = exitCode as number | Promise<number>;
  if (typeof code !== 'number') {
    code.catch(() => undefined);
    throw new Error('this command finishes asynchronously: call mainAsync');
  }
  return code;
}

/** Every command, the asynchronous ones (test, sweep, compare on worker threads) included: what the executable calls. */
export async function mainAsync(argv: readonly string[]): Promise<number> {
  let exitCode: number | Promise<number> = ExitCode.ok;
  const program = buildProgram((code) => (exitCode = code));
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return await exitCode;
  } catch (error) {
    return handleError(error);
  }
}

function handleError(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version are "errors" to commander's exitOverride but successes to the user.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.invalidInput;
  }
  if (error instanceof InvalidScenario) {
    for (const line of error.lines) process.stderr.write(line + '\n');
    return ExitCode.invalidInput;
  }
  if (error instanceof ReplayInputError) {
    for (const line of [...replaySummaryLines(error.stats), ...error.lines]) process.stderr.write(`${line}\n`);
    return ExitCode.invalidInput;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`${pc.red('error:')} ${error.message}\n`);
    return ExitCode.invalidInput;
  }
  throw error;
}

