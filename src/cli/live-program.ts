// The live-mode commands of the command line (instances): arguments, options and help. The live
// layer (sockets, real timers) is imported only when one of them runs.

import type { Command } from 'commander';
import { UsageError } from './exit-codes.js';
import { loadOrExit } from './load-scenario.js';
import type { SetExit } from './regression-program.js';

interface InstancesOptions {
  portBase?: string;
}

export function addLiveCommands(program: Command, setExit: SetExit): void {
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
  const { serveInstances } = await import('../live/serve-instances.js');
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
