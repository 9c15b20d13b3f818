// A scenario's instances in process: the model's timeline on the real-time clock, scaled by speed
// (a crash at 2s scenario time happens 200 ms in at speed 10), and close() frees every port.

import { afterEach, describe, expect, it } from 'vitest';
import { InstancePool } from '../../src/live/instance-pool.js';
import { fault, instance, setup } from '../helpers/setup.js';
import { get, tcpConnect } from './live-helpers.js';

let pool: InstancePool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('InstancePool', () => {
  it('plays the timeline at speed K and stops everything on close', async () => {
    const events = [fault(0, 2000, 'crash', ['i-1'], { durationMs: 3000 }), fault(1, 1000, 'errors', ['i-2'], { params: { status: 503 } })];
    const quick = { serviceTime: { distribution: 'constant' as const, meanMs: 5 } };
    pool = await InstancePool.start(setup({ instances: [instance('i-1', quick), instance('i-2', quick)], events }), { portBase: 0, speed: 10 });
    const [one, two] = [pool.instances[0]!, pool.instances[1]!];
    expect(await get(one.url)).toMatchObject({ status: 200 });
    expect(await get(two.url)).toMatchObject({ status: 200 });
    await sleep(250);
    await pool.settled();
    expect(pool.scheduler.nowMs()).toBeGreaterThanOrEqual(2000);
    expect(await tcpConnect(Number(new URL(one.url).port), 300)).toBe('refused');
    expect(await get(two.url)).toMatchObject({ status: 503, body: '{"error":"i-2: 503 Service Unavailable"}' });
    await sleep(300);
    await pool.settled();
    expect(await get(one.url)).toMatchObject({ status: 200 });
    const ports = pool.instances.map((i) => Number(new URL(i.url).port));
    await pool.close();
    pool = null;
    for (const port of ports) expect(await tcpConnect(port, 300)).toBe('refused');
  });
});
