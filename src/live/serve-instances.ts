// `lbsim instances`: serves a scenario's instances, prints one JSON line per instance, plays the
// Events timeline in real time and stops everything at Duration or on SIGINT/SIGTERM.

import type { Writable } from 'node:stream';
import type { FaultEventConfig, SimulationSetup } from '../model/config.js';
import { formatDurationMs } from '../scenario/duration.js';
import { InstancePool } from './instance-pool.js';

export interface ServeInstancesOptions {
  /** 0: any free ports. */
  portBase: number;
  speed: number;
  /** The JSON lines {"instanceId", "url"}. */
  out: Writable;
  /** One line per timeline change, for the person watching. */
  log: Writable;
}

export async function serveInstances(setup: SimulationSetup, options: ServeInstancesOptions): Promise<number> {
  const onFault = (event: FaultEventConfig, phase: 'start' | 'end', atMs: number) =>
    options.log.write(`${formatDurationMs(Math.round(atMs))} Events[${event.index}] ${event.fault} ${phase}: ${event.instanceIds.join(', ')}\n`);
  const pool = await InstancePool.start(setup, { portBase: options.portBase, speed: options.speed, onFault });
  try {
    for (const instance of pool.instances) options.out.write(JSON.stringify({ instanceId: instance.id, url: instance.url }) + '\n');
    const why = await untilDurationOrSignal(setup.durationMs / options.speed);
    options.log.write(`stopping (${why}): closing ${pool.instances.length} instance(s)\n`);
  } finally {
    await pool.close();
  }
  return 0;
}

function untilDurationOrSignal(realMs: number): Promise<string> {
  return new Promise((resolve) => {
    const finish = (why: string) => {
      clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(why);
    };
    const onSignal = (signal: NodeJS.Signals) => finish(signal);
    const timer = setTimeout(() => finish('Duration reached'), realMs);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
