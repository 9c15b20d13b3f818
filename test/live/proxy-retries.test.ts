// The live proxy's retries and passive feedback on loopback, with the model's rules: CLB and nginx
// trying the next instance, nginx not resending a POST, HAProxy's pause on the same server, Envoy's
// retry on 5xx, nginx's max_fails marking and Envoy's outlier ejection. Closed in afterEach.

import { describe, expect, it } from 'vitest';
import { OUTLIER_DEFAULTS } from '../../src/model/health/envoy-outlier.js';
import { OUTLIER_REASON } from '../../src/model/health/outlier-tracker.js';
import { PASSIVE_REASON } from '../../src/model/health/passive-tracker.js';
import { PROFILES } from '../../src/model/profiles.js';
import { get } from './live-helpers.js';
import { crash, send, SPEED, proxyPerTest, waitFor } from './proxy-harness.js';

const start = proxyPerTest();
/** HAProxy's turnaround before retrying a refused connection on the same server: min(timeout connect, 1 s) (§4.1). */
const HAPROXY_TURNAROUND_MS = 1_000;

/** Sequential GETs (so the round-robin order is known); their statuses. */
async function gets(url: string, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push(((await get(url)) as { status: number }).status);
  return statuses;
}

describe('live proxy retries', () => {
  it('CLB retries a refused connection on the other instance: the client gets 200', async () => {
    const { proxy, built, seen } = await start('aws-clb');
    await crash(built[0]!);
    expect(await gets(proxy.url, 2)).toEqual([200, 200]);
    // Round-robin sends one of the two to the crashed instance first; that one took two attempts.
    expect(seen.answers.map((a) => a.attempts).sort()).toEqual([1, 2]);
    expect(seen.answers.every((a) => a.instance === 1 && a.reason === null)).toBe(true);
    expect(seen.attempts.filter((a) => a.instance === 0)).toHaveLength(1);
  });

  it('nginx proxy_next_upstream: a reset GET goes to the next server; a reset POST is not resent', async () => {
    let { proxy, built, seen } = await start('nginx');
    built[0]!.apply('reset');
    expect(await gets(proxy.url, 2)).toEqual([200, 200]);
    expect(seen.answers.map((a) => a.attempts).sort()).toEqual([1, 2]);

    ({ proxy, built, seen } = await start('nginx'));
    for (const b of built) b.apply('reset');
    expect(await send(proxy.url, 'POST', '/order', 'x')).toBe(502);
    expect(seen.answers).toEqual([expect.objectContaining({ status: 502, reason: 'UpstreamReset', attempts: 1 })]);

    ({ proxy, built, seen } = await start('nginx'));
    for (const b of built) b.apply('reset');
    expect(await send(proxy.url, 'GET')).toBe(502);
    expect(seen.answers).toEqual([expect.objectContaining({ status: 502, reason: 'UpstreamReset', attempts: 2 })]);
  });

  it('HAProxy retries a refused connection on the same server after its turnaround, then answers 503', async () => {
    const { proxy, built, seen } = await start('haproxy');
    await Promise.all(built.map(crash));
    const startedAt = performance.now();
    // 503 SC after `retries 3` (lb-semantics.md §4.2; §7 saw it on 2.6.12 after 3.00 s).
    expect(await send(proxy.url, 'GET')).toBe(503);
    // Three turnarounds of min(timeout connect, 1 s) = 1 s scenario time each (§4.1, connect timeout 5 s).
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual((3 * HAPROXY_TURNAROUND_MS) / SPEED - 5);
    expect(seen.answers).toEqual([expect.objectContaining({ reason: 'ConnectRefused', attempts: 4 })]);
    expect(new Set(seen.attempts.map((a) => a.instance)).size).toBe(1);
  });

  it('Envoy retry_on 5xx: a backend 500 goes to the other instance instead of the client', async () => {
    const behaviour = { ...PROFILES.envoy.behaviour, retry5xx: true, maxRetries: 1 };
    const { proxy, built, seen } = await start('envoy', { behaviour });
    built[0]!.apply('errors', { probability: 1, status: 500 });
    expect(await gets(proxy.url, 2)).toEqual([200, 200]);
    expect(seen.answers.map((a) => a.attempts).sort()).toEqual([1, 2]);
  });

  it('without retry_on 5xx the 500 passes through, counted as the instance\'s answer', async () => {
    const { proxy, built, seen } = await start('envoy');
    built[0]!.apply('errors', { probability: 1, status: 500 });
    expect((await gets(proxy.url, 2)).sort()).toEqual([200, 500]);
    expect(seen.answers.find((a) => a.status === 500)).toMatchObject({ reason: null, instance: 0, attempts: 1 });
  });
});

describe('live proxy passive feedback', () => {
  it('nginx marks a crashed server down after one failure (max_fails 1), then lets one request try it after fail_timeout', async () => {
    const { proxy, built, seen } = await start('nginx');
    await crash(built[0]!);
    expect(await gets(proxy.url, 4)).toEqual([200, 200, 200, 200]);
    expect(seen.beliefs[0]).toEqual({ node: 'nginx', instance: 0, from: 'InService', to: 'OutOfService', reason: 'upstream server temporarily disabled', probes: 1 });
    const readmissions = () => seen.beliefs.filter((b) => b.reason === PASSIVE_REASON.probe).length;
    // Only a readmission after fail_timeout lets a request reach the crashed server again.
    expect(seen.attempts.filter((a) => a.instance === 0).length).toBeLessThanOrEqual(1 + readmissions());
    expect(proxy.nodes[0]!.slots[0]!.belief === 'OutOfService' || readmissions() > 0).toBe(true);
    // fail_timeout is 10 s scenario time (200 ms real), rounded up to nginx's whole seconds.
    await waitFor(() => readmissions() > 0, 1000);
    expect(seen.beliefs.find((b) => b.reason === PASSIVE_REASON.probe)).toMatchObject({ instance: 0, from: 'OutOfService', to: 'InService' });
  });

  it('Envoy outlier detection ejects a host after consecutive 5xx and routes around it', async () => {
    const outlier = { ...OUTLIER_DEFAULTS, consecutive5xx: 3, maxEjectionPercent: 50 };
    const { proxy, built, seen } = await start('envoy', { behaviour: { ...PROFILES.envoy.behaviour, outlier } });
    built[0]!.apply('errors', { probability: 1, status: 500 });
    const statuses = await gets(proxy.url, 10);
    expect(statuses.filter((s) => s === 500)).toHaveLength(3);
    expect(seen.beliefs).toEqual([
      { node: 'envoy', instance: 0, from: 'InService', to: 'OutOfService', reason: OUTLIER_REASON.ejected, probes: 1 },
    ]);
    expect(proxy.nodes[0]!.slots[0]!.ejected).toBe(true);
    expect(statuses.slice(6)).toEqual([200, 200, 200, 200]);
  });
});
