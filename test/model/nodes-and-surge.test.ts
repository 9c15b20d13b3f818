// Load-balancer nodes per zone (each with its own checks and view, cross-zone on or off) and
// CLB's surge queue (capacity refusals wait, spill over at the limit): lb-semantics.md §1.1, §1.3.

import { describe, expect, it } from 'vitest';
import type { SimulationSetup } from '../../src/model/config.js';
import type { GatewayErrorEvent, SimEvent } from '../../src/model/run/events.js';
import { PROFILES } from '../../src/model/profiles.js';
import { simulate } from '../../src/simulate.js';
import { fault, instance, setup } from '../helpers/setup.js';

const ZONES = ['us-east-1a', 'us-east-1b'];

function twoZones(crossZone: boolean): SimulationSetup {
  const base = setup({
    durationMs: 240_000,
    instances: [
      instance('a-1', { zone: ZONES[0]! }),
      instance('a-2', { zone: ZONES[0]! }),
      instance('b-1', { zone: ZONES[1]! }),
      instance('b-2', { zone: ZONES[1]! }),
    ],
    events: [fault(0, 60_000, 'crash', ['b-1', 'b-2'])],
  });
  return { ...base, balancer: { ...base.balancer, nodes: ZONES, crossZone } };
}

function run(s: SimulationSetup): { result: ReturnType<typeof simulate>; events: SimEvent[] } {
  const events: SimEvent[] = [];
  const result = simulate(s, { sink: { emit: (event) => events.push(event) } });
  return { result, events };
}

describe('one node per zone', () => {
  it('each node checks every instance itself, so the nodes mark a dead instance at different moments', () => {
    const { result } = run(twoZones(false));
    const b1 = result.instances.find((i) => i.id === 'b-1')!;
    const marks = ZONES.map((node) => b1.transitions.find((t) => t.node === node && t.to === 'OutOfService')?.tMs);
    expect(marks.every((t) => t !== undefined && t > 60_000)).toBe(true);
    expect(marks[0]).not.toBe(marks[1]);
  });

  it('with cross-zone off, the clients that reach the dead zone\'s node get 503 NoHealthyInstances; the other zone serves', () => {
    const { result, events } = run(twoZones(false));
    const noHealthy = result.gatewayErrors.byReason.NoHealthyInstances;
    expect(noHealthy?.status).toBe(503);
    // About half the requests from detection (~1m30s at the latest) to the end reach node 1b.
    const after = events.filter((e): e is GatewayErrorEvent => e.type === 'gateway-error' && e.reason === 'NoHealthyInstances');
    const arrivalsAfter = 20 * (240 - 100);
    expect(after.length).toBeGreaterThan(arrivalsAfter * 0.4);
    expect(after.length).toBeLessThan(arrivalsAfter * 0.6);
    for (const id of ['a-1', 'a-2']) expect(result.instances.find((i) => i.id === id)!.gatewayErrors).toBe(0);
  });

  it('with cross-zone on, every node routes to the healthy zone and no one gets NoHealthyInstances', () => {
    const { result } = run(twoZones(true));
    expect(result.gatewayErrors.byReason.NoHealthyInstances).toBeUndefined();
  });

  it('spreads clients evenly over the nodes, deterministically', () => {
    const a = run(twoZones(false));
    const b = run(twoZones(false));
    expect(JSON.stringify(a.events)).toBe(JSON.stringify(b.events));
    const noFaults = { ...twoZones(false), events: [] };
    const { result } = run(noFaults);
    const perZone = ZONES.map((zone) => result.instances.filter((i) => i.zone === zone).reduce((sum, i) => sum + i.requests, 0));
    expect(Math.abs(perZone[0]! - perZone[1]!) / result.requests.total).toBeLessThan(0.05);
  });
});

/** One instance that serves 10 requests a second and takes no waiting connection. */
function saturated(rate: number, surgeQueueLength: number, more: Partial<SimulationSetup> = {}): SimulationSetup {
  const base = setup({
    durationMs: 120_000,
    instances: [instance('i-1', { concurrency: 1, backlog: 0, serviceTime: { distribution: 'constant', meanMs: 100 } })],
    traffic: { rate, arrival: 'constant', pattern: [], requests: [{ method: 'GET', path: '/', weight: 1 }], clients: null },
    ...more,
  });
  const behaviour = { ...PROFILES['aws-clb'].behaviour, surgeQueueLength };
  return { ...base, healthCheck: { ...base.healthCheck, protocol: 'TCP', target: 'TCP:80', path: '' }, balancer: { ...base.balancer, behaviour } };
}

describe('CLB surge queue', () => {
  it('holds requests refused for capacity and sends them when a worker frees up: a burst is late, not lost', () => {
    const burst = saturated(15, 1024, { traffic: { rate: 15, arrival: 'constant', pattern: [{ atMs: 20_000, rate: 1 }], requests: [{ method: 'GET', path: '/', weight: 1 }], clients: null } });
    const { result } = run(burst);
    expect(result.gatewayErrors.total).toBe(0);
    expect(result.latency.maxMs).toBeGreaterThan(5_000);
  });

  it('spills over with 503 SurgeQueueFull once the queue holds its limit', () => {
    const { result } = run(saturated(30, 100));
    expect(result.gatewayErrors.byReason.SurgeQueueFull?.status).toBe(503);
    expect(result.gatewayErrors.byReason.SurgeQueueFull!.count).toBeGreaterThan(500);
  });

  it('answers 504 to a request that waits out the idle timeout in the queue, blaming the instance at capacity', () => {
    const { events } = run(saturated(20, 1024));
    const timeouts = events.filter((e): e is GatewayErrorEvent => e.type === 'gateway-error' && e.reason === 'ResponseTimeout');
    expect(timeouts.length).toBeGreaterThan(0);
    expect(timeouts.every((e) => e.instance === 'i-1' && e.status === 504)).toBe(true);
  });

  it('without a surge queue the same overload is refused at once: ConnectRefused', () => {
    const { result } = run(saturated(30, 0));
    expect(result.gatewayErrors.byReason.ConnectRefused?.count ?? 0).toBeGreaterThan(1000);
    expect(result.gatewayErrors.byReason.SurgeQueueFull).toBeUndefined();
  });

  it('does not queue refusals from a crashed instance: that is not capacity', () => {
    const { result } = run(saturated(5, 1024, { events: [fault(0, 10_000, 'crash', ['i-1'])] }));
    expect(result.gatewayErrors.byReason.ConnectRefused?.count ?? 0).toBeGreaterThan(0);
  });
});
