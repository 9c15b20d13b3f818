// `lbsim instances` as a user runs it: one JSON line per instance, the Events timeline played in real
// time (a crash refuses connections, its end serves again), and a clean stop on SIGTERM or at Duration.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { get, tcpConnect } from '../live/live-helpers.js';
import { spawnInstances, type Served } from '../live/spawn-instances.js';
import { lbsim } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'lbsim-instances-'));
let served: Served | null = null;
afterEach(async () => {
  await served?.stop();
  served = null;
});

function scenario(name: string, extra: object): string {
  const file = join(dir, `${name}.json`);
  const base = {
    LoadBalancerName: 'live-test',
    Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 }],
    HealthCheck: { Target: 'HTTP:80/health', Interval: 5, Timeout: 2, UnhealthyThreshold: 2, HealthyThreshold: 2 },
    Instances: [{ InstanceId: 'i-1' }, { InstanceId: 'i-2' }],
  };
  writeFileSync(file, JSON.stringify({ ...base, ...extra }));
  return file;
}

const port = (url: string) => Number(new URL(url).port);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('lbsim instances', () => {
  it('prints {"instanceId","url"} per instance, plays the timeline, stops on SIGTERM with every port closed', async () => {
    const file = scenario('crash', { Duration: '1m', Events: [{ At: '800ms', Instance: 'i-1', Fault: 'crash', Duration: '800ms' }] });
    served = await spawnInstances(file, 2);
    const t0 = performance.now();
    const until = (ms: number) => sleep(Math.max(0, t0 + ms - performance.now()));
    expect(served.instances.map((i) => i.instanceId)).toEqual(['i-1', 'i-2']);
    const [one, two] = [served.instances[0]!, served.instances[1]!];
    expect(one.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await get(one.url, '/health')).toMatchObject({ status: 200 });
    await until(1100);
    expect(await tcpConnect(port(one.url), 500)).toBe('refused');
    expect(await get(two.url)).toMatchObject({ status: 200 });
    await until(1900);
    expect(await get(one.url)).toMatchObject({ status: 200 });
    expect(await served.stop()).toBe(0);
    expect(served.log()).toMatch(/Events\[0\] crash start: i-1[\s\S]*Events\[0\] crash end: i-1[\s\S]*stopping \(SIGTERM\)/);
    for (const instance of served.instances) expect(await tcpConnect(port(instance.url), 500)).toBe('refused');
  });

  it('exits by itself at Duration; --port-base puts the instances on P, P+1 in file order', async () => {
    const base = await freePortPair();
    served = await spawnInstances(scenario('short', { Duration: '1s' }), 2, '--port-base', String(base));
    expect(served.instances.map((i) => port(i.url))).toEqual([base, base + 1]);
    const code = await new Promise((resolve) => served!.child.once('exit', resolve));
    expect(code).toBe(0);
    expect(await tcpConnect(base, 500)).toBe('refused');
  });

  it('rejects a bad --port-base with exit 2', () => {
    const result = lbsim('instances', scenario('bad', {}), '--port-base', '65535');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--port-base: expected a port from 1 to 65534/);
  });
});

/** Whether 127.0.0.1:port can be listened on now. */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * P with P and P+1 both free, below Linux's ephemeral range (32768 and up, where outgoing connections
 * take their ports): a random base alone once met a port in use (EADDRINUSE in a CI run).
 */
async function freePortPair(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const base = 20000 + Math.floor(Math.random() * 12000);
    if ((await canListen(base)) && (await canListen(base + 1))) return base;
  }
  throw new Error('no free pair of ports in 20000-32000 after 50 tries');
}

process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
