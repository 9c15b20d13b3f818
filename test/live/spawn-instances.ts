// Starts `lbsim instances FILE` as a child process, as a user does, and reads its JSON lines.
// The caller must stop() it (afterEach or finally): stop() sends SIGTERM and waits for the exit.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { lbsimArgv, repo } from '../helpers/cli.js';

export interface Served {
  child: ChildProcess;
  instances: Array<{ instanceId: string; url: string }>;
  /** Everything written to stderr so far (the timeline lines). */
  log(): string;
  /** SIGTERM (once), then the exit code; SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<number | null>;
}

export async function spawnInstances(file: string, count: number, ...args: string[]): Promise<Served> {
  const child = spawn(process.execPath, lbsimArgv('instances', file, ...args), {
    cwd: repo,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (data: Buffer) => (stderr += data.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const served: Served = {
    child,
    instances: [],
    log: () => stderr,
    async stop(graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  const lines = createInterface({ input: child.stdout! });
  try {
    for await (const line of lines) {
      served.instances.push(JSON.parse(line) as { instanceId: string; url: string });
      if (served.instances.length === count) break;
    }
  } catch (error) {
    await served.stop();
    throw error;
  }
  if (served.instances.length < count) {
    await served.stop();
    throw new Error(`lbsim instances printed ${served.instances.length} of ${count} lines; stderr:\n${stderr}`);
  }
  return served;
}
