// blackhole on real ports at speed 40 (1 real ms = 40 scenario ms): connects time out for the whole
// fault, never refused; it starts and ends within ~500 scenario ms (a few real ms); close() leaves no process nor port.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FaultEventConfig } from '../../src/model/config.js';
import { InstancePool } from '../../src/live/instance-pool.js';
import { repo } from '../helpers/cli.js';
import { fault, instance, setup } from '../helpers/setup.js';
import { get, tcpConnect } from './live-helpers.js';

const SPEED = 40;
/**
 * How late (scenario ms) the port may follow a blackhole's start or end: 12.5 real ms at speed 40, for
 * the listener closing or reopening (a listen() on loopback), an event-loop turn and the 1 real ms poll
 * of firstOpenAfter; a full `npm test` once saw 8.9 real ms (355 scenario ms) on a quiet machine.
 */
const SLACK_MS = 500;
/** A connect that has not opened after this many real ms (1 scenario s) counts as silent: loopback opens in well under 1 ms. */
const SILENT_WAIT_MS = 25;

let pool: InstancePool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

/**
 * Scenario times at which the timeline actually ran each fault's start and end. Slack is counted from
 * these: a timer firing late on a busy test process is the scheduler's business (tested on its own).
 */
let ran: Array<{ index: number; phase: string; atMs: number }> = [];

async function start(events: FaultEventConfig[], ids = ['i-1']): Promise<InstancePool> {
  const quick = { serviceTime: { distribution: 'constant' as const, meanMs: 5 } };
  ran = [];
  const onFault = (event: FaultEventConfig, phase: string, atMs: number) => ran.push({ index: event.index, phase, atMs });
  pool = await InstancePool.start(setup({ instances: ids.map((id) => instance(id, quick)), events }), { portBase: 0, speed: SPEED, onFault });
  return pool;
}

const portOf = (p: InstancePool, i: number) => Number(new URL(p.instances[i]!.url).port);

/** Waits until Events[index]'s start or end has run, then SLACK_MS more; returns that scenario time. */
async function slackAfter(p: InstancePool, index: number, phase: 'start' | 'end'): Promise<number> {
  let entry = ran.find((r) => r.index === index && r.phase === phase);
  for (; !entry; entry = ran.find((r) => r.index === index && r.phase === phase)) await new Promise((resolve) => setTimeout(resolve, 1));
  await until(p, entry.atMs + SLACK_MS);
  return entry.atMs + SLACK_MS;
}

/** Waits for scenario time `atMs` (no wait if it is past). */
async function until(p: InstancePool, atMs: number): Promise<void> {
  while (p.scheduler.nowMs() < atMs) await new Promise((resolve) => setTimeout(resolve, 1));
}

/** Connects every real ms from `fromMs` until one opens; the scenario time that one was started at. */
async function firstOpenAfter(p: InstancePool, i: number, fromMs: number, giveUpMs: number): Promise<number> {
  await until(p, fromMs);
  while (p.scheduler.nowMs() < giveUpMs) {
    const at = p.scheduler.nowMs();
    if ((await tcpConnect(portOf(p, i), 1)) === 'open') return at;
  }
  return Infinity;
}

/** Connects started at each scenario time in `times` (overlapping): resolves once the last has started, to their outcomes. */
async function sample(p: InstancePool, i: number, times: number[]): Promise<Array<Promise<string>>> {
  const outcomes: Array<Promise<string>> = [];
  for (const atMs of times) {
    await until(p, atMs);
    outcomes.push(tcpConnect(portOf(p, i), SILENT_WAIT_MS));
  }
  // An array, not Promise.all: an async function returning a promise would wait for it.
  return outcomes;
}

/** 'listening' when nobody holds `port` (a refused connect alone could be a stalled event loop's timeout), else the error code. */
async function tryListen(port: number): Promise<string> {
  const server = createServer();
  const outcome = await new Promise<string>((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen(port, '127.0.0.1', () => resolve('listening'));
  });
  server.close();
  return outcome;
}

const every = (fromMs: number, toMs: number, stepMs: number) => Array.from({ length: Math.floor((toMs - fromMs) / stepMs) + 1 }, (_, k) => fromMs + k * stepMs);

describe('live blackhole at speed 40', () => {
  it('from 2s for 4s: open before; connects time out throughout (never refused); open and serving right after', async () => {
    const p = await start([fault(0, 2000, 'blackhole', ['i-1'], { durationMs: 4000 })]);
    expect(await Promise.all(await sample(p, 0, [500, 1500]))).toEqual(['open', 'open']);
    const during = await sample(p, 0, every(await slackAfter(p, 0, 'start'), 5800, 250));
    await slackAfter(p, 0, 'end');
    expect(await tcpConnect(portOf(p, 0), SILENT_WAIT_MS)).toBe('open');
    expect(await get(p.instances[0]!.url)).toMatchObject({ status: 200 });
    expect(during.length).toBeGreaterThanOrEqual(12);
    expect(await Promise.all(during)).toEqual(during.map(() => 'silent'));
  });

  it('two blackholes in a row on one instance, overlapping a third on another: each port follows its own', async () => {
    const events = [
      fault(0, 2000, 'blackhole', ['i-1'], { durationMs: 2000 }),
      fault(1, 6000, 'blackhole', ['i-1'], { durationMs: 2000 }),
      fault(2, 3000, 'blackhole', ['i-2'], { durationMs: 4000 }),
    ];
    const p = await start(events, ['i-1', 'i-2']);
    // Each check takes up to SILENT_WAIT_MS (1 scenario s), well before the next change is due.
    const both = () => Promise.all([tcpConnect(portOf(p, 0), SILENT_WAIT_MS), tcpConnect(portOf(p, 1), SILENT_WAIT_MS)]);
    await until(p, 1000);
    expect(await both()).toEqual(['open', 'open']);
    await slackAfter(p, 2, 'start');
    expect(await both()).toEqual(['silent', 'silent']);
    await slackAfter(p, 0, 'end');
    expect(await both()).toEqual(['open', 'silent']);
    await slackAfter(p, 1, 'start');
    expect(await both()).toEqual(['silent', 'silent']);
    await slackAfter(p, 2, 'end');
    expect(await both()).toEqual(['silent', 'open']);
    await slackAfter(p, 1, 'end');
    expect(await both()).toEqual(['open', 'open']);
    expect(await get(p.instances[0]!.url)).toMatchObject({ status: 200 });
    expect(await get(p.instances[1]!.url)).toMatchObject({ status: 200 });
  });

  it('a 1s blackhole is in force within 500 scenario ms of its start and over within 500 ms of its end', async () => {
    const p = await start([fault(0, 2000, 'blackhole', ['i-1'], { durationMs: 1000 })]);
    const during = await sample(p, 0, [await slackAfter(p, 0, 'start'), 2700]);
    const reopened = await firstOpenAfter(p, 0, 3000, 8000);
    const ended = ran.find((r) => r.phase === 'end')!.atMs;
    expect(reopened - ended).toBeLessThanOrEqual(SLACK_MS);
    expect(await Promise.all(during)).toEqual(['silent', 'silent']);
  });

  it('close() during a blackhole kills its child process and frees the port', async () => {
    const p = await start([fault(0, 1000, 'blackhole', ['i-1'])]);
    await slackAfter(p, 0, 'start');
    expect(await tcpConnect(portOf(p, 0), SILENT_WAIT_MS)).toBe('silent');
    const pid = p.instances[0]!.blackholePid;
    expect(pid).toBeGreaterThan(0);
    const port = portOf(p, 0);
    await p.close();
    pool = null;
    expect(() => process.kill(pid!, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    expect(await tryListen(port)).toBe('listening');
  });

  it('a parent that dies without close() leaves no child holding the port', async () => {
    // The parent: a blackhole in force on a free port, then it waits to be killed.
    const script = `
      import { createServer } from 'node:net';
      import { BlackholeListener } from ${JSON.stringify(join(repo, 'src/live/blackhole-listener.ts'))};
      const probe = createServer().listen(0, '127.0.0.1');
      await new Promise((resolve) => probe.once('listening', resolve));
      const port = probe.address().port;
      probe.close();
      const blackhole = new BlackholeListener();
      await blackhole.start(port);
      console.log(blackhole.pid, port);
      setInterval(() => undefined, 1000);`;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = once(parent, 'exit');
    const line = await Promise.race([once(parent.stdout!, 'data').then(([data]) => String(data)), exited.then(() => 'exited early')]);
    const [pid, port] = line.trim().split(' ').map(Number) as [number, number];
    expect(pid).toBeGreaterThan(0);
    expect(await tcpConnect(port, SILENT_WAIT_MS)).toBe('silent');
    parent.kill('SIGKILL');
    await exited;
    // Running, not a zombie: pid 1 reaps the orphan whenever it gets to it, but an exited process holds nothing.
    const alive = () => {
      try {
        return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    // A zombie's other threads may still be finishing (they share its sockets): wait for both signs, bounded.
    const deadline = performance.now() + 2000;
    while ((alive() || (await tryListen(port)) !== 'listening') && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(alive()).toBe(false);
    expect(await tryListen(port)).toBe('listening');
  }, 15_000);
});
