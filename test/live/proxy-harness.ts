// Starts the live proxy in front of live instances for the proxy tests, at a high speed, with an
// observer that keeps every call; close() stops the proxy and every instance (call it in afterEach).

import { request } from 'node:http';
import { afterEach } from 'vitest';
import type { HealthState, InstanceConfig, SimulationSetup } from '../../src/model/config.js';
import type { ProfileName } from '../../src/model/outcome.js';
import { PROFILES } from '../../src/model/profiles.js';
import { LiveProxy, type LiveProxyOptions } from '../../src/live/proxy/live-proxy.js';
import type { LiveAnswer, LiveProxyObserver } from '../../src/live/proxy/proxy-observer.js';
import { instance, setup } from '../helpers/setup.js';
import { buildInstance, type Built } from './live-helpers.js';

/** Scenario time runs 50 times faster: a 10 s connect timeout takes 200 ms. */
export const SPEED = 50;

export interface Seen {
  answers: LiveAnswer[];
  attempts: Array<{ node: string; instance: number; routedUnhealthy: boolean }>;
  probes: Array<{ node: string; instance: number; passed: boolean }>;
  beliefs: Array<{ node: string; instance: number; from: HealthState; to: HealthState; reason: string; probes: number }>;
}

export interface Harness {
  proxy: LiveProxy;
  built: Built[];
  seen: Seen;
  setup: SimulationSetup;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** One zone per instance (default: two instances in us-east-1a). */
  zones?: string[];
  instance?: Partial<InstanceConfig>;
  scheduler?: LiveProxyOptions['scheduler'];
}

function recorder(): LiveProxyObserver & { seen: Seen } {
  const seen: Seen = { answers: [], attempts: [], probes: [], beliefs: [] };
  return {
    seen,
    onAnswer: (answer) => seen.answers.push(answer),
    onAttempt: (node, index, _arrivalMs, routedUnhealthy) => seen.attempts.push({ node, instance: index, routedUnhealthy }),
    onProbe: (node, index, passed) => seen.probes.push({ node, instance: index, passed }),
    onBelief: (node, index, from, to, reason, probes) => seen.beliefs.push({ node, instance: index, from, to, reason, probes }),
  };
}

/** Checks every 300 s unless a test asks for more, so probes stay out of the way. */
export function scenario(profile: ProfileName, balancer: Partial<SimulationSetup['balancer']>, check: Partial<SimulationSetup['healthCheck']>, options: HarnessOptions): SimulationSetup {
  const zones = options.zones ?? ['us-east-1a', 'us-east-1a'];
  const instances = zones.map((zone, i) => instance(`i-${i + 1}`, { zone, serviceTime: { distribution: 'constant', meanMs: 5 }, ...options.instance }));
  const behaviour = PROFILES[profile].behaviour;
  const nodes = behaviour.nodePerZone ? [...new Set(zones)] : [profile];
  const base = setup({ instances });
  return {
    ...base,
    balancer: { ...base.balancer, profile, behaviour, nodes, algorithm: 'round-robin', ...balancer },
    healthCheck: { ...base.healthCheck, intervalMs: 300_000, timeoutMs: 5_000, ...check },
  };
}

export async function startProxy(
  profile: ProfileName,
  balancer: Partial<SimulationSetup['balancer']> = {},
  check: Partial<SimulationSetup['healthCheck']> = {},
  options: HarnessOptions = {},
): Promise<Harness> {
  const built: Built[] = [];
  let proxy: LiveProxy | null = null;
  const close = async () => {
    await proxy?.close();
    await Promise.all(built.map((b) => b.live.close()));
  };
  try {
    const theSetup = scenario(profile, balancer, check, options);
    for (const config of theSetup.instances) {
      const b = buildInstance({ ...options.instance, zone: config.zone }, SPEED);
      built.push(b);
      await b.live.listen(0);
    }
    const observer = recorder();
    proxy = new LiveProxy({ setup: theSetup, urls: built.map((b) => b.live.url), speed: SPEED, observer, scheduler: options.scheduler });
    await proxy.listen(0);
    if (options.scheduler) proxy.start();
    return { proxy, built, seen: observer.seen, setup: theSetup, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * One proxy at a time in a test file: the returned start() closes the one before, and an afterEach
 * closes the last, so no test leaves a listener behind.
 */
export function proxyPerTest(): (...args: Parameters<typeof startProxy>) => Promise<Harness> {
  let harness: Harness | null = null;
  afterEach(async () => {
    await harness?.close();
    harness = null;
  });
  return async (...args) => {
    await harness?.close();
    harness = await startProxy(...args);
    return harness;
  };
}

export async function crash(b: Built): Promise<void> {
  b.apply('crash');
  await b.live.settled();
}

export async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** One request with any method on a fresh connection; the status, or the client-side error code. */
export function send(url: string, method: string, path = '/', body = ''): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(`${url}${path}`, { method, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.setTimeout(5000, () => {
      resolve('silent');
      req.destroy();
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end(body);
  });
}
