// The live-mode commands of the command line (live, instances): arguments, options and help. The
// live layer (sockets, real timers) is imported only when one of them runs.

import { Option, type Command } from 'commander';
import { UsageError } from '../exit-codes.js';
import { liveCommand, type LiveOptions } from '../commands/live-command.js';
import { loadOrExit } from '../load-scenario.js';
import type { SetExit } from './regression-program.js';
import { colorWanted } from '../output/color.js';

interface InstancesOptions {
  portBase?: string;
}

export function addLiveCommands(program: Command, setExit: SetExit): void {
  program
    .command('live')
    .description('play a scenario on real sockets: its instances, a proxy with the profile and a load generator on 127.0.0.1; report as run does')
    .argument('<file>', 'scenario JSON')
    .option('--speed <k>', 'scenario time runs K times faster than the wall clock: timeline, intervals and timeouts divided by K, rates multiplied by K', '1')
    .option('--check', 'also simulate the scenario at 20 seeds from its own, and list where the live run lies in their spread and where not (exit 1 if it differs)')
    .option('--seed <n>', 'override the scenario Seed')
    .option('--duration <d>', 'override the scenario Duration (seconds, or "90s", "10m")')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json']).default('text'))
    .option('--no-color', 'plain text even on a terminal')
    .addHelpText(
      'after',
      [
        '',
        'The report has the shape of `lbsim run`, with times in scenario seconds. A live run is real:',
        'timings carry the machine\'s noise, so its figures match the simulation within tolerances, not',
        'byte for byte. A speed whose real request rate one machine cannot send is refused with the',
        'fastest speed that works; requests sent late are counted in the report.',
        '',
        'Example:',
        '  lbsim live scenarios/crash-caught-by-health-checks.json --speed 20',
        '',
        'Exit codes: 0 ok, 1 an Expect assertion failed (or, with --check, the live run differs from the',
        'simulation beyond the tolerances), 2 invalid input or usage, 130 stopped by Ctrl-C',
        '(the report then covers the time that ran).',
      ].join('\n'),
    )
    .action((file: string, options: LiveOptions) => setExit(liveCommand(file, { ...options, color: colorWanted(options.color) })));

  program
    .command('instances')
    .description("serve only the scenario's instances on 127.0.0.1 and play its Events timeline in real time, to put a real balancer in front of them")
    .argument('<file>', 'scenario JSON')
    .option('--port-base <p>', 'the first instance listens on P, the next ones on P+1, … in file order (default: any free ports)')
    .addHelpText(
      'after',
      [
        '',
        'Prints one JSON line per instance, {"instanceId": "i-1", "url": "http://127.0.0.1:8081"}, then one',
        'line on stderr per timeline change. Stops at the scenario Duration or on Ctrl-C (SIGINT) or SIGTERM.',
        '',
        'Example:',
        '  lbsim instances scenarios/crash-caught-by-health-checks.json --port-base 8081',
        '',
        'Exit codes: 0 stopped, 2 invalid input, usage, or a port that cannot be listened on.',
      ].join('\n'),
    )
    .action((file: string, options: InstancesOptions) => setExit(instancesCommand(file, options)));
}

async function instancesCommand(file: string, options: InstancesOptions): Promise<number> {
  const scenario = loadOrExit(file);
  const portBase = parsePortBase(options.portBase, scenario.instances.length);
  const { serveInstances } = await import('../../live/serve-instances.js');
  try {
    return await serveInstances(scenario, { portBase, speed: 1, out: process.stdout, log: process.stderr });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') throw new UsageError(`--port-base: ${(error as Error).message}`);
    throw error;
  }
}

function parsePortBase(text: string | undefined, instances: number): number {
  if (text === undefined) return 0;
  const port = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(port) || port < 1 || port + instances - 1 > 65535) {
    throw new UsageError(`--port-base: expected a port from 1 to ${65536 - instances} (${instances} instance(s) from it), got "${text}"`);
  }
  return port;
}
