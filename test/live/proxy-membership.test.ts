// The live proxy's nodes and membership on loopback: one node per zone with cross-zone off (one zone
// down answers 503 to its own clients only), deregistration cutting or draining requests in flight,
// and rejoining as the model does (nginx at once, CLB after HealthyThreshold checks). Closed in afterEach.

import { describe, expect, it } from 'vitest';
import { HEALTH_REASON } from '../../src/model/health/health-state.js';
import { JOINED } from '../../src/model/run/run-observer.js';
import { get } from './live-helpers.js';
import { crash, send, proxyPerTest, waitFor } from './proxy-harness.js';

const start = proxyPerTest();

/** Checks every 5 s, 2 s timeout (100 ms and 40 ms real at speed 50). */
/**
 * CLB cuts a deregistered instance's requests in flight ("not completed", lb-semantics.md §1.3): the
 * instance closing the connection, which a Classic ELB answers 504 (§1.2, 504 cause 2).
 */
const CLB_CUT_STATUS = 504;
/** CLB's description for an instance out of the pool (§1.3), which lbsim gives under every profile. */
const NOT_REGISTERED_TEXT = 'Instance is not currently registered with the LoadBalancer.';
const FAST_CHECKS = { intervalMs: 5_000, timeoutMs: 2_000, unhealthyThreshold: 2, healthyThreshold: 2 };

describe('live proxy nodes', () => {
  it('cross-zone off: one zone all down → that node\'s clients get 503 NoHealthyInstances while the other node serves', async () => {
    const { proxy, built, seen } = await start('aws-clb', { crossZone: false }, FAST_CHECKS, { zones: ['us-east-1a', 'us-east-1b'] });
    expect(proxy.nodes.map((node) => node.name)).toEqual(['us-east-1a', 'us-east-1b']);
    await crash(built[1]!);
    await waitFor(() => seen.beliefs.some((b) => b.node === 'us-east-1b' && b.instance === 1 && b.to === 'OutOfService'), 3000);
    // Each node checks every instance on its own: both saw i-2 fail.
    await waitFor(() => seen.beliefs.some((b) => b.node === 'us-east-1a' && b.instance === 1), 3000);
    const statuses = await Promise.all(Array.from({ length: 20 }, () => send(proxy.url, 'GET')));
    expect(seen.answers).toHaveLength(20);
    const byNode = (node: string) => seen.answers.filter((a) => a.node === node);
    expect(byNode('us-east-1a').length).toBeGreaterThan(0);
    expect(byNode('us-east-1b').length).toBeGreaterThan(0);
    expect(byNode('us-east-1a').every((a) => a.status === 200 && a.instance === 0)).toBe(true);
    expect(byNode('us-east-1b').every((a) => a.status === 503 && a.reason === 'NoHealthyInstances' && a.instance === null && a.attempts === 0)).toBe(true);
    expect(statuses.filter((s) => s === 503)).toHaveLength(byNode('us-east-1b').length);
  });

  it('ALB fails open: with no healthy target it routes to all of them, and says so per attempt', async () => {
    const { proxy, built, seen } = await start('aws-alb', {}, FAST_CHECKS);
    await Promise.all(built.map(crash));
    await waitFor(() => proxy.nodes[0]!.slots.every((slot) => slot.belief === 'OutOfService'), 3000);
    expect(proxy.nodes[0]!.routable).toHaveLength(2);
    // ALB: a refused connection to the target is a 502 (lb-semantics.md §2.2, 502 item 1).
    expect(await send(proxy.url, 'GET')).toBe(502);
    expect(seen.answers).toEqual([expect.objectContaining({ reason: 'ConnectRefused', attempts: 1 })]);
    expect(seen.attempts).toEqual([expect.objectContaining({ routedUnhealthy: true })]);
  });
});

describe('live proxy membership', () => {
  it('deregistering without draining cuts the request in flight: UpstreamReset caused by the event', async () => {
    const { proxy, built, seen } = await start('aws-clb', { drainingEnabled: false }, {}, { zones: ['us-east-1a'] });
    built[0]!.apply('slow', { addMs: 20_000 }); // 400 ms real
    const startedAt = performance.now();
    const pending = get(proxy.url, '/', 3000);
    await waitFor(() => seen.attempts.length === 1, 1000);
    proxy.setRegistered(0, false, 7);
    expect(await pending).toMatchObject({ status: CLB_CUT_STATUS });
    expect(performance.now() - startedAt).toBeLessThan(350);
    expect(seen.answers).toEqual([expect.objectContaining({ reason: 'UpstreamReset', cause: 7, instance: 0, attempts: 1 })]);
    expect(seen.beliefs).toEqual([{ node: 'us-east-1a', instance: 0, from: 'InService', to: 'OutOfService', reason: NOT_REGISTERED_TEXT, probes: 0 }]);
    expect(proxy.inService(0)).toBe(false);
    expect(await get(proxy.url)).toMatchObject({ status: 503 });
    expect(seen.answers[1]).toMatchObject({ reason: 'NoRegisteredInstances', instance: null, attempts: 0 });
  });

  it('with draining a request may finish within the draining timeout; one that outlasts it is cut then', async () => {
    const draining = { drainingEnabled: true, drainingTimeoutMs: 10_000 }; // 200 ms real
    let { proxy, built, seen } = await start('aws-clb', draining, {}, { zones: ['us-east-1a'] });
    built[0]!.apply('slow', { addMs: 5_000 }); // 100 ms real
    let pending = get(proxy.url, '/', 3000);
    await waitFor(() => seen.attempts.length === 1, 1000);
    proxy.setRegistered(0, false, 3);
    expect(await pending).toMatchObject({ status: 200 });
    expect(seen.answers).toEqual([expect.objectContaining({ status: 200, reason: null })]);

    ({ proxy, built, seen } = await start('aws-clb', draining, {}, { zones: ['us-east-1a'] }));
    built[0]!.apply('slow', { addMs: 30_000 }); // 600 ms real
    pending = get(proxy.url, '/', 3000);
    await waitFor(() => seen.attempts.length === 1, 1000);
    const cutAt = performance.now();
    proxy.setRegistered(0, false, 3);
    expect(await pending).toMatchObject({ status: CLB_CUT_STATUS });
    expect(performance.now() - cutAt).toBeGreaterThanOrEqual(190);
    expect(performance.now() - cutAt).toBeLessThan(500);
    expect(seen.answers).toEqual([expect.objectContaining({ reason: 'UpstreamReset', cause: 3 })]);
  });

  it('nginx takes a registered server into service at once (JOINED); CLB waits for HealthyThreshold checks', async () => {
    let { proxy, seen } = await start('nginx');
    proxy.setRegistered(0, false, 1);
    proxy.setRegistered(0, false, 1); // already out: nothing happens
    proxy.setRegistered(0, true, 2);
    expect(proxy.inService(0)).toBe(true);
    expect(seen.beliefs.map((b) => [b.to, b.reason, b.probes])).toEqual([
      ['OutOfService', NOT_REGISTERED_TEXT, 0],
      ['InService', JOINED, 0],
    ]);

    ({ proxy, seen } = await start('aws-clb', {}, FAST_CHECKS));
    proxy.setRegistered(0, false, 1);
    proxy.setRegistered(0, true, 2);
    expect(proxy.inService(0)).toBe(false);
    expect(await Promise.all([get(proxy.url), get(proxy.url)])).toEqual([expect.objectContaining({ status: 200 }), expect.objectContaining({ status: 200 })]);
    expect(seen.answers.every((a) => a.instance === 1)).toBe(true);
    await waitFor(() => proxy.inService(0), 2000);
    expect(seen.beliefs.map((b) => [b.instance, b.to, b.reason, b.probes])).toEqual([
      [0, 'OutOfService', NOT_REGISTERED_TEXT, 0],
      [0, 'InService', HEALTH_REASON.InService, 2],
    ]);
  });
});
