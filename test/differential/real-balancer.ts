// Runs a real HAProxy or nginx from a native config file as the current user, on 127.0.0.1, and
// keeps every line it writes (stdout and stderr) with the real time it arrived, for the log readers.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { childStopper, tcpConnect } from '../live/live-helpers.js';

export const HAPROXY = '/usr/sbin/haproxy';
export const NGINX = '/usr/sbin/nginx';
export type BalancerKind = 'haproxy' | 'nginx';

export interface TimedLine {
  /** performance.now() when the line reached us. */
  atMs: number;
  text: string;
}

export interface RunningBalancer {
  /** performance.now() just before the spawn. */
  spawnedAtMs: number;
  /** performance.now() when the listener first accepted: the balancer's loop (and HAProxy's check clock) is running. */
  readyAtMs: number;
  /** When the last probe that found no listener started: the loop started between this and readyAtMs. */
  notReadyAtMs: number;
  lines: TimedLine[];
  stop(): Promise<void>;
}

function command(kind: BalancerKind, config: string, dir: string): [string, string[]] {
  // -db: foreground, no daemon; the log goes to stdout (`log stdout format raw`).
  if (kind === 'haproxy') return [HAPROXY, ['-f', config, '-db']];
  // -e stderr: nginx opens its error log before reading the config; Debian's default path is not ours.
  return [NGINX, ['-p', dir, '-c', config, '-e', 'stderr']];
}

export async function startBalancer(kind: BalancerKind, config: string, dir: string, listenPort: number): Promise<RunningBalancer> {
  const [file, args] = command(kind, config, dir);
  const spawnedAtMs = performance.now();
  const child = spawn(file, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: TimedLine[] = [];
  const readers = [child.stdout!, child.stderr!].map((stream) => createInterface({ input: stream }).on('line', (text) => lines.push({ atMs: performance.now(), text })));
  // The process exits before its pipes are drained: stopping waits for the last lines as well.
  const closed = Promise.all(readers.map((reader) => once(reader, 'close')));
  const stopChild = childStopper(child);
  const stop = async () => {
    await stopChild();
    await closed;
  };
  let notReadyAtMs = spawnedAtMs;
  for (let tries = 0; tries < 500; tries++) {
    if (child.exitCode !== null) break;
    const probeAtMs = performance.now();
    if ((await tcpConnect(listenPort, 200)) === 'open') return { spawnedAtMs, readyAtMs: performance.now(), notReadyAtMs, lines, stop };
    notReadyAtMs = probeAtMs;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await stop();
  throw new Error(`${kind} did not listen on 127.0.0.1:${listenPort}:\n${lines.map((line) => line.text).join('\n')}`);
}
