// The live proxy on loopback in front of live instances, at a high speed: pass-through, the profile's
// gateway answers (refused, connect timeout, response timeout, malformed, reset), active checks, and
// what the observer hears. Everything started here is closed in afterEach.

import { afterEach, describe, expect, it } from 'vitest';
import { HEALTH_REASON } from '../../src/model/health/health-state.js';
import { RealTimeScheduler } from '../../src/live/realtime-scheduler.js';
import { get } from './live-helpers.js';
import { crash, SPEED, startProxy, waitFor, type Harness } from './proxy-harness.js';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

async function start(...args: Parameters<typeof startProxy>): Promise<Harness> {
  harness = await startProxy(...args);
  return harness;
}

describe('live proxy', () => {
  it('passes a normal 200 through and reports one answer and one attempt', async () => {
    const { proxy, seen } = await start('aws-clb');
    const answer = await get(proxy.url, '/hello');
    expect(answer).toMatchObject({ status: 200, headers: { 'x-lbsim-instance': 'i-1' } });
    expect(JSON.parse((answer as { body: string }).body)).toMatchObject({ status: 200 });
    expect(seen.answers).toEqual([expect.objectContaining({ node: 'us-east-1a', status: 200, reason: null, instance: 0, attempts: 1 })]);
    expect(seen.attempts).toEqual([{ node: 'us-east-1a', instance: 0, routedUnhealthy: false }]);
    const [only] = seen.answers;
    expect(only!.answeredMs).toBeGreaterThanOrEqual(only!.arrivalMs);
  });

  it.each([
    ['aws-clb', 503],
    ['nginx', 502],
  ] as const)('%s: both instances crashed → %i ConnectRefused after trying both', async (profile, status) => {
    const { proxy, built, seen } = await start(profile);
    await Promise.all(built.map(crash));
    const answer = await get(proxy.url);
    expect(answer).toMatchObject({ status });
    const answered = answer as { body: string; headers: Record<string, unknown> };
    expect(JSON.parse(answered.body)).toHaveProperty('error');
    expect(answered.headers).toHaveProperty('date');
    expect(answered.headers).toHaveProperty('server', 'lbsim-proxy');
    expect(seen.answers).toEqual([expect.objectContaining({ status, reason: 'ConnectRefused', attempts: 2 })]);
    expect(seen.attempts.map((a) => a.instance).sort()).toEqual([0, 1]);
  });

  it('a hung instance with a short response timeout → 504 ResponseTimeout (nginx tries both)', async () => {
    const { proxy, built, seen } = await start('nginx', { idleTimeoutMs: 10_000 });
    for (const b of built) b.apply('hang');
    const answer = await get(proxy.url, '/', 3000);
    expect(answer).toMatchObject({ status: 504 });
    // nginx passes a GET to the next server after a timeout: both were tried.
    expect(seen.answers).toEqual([expect.objectContaining({ status: 504, reason: 'ResponseTimeout', attempts: 2 })]);
    for (const b of built) b.end('hang');
  });

  it('both instances blackholed → CLB 504 ConnectTimeout after trying both', async () => {
    const { proxy, built, seen } = await start('aws-clb', { connectTimeoutMs: 10_000 });
    for (const b of built) b.apply('blackhole');
    await Promise.all(built.map((b) => b.live.settled()));
    const startedAt = performance.now();
    const answer = await get(proxy.url, '/', 5000);
    // AWS does not document CLB's status here (lb-semantics.md §1.2, UNVERIFIED); DESIGN.md marks 504 as inferred.
    expect(answer).toMatchObject({ status: 504 });
    // Two connect timeouts of 10 s scenario time each, at speed 50: at least 400 ms of real time.
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(380);
    expect(seen.answers).toEqual([expect.objectContaining({ status: 504, reason: 'ConnectTimeout', attempts: 2 })]);
  });

  it('a malformed answer → 502 MalformedResponse (CLB does not retry it)', async () => {
    const { proxy, built, seen } = await start('aws-clb');
    for (const b of built) b.apply('malformed');
    expect(await get(proxy.url)).toMatchObject({ status: 502 });
    expect(seen.answers).toEqual([expect.objectContaining({ status: 502, reason: 'MalformedResponse', instance: 0, attempts: 1 })]);
  });

  it('a reset → the profile\'s UpstreamReset status (CLB 504, ALB 502), not retried', async () => {
    // A premature backend close: CLB 504, ALB 502 (lb-semantics.md §6 row 6 and simulator note 3).
    for (const [profile, status] of [['aws-clb', 504], ['aws-alb', 502]] as const) {
      const { proxy, built, seen } = await start(profile);
      for (const b of built) b.apply('reset');
      expect(await get(proxy.url)).toMatchObject({ status });
      expect(seen.answers).toEqual([expect.objectContaining({ status, reason: 'UpstreamReset', attempts: 1 })]);
      await harness!.close();
      harness = null;
    }
  });

  it('active checks take a crashed instance out; traffic goes to the other one; probes and beliefs reported', async () => {
    const { proxy, built, seen } = await start('aws-clb', {}, { intervalMs: 5_000, timeoutMs: 2_000, unhealthyThreshold: 2 });
    await crash(built[0]!);
    // Phase < 100 ms real, then two failures 100 ms apart.
    await waitFor(() => seen.beliefs.length > 0, 2000);
    expect(seen.beliefs).toEqual([
      { node: 'us-east-1a', instance: 0, from: 'InService', to: 'OutOfService', reason: HEALTH_REASON.OutOfService, probes: 2 },
    ]);
    expect(proxy.nodes[0]!.slots.map((b) => b.belief)).toEqual(['OutOfService', 'InService']);
    expect(seen.probes.filter((p) => p.instance === 0 && !p.passed).length).toBeGreaterThanOrEqual(2);
    expect(seen.probes.filter((p) => p.instance === 1).every((p) => p.passed)).toBe(true);
    const answers = await Promise.all([get(proxy.url), get(proxy.url), get(proxy.url)]);
    expect(answers.every((s) => 'status' in s && s.status === 200)).toBe(true);
    expect(seen.answers.every((a) => a.instance === 1 && a.attempts === 1 && a.reason === null)).toBe(true);
  });

  it('reports exactly one answer per request, and as many attempts as the answers count', async () => {
    const { proxy, built, seen } = await start('nginx');
    built[1]!.apply('errors', { probability: 0.5, status: 500 });
    await crash(built[0]!);
    const answers = await Promise.all(Array.from({ length: 30 }, () => get(proxy.url)));
    expect(answers.every((a) => 'status' in a)).toBe(true);
    expect(seen.answers).toHaveLength(30);
    expect(seen.attempts).toHaveLength(seen.answers.reduce((sum, a) => sum + a.attempts, 0));
    const statuses = answers.map((a) => (a as { status: number }).status).sort();
    expect(seen.answers.map((a) => a.status).sort()).toEqual(statuses);
    // Backend 500s pass through with no reason; the proxy's own answers carry theirs.
    expect(seen.answers.filter((a) => a.status === 500).every((a) => a.reason === null && a.instance === 1)).toBe(true);
  });

  it('on a shared clock: does not restart it, and leaves it running when it closes', async () => {
    const scheduler = new RealTimeScheduler(SPEED);
    try {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const { proxy } = await start('aws-clb', {}, {}, { scheduler });
      expect(proxy.scheduler).toBe(scheduler);
      expect(scheduler.nowMs()).toBeGreaterThanOrEqual(20 * SPEED * 0.9);
      await harness!.close();
      harness = null;
      const fired = await new Promise<boolean>((resolve) => {
        scheduler.at(scheduler.nowMs() + 10, 0, () => resolve(true), null);
        setTimeout(() => resolve(false), 500);
      });
      expect(fired).toBe(true);
    } finally {
      scheduler.close();
    }
  });
});
