// The live proxy on loopback in front of two live instances: pass-through, the profile's gateway
// answers for refused connections and response timeouts, and active checks taking a crashed
// instance out. Everything started here is closed in afterEach.

import { afterEach, describe, expect, it } from 'vitest';
import type { ProfileName } from '../../src/model/outcome.js';
import { PROFILES } from '../../src/model/profiles.js';
import type { SimulationSetup } from '../../src/model/config.js';
import { LiveProxy } from '../../src/live/proxy/live-proxy.js';
import { instance, setup } from '../helpers/setup.js';
import { buildInstance, get, type Built } from './live-helpers.js';

let built: Built[] = [];
let proxy: LiveProxy | null = null;
afterEach(async () => {
  await proxy?.close();
  await Promise.all(built.map((b) => b.live.close()));
  proxy = null;
  built = [];
});

function scenario(profile: ProfileName, balancer: Partial<SimulationSetup['balancer']> = {}, check = {}): SimulationSetup {
  const base = setup({ instances: [instance('i-1'), instance('i-2')] });
  return {
    ...base,
    balancer: { ...base.balancer, profile, behaviour: PROFILES[profile].behaviour, algorithm: 'round-robin', ...balancer },
    healthCheck: { ...base.healthCheck, ...check },
  };
}

async function start(profile: ProfileName, balancer = {}, check = {}): Promise<LiveProxy> {
  built = [buildInstance(), buildInstance()];
  for (const b of built) await b.live.listen(0);
  proxy = new LiveProxy({ setup: scenario(profile, balancer, check), urls: built.map((b) => b.live.url) });
  await proxy.listen(0);
  return proxy;
}

async function crash(b: Built): Promise<void> {
  b.apply('crash');
  await b.live.settled();
}

describe('live proxy', () => {
  it('passes a normal 200 through', async () => {
    const p = await start('aws-clb');
    const seen = await get(p.url, '/hello');
    expect(seen).toMatchObject({ status: 200, headers: { 'x-lbsim-instance': 'i-1' } });
    expect(JSON.parse((seen as { body: string }).body)).toMatchObject({ status: 200 });
    expect(p.errors).toEqual([]);
  });

  it.each([
    ['aws-clb', 503],
    ['nginx', 502],
  ] as const)('%s: both instances crashed → %i ConnectRefused, recorded', async (profile, status) => {
    const p = await start(profile);
    await Promise.all(built.map(crash));
    const seen = await get(p.url);
    expect(seen).toMatchObject({ status });
    const answered = seen as { body: string; headers: Record<string, unknown> };
    expect(JSON.parse(answered.body)).toHaveProperty('error');
    expect(answered.headers).toHaveProperty('date');
    expect(answered.headers).toHaveProperty('server', 'lbsim-proxy');
    expect(p.errors).toEqual([{ reason: 'ConnectRefused', status, instance: expect.stringMatching(/^i-[12]$/) }]);
  });

  it('a hung instance with a short response timeout → 504 ResponseTimeout', async () => {
    const p = await start('nginx', { idleTimeoutMs: 300 });
    for (const b of built) b.apply('hang');
    const seen = await get(p.url, '/', 3000);
    expect(seen).toMatchObject({ status: 504 });
    expect(p.errors).toEqual([{ reason: 'ResponseTimeout', status: 504, instance: 'i-1' }]);
    for (const b of built) b.end('hang');
  });

  it('active checks take a crashed instance out; traffic goes to the other one', async () => {
    const p = await start('aws-clb', {}, { protocol: 'HTTP', intervalMs: 100, timeoutMs: 80, unhealthyThreshold: 2 });
    await crash(built[0]!);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(p.backends.map((b) => b.belief)).toEqual(['OutOfService', 'InService']);
    const seen = await Promise.all([get(p.url), get(p.url), get(p.url)]);
    expect(seen.every((s) => 'status' in s && s.status === 200)).toBe(true);
    expect(p.errors).toEqual([]);
  });
});
