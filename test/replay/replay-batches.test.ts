// simulateReplayed runs the kernel up to, not including, the last arrival of each batch, so how a
// trace is cut into batches never changes the run: one arrival at a time, uneven cuts and the whole
// trace at once give the same event log, ties on one instant (health checks every 30 s) included.
import { describe, expect, it } from 'vitest';
import type { RequestKind } from '../../src/model/config.js';
import type { SimEvent } from '../../src/model/run/events.js';
import type { ReplayArrival } from '../../src/model/traffic/replay-traffic.js';
import { simulateReplayed } from '../../src/simulate.js';
import { instance, setup } from '../helpers/setup.js';

const kind: RequestKind = { method: 'GET', path: '/', weight: 1 };

/** Arrivals on whole milliseconds (so many share an instant with a probe), 1 in 4 with no logged time. */
function trace(): ReplayArrival[] {
  const arrivals: ReplayArrival[] = [];
  for (let i = 0; i < 3000; i++) arrivals.push({ atMs: Math.floor(i * 20 + (i % 7) * 3), kind, client: i % 50, serviceMs: i % 4 === 0 ? -1 : 5 + (i % 11) * 9 });
  // Equal times inside one batch and across batch edges.
  arrivals.splice(1500, 0, { ...arrivals[1500]! }, { ...arrivals[1500]! });
  return arrivals;
}

function run(cut: (arrivals: ReplayArrival[]) => ReplayArrival[][]): string {
  const events: SimEvent[] = [];
  const config = setup({ durationMs: 70_000, instances: [instance('i-1', { serviceTimeFromLog: true, concurrency: 2 }), instance('i-2', { serviceTimeFromLog: true, concurrency: 2 })] });
  const steps = simulateReplayed(config, { sink: { emit: (e) => events.push(e) }, logRequests: true });
  let step = steps.next();
  const batches = cut(trace());
  let next = 0;
  while (step.done !== true) step = steps.next(batches[next++] ?? null);
  return JSON.stringify(events);
}

const chunks = (size: number) => (arrivals: ReplayArrival[]) => Array.from({ length: Math.ceil(arrivals.length / size) }, (_, i) => arrivals.slice(i * size, (i + 1) * size));

describe('replayed arrivals in batches', () => {
  it('give the same event log however the trace is cut', () => {
    const whole = run((arrivals) => [arrivals]);
    expect(whole.length).toBeGreaterThan(100_000);
    expect(run(chunks(1))).toBe(whole);
    expect(run(chunks(7))).toBe(whole);
    expect(run(chunks(1501))).toBe(whole);
  });
});
