// The regression-testing commands of the command line (test, sweep, merge, compare, schema): their
// arguments, options and help. program.ts adds them beside run, validate and explain.

import { Command, Option } from 'commander';
import { compareCommand, type CompareOptions } from '../commands/compare-command.js';
import { mergeCommand, type MergeOptions } from '../commands/merge-command.js';
import { schemaCommand } from '../commands/schema-command.js';
import { sweepCommand, type SweepOptions } from '../commands/sweep-command.js';
import { testCommand, type TestOptions } from '../commands/test-command.js';

export type SetExit = (code: number | Promise<number>) => void;

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

const JOBS = 'worker threads to run on (default: every core)';
const METRIC = 'a path in the JSON summary to report, such as latency.p99 (repeatable; default: the Expect metrics, else gatewayErrors.total, latency.p99 and incidents.count)';
const EXIT_CODES = 'Exit codes: 0 ok, 2 invalid input or usage.';

export function addRegressionCommands(program: Command, setExit: SetExit): void {
  addTest(program, setExit);
  addSweep(program, setExit);
  addMerge(program, setExit);
  addCompare(program, setExit);
  program
    .command('schema')
    .description('print the JSON Schema of scenario files (editors complete and check files with "$schema": "./schema.json")')
    .option('--out <file>', 'write it to this file instead of standard output')
    .action((options: { out?: string }) => setExit(schemaCommand(options)));
}

function addTest(program: Command, setExit: SetExit): void {
  program
    .command('test')
    .description('run scenario files and check their Expect assertions: a table, optional JUnit XML, exit 1 when one fails')
    .argument('<paths...>', 'scenario files, folders (their .json files, schema.json excepted) or quoted globs such as "scenarios/**/*.json"')
    .option('--seeds <n>', "check each assertion over N seeds: the scenario's Seed, Seed+1, … (default 1)")
    .option('--quantile <q>', 'with --seeds, the share of the seeds on which an assertion must hold, 0 < q ≤ 1 (default 1: every seed)')
    .option('--seed <n>', "the first seed, instead of each scenario's Seed")
    .option('--junit <file>', 'also write JUnit XML: one testsuite per file, one testcase per assertion')
    .option('--jobs <n>', JOBS)
    .addHelpText(
      'after',
      [
        '',
        'Every file is validated before anything runs; each error is printed as file:line:column.',
        'With --seeds 10 --quantile 0.9 an assertion passes when it holds on at least 9 of the 10 seeds.',
        '',
        'Examples:',
        '  lbsim test scenarios/ --junit junit.xml',
        '  lbsim test "checks/**/*.json" --seeds 10 --quantile 0.9',
        '',
        'Exit codes: 0 every assertion holds, 1 an assertion failed, 2 invalid input or usage.',
      ].join('\n'),
    )
    .action((paths: string[], options: TestOptions) => setExit(testCommand(paths, options)));
}

function addSweep(program: Command, setExit: SetExit): void {
  program
    .command('sweep')
    .description('run a grid of settings × seeds on worker threads; per grid point the mean and 95% interval of each metric')
    .argument('<file>', 'scenario JSON')
    .option('--set <path=values>', 'a key path of the scenario and the values to try, comma-separated: HealthCheck.Interval=5,10,30 (repeat for a grid; values are JSON where they parse, else strings)', collect)
    .option('--seeds <n>', 'runs per grid point, on seeds Seed, Seed+1, … (default 1); every point uses the same seeds')
    .option('--seed <n>', "the first seed (default: the scenario's Seed)")
    .option('--metric <path>', METRIC, collect)
    .addOption(new Option('--format <format>', 'output format (default: table; json with --shard)').choices(['table', 'json', 'csv']))
    .option('--jobs <n>', JOBS)
    .option('--shard <i/n>', 'run only slice i of n (1-based) of the work units (grid point × seed, in a fixed order) and print JSON for lbsim merge')
    .addHelpText(
      'after',
      [
        '',
        'Each cell is the mean over the seeds ± the half-width of its 95% confidence interval, from',
        "Student's t with n − 1 degrees of freedom (no interval below 2 seeds). Every value given",
        'with --set is validated like the file itself: a bad one is exit 2, naming the path.',
        '',
        'Examples:',
        '  lbsim sweep scenarios/crash-caught-by-health-checks.json --set HealthCheck.Interval=5,10,30 --seeds 10',
        '  lbsim sweep big.json --set HealthCheck.Interval=5,10 --set Balancing.Algorithm=round-robin,random --seeds 20 --shard 2/4 > shard-2.json',
        '',
        EXIT_CODES,
      ].join('\n'),
    )
    .action((file: string, options: SweepOptions) => setExit(sweepCommand(file, options)));
}

function addMerge(program: Command, setExit: SetExit): void {
  program
    .command('merge')
    .description('combine the outputs of lbsim sweep --shard i/n into what the unsharded sweep prints')
    .argument('<files...>', 'the JSON output of every shard, each once')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'table', 'csv']).default('json'))
    .addHelpText('after', `\nAll shards must come from the same sweep (file contents, --set, --seeds, --seed, --metric).\n\n${EXIT_CODES}`)
    .action((files: string[], options: MergeOptions) => setExit(mergeCommand(files, options)));
}

function addCompare(program: Command, setExit: SetExit): void {
  program
    .command('compare')
    .description('run two scenarios on the same seeds and report per metric A, B and the paired difference B − A with its 95% interval')
    .argument('<a>', 'scenario A (the baseline)')
    .argument('<b>', 'scenario B (the change)')
    .option('--seeds <n>', "common seeds: both run on A's Seed, Seed+1, … (default 1; 10 or more for a useful interval)")
    .option('--seed <n>', "the first seed (default: A's Seed)")
    .option('--metric <path>', METRIC, collect)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--jobs <n>', JOBS)
    .addHelpText(
      'after',
      [
        '',
        'Common random numbers: on each seed A and B draw from the same named random streams, so the',
        'difference per seed shows the change, not the luck. The interval is Student t over the paired',
        'differences. --format json prints rows {metric, a, b, meanDifference, ci95: [low, high]}.',
        '',
        'Example:',
        '  lbsim compare interval-30.json interval-10.json --seeds 20',
        '',
        EXIT_CODES,
      ].join('\n'),
    )
    .action((a: string, b: string, options: CompareOptions) => setExit(compareCommand(a, b, options)));
}
